// How a webhook request leaves: a runtime-provided `WebhookTransport` (Node: undici with the
// resolved address checked and pinned; Workers: fetch) wrapped by `sendGuarded`, which refuses
// literal refused addresses and follows at most 3 redirects, each hop checked the same way.
import { isIpLiteral, isRefusedAddress, type AddressPolicy } from './address-policy';

export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}
export interface TransportResponse {
  status: number;
  location: string | null;
}
/** Sends one POST without following redirects; throws RefusedDestination or a network error. */
export type WebhookTransport = (req: TransportRequest) => Promise<TransportResponse>;

export class RefusedDestination extends Error {
  constructor(readonly target: string) {
    super(`destination refused by the SSRF guard: ${target}`);
  }
}

const MAX_REDIRECTS = 3;

/** Literal-address check of a URL (names are checked by the transport after resolution). */
export function checkUrl(url: string, policy: AddressPolicy): URL {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RefusedDestination(`${u.protocol} scheme`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIpLiteral(host) && isRefusedAddress(host, policy)) throw new RefusedDestination(host);
  if (!isIpLiteral(host) && /^(localhost|.*\.localhost)$/i.test(host) && !policy.allowPrivate) throw new RefusedDestination(host);
  return u;
}

export async function sendGuarded(transport: WebhookTransport, policy: AddressPolicy, req: TransportRequest): Promise<TransportResponse> {
  let url = req.url;
  for (let hop = 0; ; hop++) {
    checkUrl(url, policy);
    const res = await transport({ ...req, url });
    if (res.status < 300 || res.status >= 400 || !res.location) return res;
    if (hop >= MAX_REDIRECTS) return res;
    url = new URL(res.location, url).toString();
  }
}

/** fetch-based transport (Workers, and Node without pinning): names cannot be pre-resolved here. */
export function fetchTransport(fetchImpl: typeof fetch = fetch): WebhookTransport {
  return async (req) => {
    const res = await fetchImpl(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(req.timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, location: res.headers.get('location') };
  };
}
