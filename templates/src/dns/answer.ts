// What BIND, authoritative for one zone, answers to one parsed query and what that query reveals:
// FORMERR/NOTIMP/REFUSED where named gives them, CHAOS identity, zone data with AA, REFUSED (RA
// clear) for other names unless configured as a resolver, transfers refused, EDNS/NSID/COOKIE.
import { nameText, type Question } from '../_dns/dns-wire';
import { chaosAnswer } from './chaos';
import { checkCookie, COOKIE_OPTION, cookieReply } from './cookie';
import type { ParsedQuery } from './parser';
import type { DnsPersona } from './persona';
import { C, className, RCODE, T, typeName, type EdnsOption, type ResponseMessage, type Rr } from './records';
import { inZone, lookup, type Zone } from './zone';

const NSID_OPTION = 3;
/** BIND 9.18's edns-udp-size / max-udp-size default (DNS flag day 2020). */
export const BIND_UDP_SIZE = 1232;

export interface QueryEnv {
  zone: Zone;
  persona: DnsPersona;
  mode: 'auth' | 'recursive' | 'open';
  transport: 'udp' | 'tcp';
  srcIp: string;
  secret: Buffer;
  nowS: number;
}

export type Fields = Record<string, string | number | boolean | undefined>;

export interface Outcome {
  /** Undefined: no answer at all (a response, a runt). */
  response?: ResponseMessage;
  /** Specific events (fingerprint_probe, zone_transfer ...); `query` itself is logged by the transport. */
  events: Array<{ msgid: string; fields: Fields }>;
  /** Fields of the `query` event; undefined when there was no usable question. */
  query?: Fields;
  /** The source returned a valid server cookie (RFC 7873): it receives at its address. */
  verified: boolean;
  /** Largest UDP answer the client accepts (RFC 6891 §6.2.3: at least 512). */
  clientMaxUdp: number;
  question?: Question;
}

const lower = (labels: readonly Uint8Array[]): string => labels.map((l) => Buffer.from(l).toString('latin1').toLowerCase()).join('.');

function base(p: Extract<ParsedQuery, { header: unknown }>, q?: Question): ResponseMessage {
  const h = p.header;
  return { id: h.id, opcode: h.opcode, aa: false, rd: (h.flags & 0x100) !== 0, ra: false, cd: (h.flags & 0x10) !== 0, rcode: RCODE.NOERROR, ...(q ? { question: q } : {}), answer: [], authority: [], additional: [] };
}

/** A and AAAA of in-zone targets (glue for NS, MX hosts), as named adds to the additional section. */
function glue(zone: Zone, targets: string[], skip: Rr[]): Rr[] {
  const out: Rr[] = [];
  for (const t of targets) for (const rr of zone.names.get(t) ?? []) if ((rr.type === T.A || rr.type === T.AAAA) && !skip.includes(rr)) out.push(rr);
  return out;
}

function targetsOf(rrs: Rr[]): string[] {
  return rrs.flatMap((r) => (r.data.kind === 'mx' ? [r.data.host] : r.type === T.NS && r.data.kind === 'name' ? [r.data.name] : []));
}

