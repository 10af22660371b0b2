// The sip UDP listener (5060/udp): one datagram is one message (RFC 3261 §18.3). An answer never
// exceeds the runner's reply factor for the (unverified) source: optional capability headers are
// dropped first, and a response that still does not fit is not sent. Garbage is logged, never answered.
import type { DatagramListener, DatagramListenerContext } from '../datagram';
import type { SipConfig } from './config';
import { handleSip } from './handler';
import { parseDatagram } from './parser';
import { sipRuntime } from './runtime';

export function createSipListener(lctx: DatagramListenerContext<SipConfig>): DatagramListener<SipConfig> {
  const rt = sipRuntime(lctx.persona);
  return {
    onDatagram(msg, ctx) {
      // RFC 5626 §3.5.1 keep-alives over UDP are STUN; a bare CRLF CRLF is ignored as Asterisk does.
      if (msg.length <= 4 && [...msg].every((c) => c === 0x0d || c === 0x0a)) return;
      const env = { persona: rt.persona, config: ctx.config, nonces: rt.nonces, transport: 'udp' as const, src: ctx.src, dst: { ip: ctx.dst.ip, port: ctx.servicePort }, nowMs: ctx.now().getTime() };
      const r = handleSip(parseDatagram(msg), env, Math.min(ctx.limits.maxDatagramBytes, ctx.limits.replyFactor * msg.length));
      for (const e of r.events) ctx.emit(e.msgid, e.fields);
      if (r.reply) ctx.reply(Buffer.from(r.reply, 'latin1'));
    },
  };
}
