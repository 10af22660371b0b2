// serveTemplate(): a minimal stand-in for the runner so real clients (curl, nmap, redis-cli, mysql,
// swaks, lftp) can reach a template: node:net on 127.0.0.1:0, TLS when `template.tls`, one
// fakeContext per connection (with the FTP data-channel capabilities).
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Persona } from '../persona/types';
import type { SessionHandle, SessionLimits, Template } from '../template';
import { connectData, openDataListener } from './data-channel';
import { fakeContext, TEST_LIMITS, type FakeContext, type RecordedEvent } from './fake-context';
import { selfSignedCert } from './tls-cert';

export interface ServeOptions {
  /** Raw `[decky.service]` keys; validated with the template's configSchema. */
  config?: Record<string, unknown>;
  persona?: Persona;
  limits?: Partial<SessionLimits>;
}

export interface Served<C> {
  port: number;
  contexts: FakeContext<C>[];
  events(): RecordedEvent[];
  close(): Promise<void>;
}

export async function serveTemplate<C>(template: Template<C>, options: ServeOptions = {}): Promise<Served<C>> {
  const config = template.configSchema.parse(options.config ?? {});
  const limits = { ...TEST_LIMITS, ...options.limits };
  const contexts: FakeContext<C>[] = [];
  const sockets = new Set<Socket>();
  const handles = new Set<SessionHandle>();

  const onSocket = (socket: Socket): void => {
    sockets.add(socket);
    const src = { ip: (socket.remoteAddress ?? '').replace(/^::ffff:/, ''), port: socket.remotePort ?? 0 };
    const dst = { ip: (socket.localAddress ?? '').replace(/^::ffff:/, ''), port: socket.localPort ?? 0 };
    const ctx = Object.assign(
      fakeContext<C>({ service: template.name, config, src, dst, limits, ...(options.persona ? { persona: options.persona } : {}) }),
      {
        openDataListener: () => openDataListener(dst.ip, src.ip),
        connectData: (port: number) => connectData(src.ip, port),
      },
    );
    contexts.push(ctx);
    socket.on('error', () => socket.destroy());
    let handle: SessionHandle | void = undefined;
    socket.setTimeout(limits.idleTimeoutMs, () => {
      ctx.emit('session_timeout', { idle_ms: limits.idleTimeoutMs });
      if (handle?.close) handle.close('idle');
      socket.destroy();
    });
    // Like the runner: connect/disconnect are logged around the template's session.
    const startedAt = Date.now();
    ctx.emit('connect', { dst_port: dst.port });
    socket.on('close', () => {
      sockets.delete(socket);
      if (handle) handles.delete(handle);
      ctx.emit('disconnect', { duration_ms: Date.now() - startedAt, bytes_in: socket.bytesRead, bytes_out: socket.bytesWritten, reason: 'closed' });
    });
    try {
      handle = template.createSession(socket, ctx);
      if (handle) handles.add(handle);
    } catch (e) {
      ctx.emit('error', { error: String(e).slice(0, 200) });
      socket.destroy();
    }
  };

  let server: Server;
  if (template.tls) {
    const { key, cert } = selfSignedCert();
    server = createTlsServer({ key, cert }, onSocket);
    server.on('tlsClientError', () => undefined);
  } else {
    server = createTcpServer(onSocket);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    contexts,
    events: () => contexts.flatMap((c) => c.events),
    close: async () => {
      for (const h of handles) h.close?.('shutdown');
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
