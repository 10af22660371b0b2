// Realism self-test (issue 17): ask a decky's host agent to test its disguise (admin, 202 with the
// request id) and read the decky's latest report with the request still open, if any.
import type { RealismReport } from '@decnet/protocol';
import type { ApiClient } from './client';

export type { RealismReport };
/** GET /deckies/{name}/realism (protocol's RealismReportSchema inside). */
export interface RealismAnswer {
  report: RealismReport | null;
  pendingRequestId: string | null;
}

export const realismApi = (c: ApiClient) => ({
  selftest: (name: string) => c.request<{ requestId: string }>('POST', `/deckies/${encodeURIComponent(name)}/selftest`, { body: {} }),
  latest: (name: string) => c.request<RealismAnswer>('GET', `/deckies/${encodeURIComponent(name)}/realism`),
});
