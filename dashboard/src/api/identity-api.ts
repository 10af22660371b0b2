// Identities (addresses clustered as one actor) and campaigns: list, detail, observations, and the
// admin's merge/split, bound to the app's session-aware client.
import type { CampaignDetail, CampaignPage, GeoBreakdown, IdentityChangeResult, IdentityDetail, IdentityObservations, IdentityPage } from '@decnet/protocol';
import { api } from '../auth/session';
import type { ApiClient } from './client';

export type { CampaignDetail, CampaignPage, CampaignSummary, IdentityDetail, IdentityObservations, IdentityPage, IdentitySummary } from '@decnet/protocol';

const enc = encodeURIComponent;

export const identityApi = (c: ApiClient) => ({
  identities: (q: { limit?: number; offset?: number; attackerId?: string; ip?: string; campaignId?: string }) => c.request<IdentityPage>('GET', '/identities', { query: q }),
  identity: (id: string) => c.request<IdentityDetail>('GET', `/identities/${enc(id)}`),
  observations: (id: string) => c.request<IdentityObservations>('GET', `/identities/${enc(id)}/observations`),
  merge: (id: string, body: { from?: string; attackerId?: string }) => c.request<IdentityChangeResult>('POST', `/identities/${enc(id)}/merge`, { body }),
  split: (id: string, attackerId: string) => c.request<IdentityChangeResult>('DELETE', `/identities/${enc(id)}/members/${enc(attackerId)}`),
  breakdown: () => c.request<GeoBreakdown>('GET', '/identities/breakdown'),
  campaigns: (q: { limit?: number; offset?: number }) => c.request<CampaignPage>('GET', '/campaigns', { query: q }),
  campaign: (id: string) => c.request<CampaignDetail>('GET', `/campaigns/${enc(id)}`),
});

export const Identities = identityApi(api);
