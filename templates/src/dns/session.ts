// One DNS-over-TCP connection (53/tcp, RFC 7766): length-prefixed queries answered in order, several
// per connection, no size bound but the 64 KiB frame; named's tcp-idle-timeout (30 s) closes idle
// connections, an oversized frame or too many queries end this connection only.
import type { Duplex } from 'node:stream';
import { serialPump } from '../_io/frame-pump';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { DnsConfig } from './config';
import { TcpFramer, type TcpFrame } from './parser';
import { dnsRuntime, serveQuery } from './serve-query';

/** named's default tcp-idle-timeout (300 x 100 ms). */
export const TCP_IDLE_MS = 30_000;
/** Queries one connection may send before it is closed (named has no limit; ours bounds CPU). */
export const MAX_QUERIES_PER_CONNECTION = 1000;
/** Largest query frame (RFC 1035 §4.2.2 allows 65535; a query is tiny, UPDATE rarely past a few KiB). */
export const MAX_TCP_QUERY_BYTES = 16_384;

export function createDnsSession(stream: Duplex, ctx: TemplateContext<DnsConfig>): SessionHandle {
  const rt = dnsRuntime(ctx.persona, ctx.config);
  const framer = new TcpFramer(Math.min(MAX_TCP_QUERY_BYTES, Math.max(512, ctx.limits.maxLineBytes)));
  let queries = 0;
  let idle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => io.end(), TCP_IDLE_MS);
    idle.unref?.();
  };
  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      arm();
      framer.push(chunk);
      void pump();
    },
    onClose() {
      clearTimeout(idle);
    },
  });
  arm();
  const pump = serialPump(io, () => framer.next(), async (f: TcpFrame) => {
    if (f.kind === 'too_large') {
      io.oversized('dns_tcp_message', f.size, MAX_TCP_QUERY_BYTES);
      return io.destroy('oversized');
    }
    if (++queries > MAX_QUERIES_PER_CONNECTION) return io.end();
    const r = serveQuery(f.bytes, 'tcp', ctx.src.ip, rt, ctx.emit, () => 65535, ctx.now().getTime());
    if (!r.bytes) {
      // No DNS header (or an unsolicited response): named drops the connection.
      if (r.outcome.events.some((e) => e.fields['error'] === 'truncated_header')) io.destroy('malformed');
      return;
    }
    const len = Buffer.alloc(2);
    len.writeUInt16BE(r.bytes.length);
    io.write(Buffer.concat([len, r.bytes]));
    await Promise.resolve();
  });
  return { close: (reason) => io.destroy(reason) };
}
