// Node's network listeners for the control plane: the HTTP API and the agents' mutual-TLS API (with
// the security headers set on every raw response), the built dashboard's static files, and the UDP
// listener of DNS canary tokens.
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { relative, resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { AppDeps } from '../deps';
import { answerDns } from '../services/canaries/dns';

/**
 * Per connection: an agent sends its requests on kept-alive sockets, and reading the peer
 * certificate (an X.509 object built in C++ on each call) was among the event loop's largest costs
 * under a fleet of 1,000 agents (3.4 %; 1 % once cached). A connection's certificate cannot change:
 * the mTLS listener refuses renegotiation (listen below) and TLS 1.3 has none.
 */
const fingerprints = new WeakMap<TLSSocket, string | null>();

/** Fingerprint of the client certificate this TLS socket verified against our CA, else null. */
export function verifiedClientCert(incoming: IncomingMessage | undefined): string | null {
  const sock = incoming?.socket as TLSSocket | undefined;
  if (!sock?.encrypted || !sock.authorized) return null;
  let fp = fingerprints.get(sock);
  if (fp === undefined) {
    const raw = sock.getPeerCertificate()?.fingerprint256;
    fp = raw ? raw.replace(/:/g, '').toLowerCase() : null;
    fingerprints.set(sock, fp);
  }
  return fp;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** `headers` go on every raw response before the app answers (the app's own headers take precedence). */
export function listen(app: { fetch: (r: Request, env: never) => Response | Promise<Response> }, port: number, host: string, headers: [string, string][], tls?: object): Promise<ServerType> {
  const withHeaders = (listener: Listener): Listener => (req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    listener(req, res);
  };
  const createServer = (options: object, listener: Listener) => (tls ? createHttpsServer(options, withHeaders(listener)) : createHttpServer(options, withHeaders(listener)));
  return new Promise((ok, fail) => {
    const s = serve({ fetch: app.fetch as never, port, hostname: host, createServer: createServer as never, serverOptions: tls ?? {} }, () => ok(s));
    // A TLS 1.2 client may not renegotiate (and so swap its certificate on a verified connection).
    if (tls) s.on('secureConnection', (sock: TLSSocket) => sock.disableRenegotiation());
    s.once('error', fail);
  });
}

export const portOf = (s: ServerType, fallback: number) => {
  const a = s.address();
  return typeof a === 'object' && a ? a.port : fallback;
};

/** The built dashboard: hashed assets cached for a year, every other path falls back to index.html. */
export function dashboardHandlers(dir: string): AppDeps['dashboard'] {
  if (!existsSync(resolve(dir, 'index.html'))) return undefined;
  const root = relative(process.cwd(), dir) || '.';
  return [
    serveStatic({
      root,
      onFound: (path, c) => {
        c.header('cache-control', /\/assets\//.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
    serveStatic({ root, rewriteRequestPath: () => '/index.html', onFound: (_p, c) => void c.header('cache-control', 'no-cache') }),
  ];
}

/** DNS canary tokens: UDP on DECNET_CANARY_DNS_PORT (default 53) answering A with DECNET_CANARY_DNS_ANSWER_IP. */
export async function startCanaryDns(deps: AppDeps, zone: string, env: Record<string, string | undefined>) {
  const sock = createSocket({ type: 'udp4', reuseAddr: true });
  const answerIp = env.DECNET_CANARY_DNS_ANSWER_IP ?? '127.0.0.1';
  sock.on('message', (msg, rinfo) => {
    answerDns(deps, zone, answerIp, msg, rinfo.address)
      .then((out) => out && sock.send(out, rinfo.port, rinfo.address))
      .catch((e) => deps.logger.warn('canary dns query failed', { error: String(e) }));
  });
  await new Promise<void>((ok, fail) => sock.once('error', fail).bind(Number(env.DECNET_CANARY_DNS_PORT ?? 53), env.DECNET_CANARY_DNS_HOST ?? env.DECNET_HOST ?? '0.0.0.0', () => ok()));
  return sock;
}
