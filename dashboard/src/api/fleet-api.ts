// Hosts, deckies, deployment and the archetype/service catalogue.
import type { ApiClient } from './client';
import type { Catalogue, Decky, DeckyList, DeployResult, EnrollmentToken, Host, HostList, ServiceConfig } from './types';

export interface DeckyCreate {
  name: string;
  archetype?: string;
  services?: string[];
  serviceConfig?: ServiceConfig;
  nmapOs?: string;
  mutateIntervalMin?: number;
  ip?: string;
  hostId?: string;
}

export interface DeckyPatch {
  services?: string[];
  serviceConfig?: ServiceConfig;
  mutateIntervalMin?: number | null;
  nmapOs?: string;
  hostId?: string;
}

export const fleetApi = (c: ApiClient) => ({
  hosts: () => c.request<HostList>('GET', '/hosts'),
  enrollmentToken: (hostName: string, ttlMinutes?: number, site?: string) =>
    c.request<EnrollmentToken>('POST', '/hosts/enrollment-tokens', { body: { hostName, ...(ttlMinutes ? { ttlMinutes } : {}), ...(site ? { site } : {}) } }),
  renameHost: (id: string, name: string) => c.request<Host>('PATCH', `/hosts/${encodeURIComponent(id)}`, { body: { name } }),
  setHostProber: (id: string, enabled: boolean | null) => c.request<Host>('PUT', `/hosts/${encodeURIComponent(id)}/prober`, { body: { enabled } }),
  decommission: (id: string) => c.request<Host>('POST', `/hosts/${encodeURIComponent(id)}/decommission`),
  deckies: (hostId?: string) => c.request<DeckyList>('GET', '/deckies', { query: { hostId } }),
  createDecky: (body: DeckyCreate) => c.request<Decky>('POST', '/deckies', { body }),
  updateDecky: (name: string, body: DeckyPatch) => c.request<Decky>('PATCH', `/deckies/${encodeURIComponent(name)}`, { body }),
  removeDecky: (name: string) => c.request<void>('DELETE', `/deckies/${encodeURIComponent(name)}`),
  deployIni: (iniContent: string, hostId?: string, replaceFleet?: boolean) =>
    c.request<DeployResult>('POST', '/deckies/deploy', { body: { iniContent, ...(hostId ? { hostId } : {}), ...(replaceFleet ? { replaceFleet } : {}) } }),
  catalogue: (hostId?: string) => c.request<Catalogue>('GET', '/catalogue', { query: { hostId } }),
});
