// One llmnr listener (UDP 5355 LLMNR, 5353 mDNS or 137 NBNS): logs every query and answer it sees,
// never answers, and on LLMNR/NBNS probes now and then for a name nothing owns; an answer to such a
// name is a poisoner (`poisoning_detected`, the answerer as src_ip).
import type { DatagramContext, DatagramListener, DatagramListenerContext } from '../datagram';
import type { LlmnrConfig } from './config';
import { boundedHex } from '../_dns/dns-wire';
import { jittered, ProbeBook, probeQuery } from './detector';
import { parsePacket, protoForPort, type Packet, type Proto } from './parser';
import type { LlmnrPersona } from './persona';

/** Records logged per datagram (a packet may carry 16 of each; the counts are logged too). */
const MAX_LOGGED_RECORDS = 4;

function logPacket(p: Packet, proto: Proto, book: ProbeBook | undefined, ctx: DatagramContext<LlmnrConfig>): void {
  const common = { proto, txid: p.id, qdcount: p.questions.length, ancount: p.answers.length };
  if (!p.response) {
    for (const q of p.questions.slice(0, MAX_LOGGED_RECORDS)) {
      // Our own probe, looped back by multicast or broadcast: not an attacker's query.
      const own = book?.match(q.name);
      if (own && own.txid === p.id) continue;
      ctx.emit('query', { ...common, name: q.name, qtype: q.qtype, suffix: q.suffix, is_response: 0, opcode: p.opcode });
    }
    if (p.questions.length === 0) ctx.emit('query', { ...common, name: '', is_response: 0, opcode: p.opcode });
    return;
  }
  for (const a of p.answers.slice(0, MAX_LOGGED_RECORDS)) {
    const answered = a.addresses.join(',') || undefined;
    const probe = book?.match(a.name);
    if (probe) {
      ctx.emit('poisoning_detected', {
        ...common, name: a.name, qtype: a.type, suffix: a.suffix, answered, ttl: a.ttl, poisoner: 1, is_response: 1,
        txid_match: probe.txid === p.id ? 1 : 0, probe_age_ms: Date.now() - probe.sentAtMs,
      });
    } else {
      // An answer nobody here asked for: a responder announcing itself, or a poisoner answering someone else.
      ctx.emit('query', { ...common, name: a.name, qtype: a.type, suffix: a.suffix, answered, ttl: a.ttl, is_response: 1, unsolicited: 1 });
    }
  }
  if (p.answers.length === 0) {
    for (const q of p.questions.slice(0, MAX_LOGGED_RECORDS)) ctx.emit('query', { ...common, name: q.name, qtype: q.qtype, suffix: q.suffix, is_response: 1, rcode: p.rcode });
  }
}

export function createLlmnrListener(lctx: DatagramListenerContext<LlmnrConfig>): DatagramListener<LlmnrConfig> {
  const proto = protoForPort(lctx.servicePort);
  // Every registered service has its persona part; the fallback only serves hand-built personas.
  const part: LlmnrPersona = (lctx.persona.services as { llmnr?: LlmnrPersona }).llmnr ?? { netbiosName: '', probeNames: [`${lctx.persona.hostname}-fs`] };
  const intervalMs = lctx.config.probe_interval_s * 1000;
  const probing = intervalMs > 0 && proto !== 'mdns';
  const book = probing ? new ProbeBook(part.probeNames) : undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const target = proto === 'nbns' ? lctx.config.probe_target_nbns : lctx.config.probe_target_llmnr;
  const probe = (): void => {
    if (stopped || !book) return;
    lctx.sendDatagram(target, probeQuery(proto, book.next()));
    timer = setTimeout(probe, jittered(intervalMs));
    timer.unref();
  };
  if (book) {
    // The first probe comes within one interval of start, not at the same instant on every decky.
    timer = setTimeout(probe, Math.round(Math.random() * intervalMs));
    timer.unref();
  }
  return {
    onDatagram(msg, ctx) {
      const r = parsePacket(proto, msg);
      if (!r.ok) {
        ctx.emit('raw_packet', { proto, error: r.error, size_bytes: msg.length, data: boundedHex(msg) });
        return;
      }
      logPacket(r.packet, proto, book, ctx);
    },
    close() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