function inAnswer(m: ResponseMessage, q: Question, env: QueryEnv, events: Outcome['events']): void {
  const name = lower(q.labels);
  const zone = env.zone;
  if (q.qtype === T.AXFR || q.qtype === T.IXFR) {
    // allow-transfer { none; }: REFUSED over TCP; AXFR over UDP is a format error (RFC 5936 §4.2).
    m.rcode = q.qtype === T.AXFR && env.transport === 'udp' ? RCODE.FORMERR : RCODE.REFUSED;
    events.push({ msgid: 'zone_transfer', fields: { qname: nameText(q.labels), qtype: typeName(q.qtype), transport: env.transport, in_zone: inZone(name, zone.domain), rcode: m.rcode === RCODE.REFUSED ? 'REFUSED' : 'FORMERR' } });
    return;
  }
  if (!inZone(name, zone.domain)) {
    // recursion no: REFUSED with RA clear. A resolver without egress fails the lookup (SERVFAIL, RA set).
    m.ra = env.mode !== 'auth';
    m.rcode = env.mode === 'auth' ? RCODE.REFUSED : RCODE.SERVFAIL;
    return;
  }
  m.aa = true;
  const any = q.qtype === T.ANY;
  const r = lookup(zone, name, q.qtype, any);
  const soaNeg: Rr = { ...zone.soa, ttl: Math.min(zone.soa.ttl, zone.soa.data.kind === 'soa' ? zone.soa.data.minimum : zone.ttl) };
  if (r.kind !== 'answer') {
    m.rcode = r.kind === 'nxdomain' ? RCODE.NXDOMAIN : RCODE.NOERROR;
    m.authority.push(soaNeg);
    return;
  }
  // RFC 8482 §4.1: ANY over UDP gets one RRset (BIND's minimal-any); TCP gets them all.
  const records = any && env.transport === 'udp' ? r.records.filter((x) => x.type === r.records[0]?.type) : r.records;
  m.answer.push(...r.cname.map((c) => ({ ...c })), ...records);
  const last = r.cname.at(-1)?.data;
  // A CNAME into the zone whose target has no such data: NODATA's SOA goes with it.
  if (!r.records.length && last?.kind === 'name' && inZone(last.name, zone.domain)) m.authority.push(soaNeg);
  // minimal-responses no-auth-recursive: the zone's NS only for non-recursive queries.
  if (!m.rd && !records.some((x) => x.type === T.NS)) m.authority.push(...zone.ns);
  m.additional.push(...glue(zone, [...targetsOf(records), ...targetsOf(m.authority)], m.answer));
}

function flagsHex(flags: number): string {
  return `0x${flags.toString(16).padStart(4, '0')}`;
}

