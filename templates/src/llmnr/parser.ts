// One datagram of LLMNR (RFC 4795), mDNS (RFC 6762) or NBNS (RFC 1002) to what the detector logs:
// names (NetBIOS names decoded), types and answered addresses. Never throws; a malformed packet is
// `{ ok: false, error }` (logged as raw_packet with a bounded hex of it).
import { nameText, parseMessage, rdataAddress, WireError, type Answer } from '../_dns/dns-wire';
import { decodeNetbiosLabel, nbAddresses, NB } from './nbns';

export type Proto = 'llmnr' | 'mdns' | 'nbns';

export interface SeenQuestion {
  name: string;
  qtype: number;
  /** NBNS only: the name's 16th byte. */
  suffix?: number;
}

export interface SeenAnswer {
  name: string;
  type: number;
  ttl: number;
  /** A/AAAA (LLMNR, mDNS) or NB entries (NBNS); empty for other record types. */
  addresses: string[];
  suffix?: number;
}

export interface Packet {
  id: number;
  response: boolean;
  opcode: number;
  rcode: number;
  flags: number;
  questions: SeenQuestion[];
  answers: SeenAnswer[];
}

export type ParseResult = { ok: true; packet: Packet } | { ok: false; error: string };

function nbnsName(labels: readonly Uint8Array[]): { name: string; suffix: number } {
  if (labels.length === 0) throw new WireError('bad_netbios_name');
  const nb = decodeNetbiosLabel(labels[0]!);
  // A NetBIOS scope, if any, follows as ordinary labels (RFC 1001 §14.1).
  const scope = labels.length > 1 ? `.${nameText(labels.slice(1))}` : '';
  return { name: nb.name + scope, suffix: nb.suffix };
}

function answerOf(proto: Proto, a: Answer): SeenAnswer {
  if (proto === 'nbns') {
    const n = nbnsName(a.labels);
    return { name: n.name, suffix: n.suffix, type: a.type, ttl: a.ttl, addresses: a.type === NB ? nbAddresses(a.rdata) : [] };
  }
  const addr = rdataAddress(a.type, a.rdata);
  return { name: nameText(a.labels), type: a.type, ttl: a.ttl, addresses: addr ? [addr] : [] };
}

export function parsePacket(proto: Proto, bytes: Uint8Array): ParseResult {
  try {
    const m = parseMessage(bytes);
    const questions = m.questions.map((q): SeenQuestion => {
      if (proto !== 'nbns') return { name: nameText(q.labels), qtype: q.qtype };
      const n = nbnsName(q.labels);
      return { name: n.name, suffix: n.suffix, qtype: q.qtype };
    });
    const h = m.header;
    return {
      ok: true,
      packet: { id: h.id, response: h.response, opcode: h.opcode, rcode: h.rcode, flags: h.flags, questions, answers: m.answers.map((a) => answerOf(proto, a)) },
    };
  } catch (err) {
    if (err instanceof WireError) return { ok: false, error: err.message };
    return { ok: false, error: 'parse_failed' };
  }
}

/** Which protocol a listener speaks, by the service's real port. */
export function protoForPort(servicePort: number): Proto {
  return servicePort === 137 ? 'nbns' : servicePort === 5353 ? 'mdns' : 'llmnr';
}
