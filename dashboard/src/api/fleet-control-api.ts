// Fleet control (issue 19): worker health per host, commands to an agent (restart/stop/start a
// worker, rotate a decky now) and their state, fleet and per-host settings, sites.
import type { FleetCommandRequest, FleetCommandView, FleetSettings, Host, HostSettingsUpdate, HostWorkers } from '@decnet/protocol';
import type { ApiClient } from './client';

export type { FleetCommandView, HostWorkers };

export const fleetControlApi = (c: ApiClient) => ({
  workers: (q: { site?: string; host?: string } = {}) => c.request<{ items: HostWorkers[] }>('GET', '/fleet/workers', { query: q }),
  sites: () => c.request<{ items: string[] }>('GET', '/fleet/sites'),
  command: (hostId: string, body: FleetCommandRequest) => c.request<FleetCommandView>('POST', `/hosts/${encodeURIComponent(hostId)}/commands`, { body }),
  commands: (q: { hostId?: string; limit?: number } = {}) => c.request<{ items: FleetCommandView[] }>('GET', '/fleet/commands', { query: q }),
  settings: () => c.request<FleetSettings>('GET', '/fleet/settings'),
  setSettings: (s: FleetSettings) => c.request<FleetSettings>('PUT', '/fleet/settings', { body: s }),
  hostSettings: (id: string, u: HostSettingsUpdate) => c.request<Host>('PATCH', `/hosts/${encodeURIComponent(id)}/settings`, { body: u }),
});
