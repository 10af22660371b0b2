// vitest globalSetup of the workerd project: a real node:http webhook receiver on 127.0.0.1 that
// the Worker reaches with its own fetch (Miniflare's egress allows private addresses). The tests in
// workerd cannot listen, so the receiver is scripted by path and read back over HTTP:
//   POST /s/<key>/<codes>  answers the n-th request on that path with codes[n] (the last repeats)
//   POST /r/<key>?to=<url> answers 307 to <url>
//   GET  /__received?prefix=/s/x  the recorded requests (path, headers, body) as JSON, not recorded
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
export interface WebhookReceiverInfo {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** A port nothing listens on (connection refused). */
  closedPort: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    webhookReceiver: WebhookReceiverInfo;
  }
}

const BODY_MAX = 1 << 20;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const received: ReceivedRequest[] = [];
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= BODY_MAX) chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      if (url.pathname === '/__received') {
        const prefix = url.searchParams.get('prefix') ?? '/';
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received.filter((r) => r.path.startsWith(prefix))));
        return;
      }
      const path = url.pathname + url.search;
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const n = seen.get(path) ?? 0;
      seen.set(path, n + 1);
      const [, kind, , codes] = url.pathname.split('/');
      if (kind === 'r') {
        res.writeHead(307, { location: url.searchParams.get('to') ?? '/' }).end();
        return;
      }
      const list = kind === 's' && codes ? codes.split(',').map(Number) : [200];
      res.writeHead(list[Math.min(n, list.length - 1)] || 200).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  project.provide('webhookReceiver', { origin: `http://127.0.0.1:${port}`, closedPort: await freePort() });
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  };
}
