// Events, statistics, attackers, sessions, credentials and the live-stream ticket.
import type { ApiClient, Query } from './client';
import type {
  AttackerDetail, AttackerPage, CredentialPage, CredentialReuseList, EventPage, Histogram, SessionPage, Stats, StreamTicket,
} from './types';

export interface EventFilters {
  from?: string;
  to?: string;
  decky?: string;
  service?: string;
  eventType?: string;
  srcIp?: string;
  q?: string;
  /** Site label / host id (issue 19). */
  site?: string;
  host?: string;
}

export type AttackerSort = 'lastSeen' | 'firstSeen' | 'events' | 'ip';
export type ExportFormat = 'json' | 'csv';

export const intelApi = (c: ApiClient) => ({
  events: (f: EventFilters & { limit?: number; cursor?: string }) => c.request<EventPage>('GET', '/events', { query: { ...f } }),
  histogram: (f: EventFilters & { intervalS: number }) => c.request<Histogram>('GET', '/events/histogram', { query: { ...f } }),
  stats: (from?: string, to?: string, scope: { site?: string; host?: string } = {}) => c.request<Stats>('GET', '/stats', { query: { from, to, ...scope } }),
  attackers: (q: { q?: string; sort?: AttackerSort; order?: 'asc' | 'desc'; limit?: number; offset?: number; technique?: string; site?: string; host?: string }) =>
    c.request<AttackerPage>('GET', '/attackers', { query: q }),
  attacker: (id: string) => c.request<AttackerDetail>('GET', `/attackers/${encodeURIComponent(id)}`),
  exportAttacker: (id: string, format: ExportFormat) => c.download(`/attackers/${encodeURIComponent(id)}/export`, { format }),
  exportAttackers: (format: ExportFormat) => c.download('/attackers/export', { format }),
  sessions: (q: { attackerId?: string; decky?: string; service?: string; limit?: number; offset?: number }) =>
    c.request<SessionPage>('GET', '/sessions', { query: q as Query }),
  /** The session's asciinema v2 cast (404 when the sensor recorded none). */
  sessionRecording: (id: string) => c.download(`/sessions/${encodeURIComponent(id)}/recording`),
  sessionTranscript: (id: string) => c.download(`/sessions/${encodeURIComponent(id)}/transcript`, { download: 1 }),
  credentials: (q: { q?: string; kind?: string; limit?: number; offset?: number; site?: string; host?: string }) =>
    c.request<CredentialPage>('GET', '/credentials', { query: q }),
  credentialReuse: () => c.request<CredentialReuseList>('GET', '/credentials/reuse'),
  streamTicket: () => c.request<StreamTicket>('POST', '/stream/ticket'),
});
