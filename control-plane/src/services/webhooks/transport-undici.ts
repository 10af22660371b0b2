// Node transport: undici with a connect-time lookup that resolves the name (injected resolver; the
// Node entry passes dns.lookup), refuses it when any address is refused, and connects to the checked
// address itself, so a second resolution cannot rebind to a private one. Host and SNI are unchanged.
import { Agent, request } from 'undici';
import { isRefusedAddress, type AddressPolicy } from './address-policy';
import { RefusedDestination, type WebhookTransport } from './transport';

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

type LookupCb = (err: Error | null, address: string | ResolvedAddress[], family?: number) => void;

export function pinnedLookup(resolve: Resolver, policy: AddressPolicy) {
  return (hostname: string, options: { all?: boolean }, cb: LookupCb): void => {
    resolve(hostname).then(
      (addrs) => {
        const refused = addrs.find((a) => isRefusedAddress(a.address, policy));
        if (addrs.length === 0) return cb(new Error(`no address for ${hostname}`), '');
        if (refused) return cb(new RefusedDestination(`${hostname} -> ${refused.address}`), '');
        if (options.all) cb(null, addrs);
        else cb(null, addrs[0]!.address, addrs[0]!.family);
      },
      (e: Error) => cb(e, ''),
    );
  };
}

export function undiciTransport(resolve: Resolver, policy: AddressPolicy, connections = 16): WebhookTransport & { close(): Promise<void> } {
  const agent = new Agent({ connections, connect: { lookup: pinnedLookup(resolve, policy) as never, timeout: 10_000 } });
  const send: WebhookTransport = async (req) => {
    try {
      const res = await request(req.url, { dispatcher: agent, method: 'POST', headers: req.headers, body: req.body, headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs });
      await res.body.dump();
      const loc = res.headers.location;
      return { status: res.statusCode, location: typeof loc === 'string' ? loc : null };
    } catch (e) {
      // undici wraps connect errors; surface the guard's refusal as itself.
      let cause: unknown = e;
      for (let i = 0; i < 4 && cause; i++) {
        if (cause instanceof RefusedDestination) throw cause;
        cause = (cause as { cause?: unknown }).cause;
      }
      throw e;
    }
  };
  return Object.assign(send, { close: () => agent.close() });
}
