// One SIP-over-TCP connection (RFC 3261 §18.3): messages framed by Content-Length, answered in
// order, CRLF keep-alives ponged (RFC 5626 §4.4.1); oversized headers or bodies end this
// connection only; Asterisk's tcp idle timeout closes a silent peer.
import type { Duplex } from 'node:stream';
import { serialPump } from '../_io/frame-pump';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { SipConfig } from './config';
import { handleSip } from './handler';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, parseDatagram, SipTcpFramer, type TcpFrame } from './parser';
import { sipRuntime } from './runtime';

/** res_pjsip transport idle timeout for a connection that never sent a request is 32 s; we use it for any silence. */
export const TCP_IDLE_MS = 32_000;
export const MAX_MESSAGES_PER_CONNECTION = 500;
/** Unparseable messages before the connection is dropped. */
const MAX_ERRORS = 5;

export function createSipSession(stream: Duplex, ctx: TemplateContext<SipConfig>): SessionHandle {
  const rt = sipRuntime(ctx.persona);
  const framer = new SipTcpFramer();
  let messages = 0;
  let errors = 0;
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
    if (f.kind === 'keepalive') return io.write('\r\n');
    if (f.kind === 'too_large') {
      io.oversized(`sip_${f.what}`, f.size, f.what === 'body' ? MAX_BODY_BYTES : MAX_HEADER_BYTES);
      return io.destroy('oversized');
    }
    if (++messages > MAX_MESSAGES_PER_CONNECTION) return io.end();
    const env = { persona: rt.persona, config: ctx.config, nonces: rt.nonces, transport: 'tcp' as const, src: ctx.src, dst: ctx.dst, nowMs: ctx.now().getTime() };
    const r = handleSip(parseDatagram(f.bytes), env);
    for (const e of r.events) ctx.emit(e.msgid, e.fields);
    if (r.reply) io.write(r.reply);
    else if (r.events.some((e) => e.msgid === 'parse_error') && ++errors >= MAX_ERRORS) io.destroy('malformed');
    await Promise.resolve();
  });
  return { close: (reason) => io.destroy(reason) };
}
