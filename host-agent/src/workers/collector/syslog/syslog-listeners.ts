// Syslog receivers so other honeypots can feed the pipeline: UDP (RFC 5426, one message per
// datagram), TCP (RFC 6587) and TLS (RFC 5425). Each connection has a bounded decoder, an idle
// timeout and back-pressure (paused while its lines are being stored); a peer that breaks framing
// loses its own connection only. Connections are capped.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import type { CollectorCounters } from '../counters';
import { FrameError, SyslogFrameDecoder } from './frame-decoder';

export interface SyslogTlsOptions {
  cert: string;
  key: string;
  /** CA bundle for client certificates; with requestCert, only peers it signed may connect. */
  ca?: string;
  requestCert?: boolean;
}

export interface SyslogListenOptions {
  host: string;
  /** 0 picks a free port; undefined leaves that transport off. */
  udpPort?: number;
  tcpPort?: number;
  tlsPort?: number;
  tls?: SyslogTlsOptions;
  maxConnections?: number;
  maxFrameBytes?: number;
  idleTimeoutMs?: number;
}

export interface SyslogPeer {
  transport: 'udp' | 'tcp' | 'tls';
  address: string;
  port: number;
}

/** Resolves when the lines are stored (TCP/TLS wait for it before reading on). */
export type SyslogHandler = (lines: string[], peer: SyslogPeer) => Promise<void> | void;

export class SyslogListeners {
  readonly ports: { udp?: number; tcp?: number; tls?: number } = {};
  private udp: UdpSocket | undefined;
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly o: SyslogListenOptions,
    private readonly handler: SyslogHandler,
    private readonly counters: CollectorCounters,
  ) {}

  static async start(o: SyslogListenOptions, handler: SyslogHandler, counters: CollectorCounters): Promise<SyslogListeners> {
    const l = new SyslogListeners(o, handler, counters);
    try {
      if (o.udpPort !== undefined) l.ports.udp = await l.startUdp(o.udpPort);
      if (o.tcpPort !== undefined) l.ports.tcp = await l.listen(createServer(), 'tcp', o.tcpPort);
      if (o.tlsPort !== undefined) {
        if (!o.tls) throw new Error('syslog over TLS needs a certificate and key');
        const t = o.tls;
        const opts: TlsOptions = { cert: t.cert, key: t.key, handshakeTimeout: 10_000, minVersion: 'TLSv1.2', ...(t.ca && { ca: t.ca }), requestCert: Boolean(t.requestCert), rejectUnauthorized: Boolean(t.requestCert) };
        l.ports.tls = await l.listen(createTlsServer(opts), 'tls', o.tlsPort);
      }
    } catch (e) {
      await l.close();
      throw e;
    }
    return l;
  }

  private startUdp(port: number): Promise<number> {
    const sock = createSocket({ type: isIPv6(this.o.host) ? 'udp6' : 'udp4' });
    this.udp = sock;
    sock.on('message', (msg, rinfo) => {
      // RFC 5426 §3.1: one message per datagram; tolerate senders that end it with LF.
      const lines = msg.toString('utf8').split('\n').map((s) => s.replace(/\r$/, '')).filter(Boolean);
      if (lines.length) void Promise.resolve(this.handler(lines, { transport: 'udp', address: rinfo.address, port: rinfo.port })).catch(() => {});
    });
    return new Promise((ok, fail) => {
      sock.once('error', fail);
      sock.bind(port, this.o.host, () => {
        sock.off('error', fail);
        sock.on('error', () => {}); // a bad datagram never takes the receiver down
        ok(sock.address().port);
      });
    });
  }

  private listen(server: Server, transport: 'tcp' | 'tls', port: number): Promise<number> {
    this.servers.push(server);
    server.on(transport === 'tls' ? 'secureConnection' : 'connection', (s: Socket) => this.accept(s, transport));
    server.on('tlsClientError', () => this.counters.syslogFrameErrors++);
    server.on('error', () => {});
    return new Promise((ok, fail) => {
      server.once('error', fail);
      server.listen(port, this.o.host, () => {
        server.off('error', fail);
        ok((server.address() as { port: number }).port);
      });
    });
  }

  private accept(s: Socket, transport: 'tcp' | 'tls'): void {
    if (this.sockets.size >= (this.o.maxConnections ?? 256)) {
      this.counters.syslogRefused++;
      s.destroy();
      return;
    }
    this.counters.syslogConnections++;
    this.sockets.add(s);
    const peer: SyslogPeer = { transport, address: s.remoteAddress ?? '?', port: s.remotePort ?? 0 };
    const decoder = new SyslogFrameDecoder(this.o.maxFrameBytes ?? 64 * 1024);
    s.setTimeout(this.o.idleTimeoutMs ?? 300_000, () => s.destroy());
    s.on('error', () => {});
    s.on('close', () => this.sockets.delete(s));
    s.on('data', (chunk: Buffer) => {
      let lines: string[];
      try {
        lines = decoder.push(chunk);
      } catch (e) {
        if (!(e instanceof FrameError)) throw e;
        this.counters.syslogFrameErrors++;
        s.destroy();
        return;
      }
      if (lines.length === 0) return;
      const r = this.handler(lines, peer);
      if (r instanceof Promise) {
        s.pause();
        r.catch(() => {}).finally(() => s.resume());
      }
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all(this.servers.map((srv) => new Promise<void>((ok) => srv.close(() => ok()))));
    this.servers.length = 0;
    const udp = this.udp;
    this.udp = undefined;
    if (udp) {
      await new Promise<void>((ok) => {
        try {
          udp.close(() => ok());
        } catch {
          ok(); // never bound
        }
      });
    }
  }
}
