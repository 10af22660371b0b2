// Canary tokens: create, list, plant/unplant, revoke, triggers and the generated file, bound to the
// app's session-aware client. Shapes are protocol's (types only).
import type { CanaryCreate, CanaryGeneratorInfoList, CanaryPlacement, CanaryPlant, CanaryToken, CanaryTrigger } from '@decnet/protocol';
import { api } from '../auth/session';
import type { ApiClient } from './client';

export type { CanaryGenerator, CanaryGeneratorInfoList, CanaryPlacement, CanaryToken, CanaryTrigger } from '@decnet/protocol';

const enc = encodeURIComponent;

export const canaryApi = (c: ApiClient) => ({
  generators: () => c.request<CanaryGeneratorInfoList>('GET', '/canaries/generators'),
  list: () => c.request<{ items: CanaryToken[] }>('GET', '/canaries'),
  get: (id: string) => c.request<CanaryToken>('GET', `/canaries/${enc(id)}`),
  create: (body: Partial<CanaryCreate> & Pick<CanaryCreate, 'generator'>) => c.request<CanaryToken>('POST', '/canaries', { body }),
  revoke: (id: string) => c.request<CanaryToken>('DELETE', `/canaries/${enc(id)}`),
  triggers: (id: string) => c.request<{ items: CanaryTrigger[] }>('GET', `/canaries/${enc(id)}/triggers`),
  plant: (id: string, body: CanaryPlant) => c.request<CanaryPlacement>('POST', `/canaries/${enc(id)}/placements`, { body }),
  unplant: (id: string, placementId: string) => c.request<void>('DELETE', `/canaries/${enc(id)}/placements/${enc(placementId)}`),
  file: (id: string) => c.download(`/canaries/${enc(id)}/file`),
});

export const Canaries = canaryApi(api);
