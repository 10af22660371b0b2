// The dns UDP listener (53/udp): every datagram is one query (RFC 1035 §4.2.1). Answers are bounded
// against reflection: an unverified source gets at most replyFactor x its query (ANY minimal, TC
// set past that so a real client retries over TCP); garbage without a DNS header gets nothing.
import type { DatagramListener, DatagramListenerContext } from '../datagram';
import { BIND_UDP_SIZE } from './answer';
import type { DnsConfig } from './config';
import { dnsRuntime, serveQuery } from './serve-query';

export function createDnsListener(lctx: DatagramListenerContext<DnsConfig>): DatagramListener<DnsConfig> {
  const rt = dnsRuntime(lctx.persona, lctx.config);
  return {
    onDatagram(msg, ctx) {
      const factorBound = ctx.limits.replyFactor * msg.length;
      let vouched = false;
      const r = serveQuery(msg, 'udp', ctx.src.ip, rt, ctx.emit, (o) => {
        const clientMax = Math.min(o.clientMaxUdp, BIND_UDP_SIZE);
        // A valid server cookie (RFC 7873 §5.3) proves the source receives at its address: it is no
        // spoofed reflection victim, so it may get what named would send it (up to 1232 bytes,
        // BIND's max-udp-size). Everyone else stays within the runner's reply factor.
        vouched = o.verified && clientMax > factorBound;
        return o.verified ? clientMax : Math.min(clientMax, factorBound);
      });
      if (r.bytes) ctx.reply(r.bytes, vouched ? { protocolBehaviour: true } : undefined);
    },
  };
}