export function resolve(p: ParsedQuery, env: QueryEnv): Outcome {
  const events: Outcome['events'] = [];
  const out = (o: Partial<Outcome>): Outcome => ({ events, verified: false, clientMaxUdp: 512, ...o });
  if (p.kind === 'runt') {
    events.push({ msgid: 'malformed_packet', fields: { error: 'truncated_header', size_bytes: p.size, transport: env.transport } });
    return out({});
  }
  const h = p.header;
  if (h.response) {
    // named drops responses it did not ask for.
    events.push({ msgid: 'malformed_packet', fields: { error: 'unsolicited_response', id: h.id, flags: flagsHex(h.flags), size_bytes: p.size, transport: env.transport } });
    return out({});
  }
  if (p.kind === 'question_error') {
    events.push({ msgid: 'question_parse_error', fields: { error: p.error, qdcount: h.qdcount, size_bytes: p.size, transport: env.transport } });
    return out({ response: { ...base(p), rcode: RCODE.FORMERR } });
  }
  const q = p.questions.length === 1 ? p.questions[0] : undefined;
  if (p.kind === 'malformed') {
    events.push({ msgid: 'malformed_packet', fields: { error: p.error, qdcount: h.qdcount, ancount: h.ancount, nscount: h.nscount, arcount: h.arcount, size_bytes: p.size, transport: env.transport } });
    return out({ response: { ...base(p, q), rcode: RCODE.FORMERR } });
  }
  const m = base(p, q);
  const edns = p.edns;
  let verified = false;
  let cookieState = 'none';
  const options: EdnsOption[] = [];
  if (edns) {
    m.edns = { udpSize: BIND_UDP_SIZE, do: edns.do, options };
    const c = edns.options.find((o) => o.code === COOKIE_OPTION);
    if (c) {
      const check = checkCookie(env.secret, c.data, env.srcIp, env.nowS);
      if (check.kind === 'malformed') {
        events.push({ msgid: 'malformed_packet', fields: { error: 'bad_cookie_length', cookie_bytes: c.data.length, transport: env.transport } });
        return out({ response: { ...m, rcode: RCODE.FORMERR } });
      }
      verified = check.valid;
      cookieState = check.valid ? 'valid' : c.data.length === 8 ? 'client' : 'invalid';
      options.push({ code: COOKIE_OPTION, data: cookieReply(env.secret, check.client, env.srcIp, env.nowS) });
    }
    if (edns.version > 0) {
      // RFC 6891 §6.1.3: BADVERS, answered with our version 0 and nothing else.
      events.push({ msgid: 'fingerprint_probe', fields: { probe: 'edns_version', edns_version: edns.version, qname: q ? nameText(q.labels) : '', flags: flagsHex(h.flags), opcode: h.opcode } });
      return out({ response: { ...m, rcode: RCODE.BADVERS }, verified });
    }
  }
  const clientMaxUdp = edns ? Math.max(512, Math.min(edns.udpSize, 65535)) : 512;
  if (p.questions.length === 0) {
    events.push({ msgid: 'empty_question_section', fields: { opcode: h.opcode, flags: flagsHex(h.flags), cookie: cookieState, transport: env.transport } });
    // RFC 7873 §5.4: a question-less query with a COOKIE fetches a server cookie (NOERROR).
    return out({ response: { ...m, rcode: cookieState !== 'none' && h.opcode === 0 ? RCODE.NOERROR : RCODE.FORMERR }, verified, clientMaxUdp });
  }
  if (p.questions.length > 1 || !q) {
    events.push({ msgid: 'multi_question', fields: { qdcount: h.qdcount, qnames: p.questions.map((x) => nameText(x.labels)).join(',').slice(0, 512), transport: env.transport } });
    return out({ response: { ...base(p), rcode: RCODE.FORMERR, ...(m.edns ? { edns: m.edns } : {}) }, verified, clientMaxUdp });
  }
  const qname = nameText(q.labels);
  const nsid = edns?.options.some((o) => o.code === NSID_OPTION) ?? false;
  if (nsid && env.persona.serverId) options.push({ code: NSID_OPTION, data: Buffer.from(env.persona.serverId, 'latin1') });
  const query: Fields = {
    qname, qtype: typeName(q.qtype), qclass: className(q.qclass), opcode: h.opcode, id: h.id, flags: flagsHex(h.flags), rd: m.rd ? 1 : 0,
    edns: edns ? 1 : 0, udp_size: edns?.udpSize, do: edns?.do ? 1 : undefined, nsid: nsid ? 1 : undefined, cookie: edns ? cookieState : undefined, transport: env.transport,
  };
  // fpdns-style probes: header bits a stub resolver never sets in a query (AA, TC, RA, Z).
  if (h.flags & 0x06c0 || nsid) events.push({ msgid: 'fingerprint_probe', fields: { probe: nsid ? 'nsid' : 'flags', qname, qtype: typeName(q.qtype), qclass: className(q.qclass), flags: flagsHex(h.flags), opcode: h.opcode } });
  if (h.opcode !== 0) {
    // NOTIFY from a host that is not our primary, UPDATE without an update policy: REFUSED; others NOTIMP.
    m.rcode = h.opcode === 4 || h.opcode === 5 ? RCODE.REFUSED : RCODE.NOTIMP;
    if (!(h.flags & 0x06c0)) events.push({ msgid: 'fingerprint_probe', fields: { probe: 'opcode', qname, opcode: h.opcode, flags: flagsHex(h.flags) } });
    return out({ response: m, query, verified, clientMaxUdp, question: q });
  }
  if (q.qclass === C.CH) {
    const c = chaosAnswer(env.persona, lower(q.labels), q.qtype);
    events.push({ msgid: 'fingerprint_probe', fields: { probe: 'chaos', qname, qtype: typeName(q.qtype), qclass: 'CH', flags: flagsHex(h.flags), opcode: h.opcode } });
    m.rcode = c.rcode;
    m.aa = c.rcode !== RCODE.REFUSED;
    m.answer.push(...c.answer);
    m.authority.push(...c.soa, ...(m.rd ? [] : c.ns));
  } else if (q.qclass !== C.IN && q.qclass !== C.ANY) {
    m.rcode = RCODE.REFUSED;
    events.push({ msgid: 'fingerprint_probe', fields: { probe: 'class', qname, qtype: typeName(q.qtype), qclass: className(q.qclass), flags: flagsHex(h.flags), opcode: h.opcode } });
  } else inAnswer(m, q, env, events);
  if (q.qtype === T.ANY && env.transport === 'udp' && !verified) events.push({ msgid: 'amp_probe', fields: { qname, qtype: 'ANY', reason: 'any_query', request_bytes: p.size, do: edns?.do ? 1 : 0 } });
  return out({ response: m, query, verified, clientMaxUdp, question: q });
}
