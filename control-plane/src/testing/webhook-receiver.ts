// A real node:http webhook receiver for tests and the bench: records every request (headers, raw
// body), answers with a status chosen per request, can stop listening ("down") and come back.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
  atMs: number;
}
export type Responder = (r: Received) => number | { status: number; location: string };

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  respond: Responder;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(respond: Responder = () => 200, port = 0): Promise<Receiver> {
  let server: Server;
  const r: Receiver = {
    url: '',
    port: 0,
    received: [],
    respond,
    async down() {
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
    async up() {
      server = make();
      await new Promise<void>((res) => server.listen(r.port, '127.0.0.1', res));
    },
    close: () => r.down(),
  };
  const make = () =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rec = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '/', atMs: Date.now() };
        r.received.push(rec);
        const out = r.respond(rec);
        if (typeof out === 'number') res.writeHead(out).end();
        else res.writeHead(out.status, { location: out.location }).end();
      });
    });
  server = make();
  await new Promise<void>((res) => server.listen(port, '127.0.0.1', res));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}/hook`;
  return r;
}
