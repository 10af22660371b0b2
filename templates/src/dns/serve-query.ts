// One dns query end to end, shared by the UDP listener and the TCP session: parse, resolve, log
// (query plus DECNET's specific MSGIDs and the per-source detectors), encode within the transport's
// bound. The per-decky state (cookie secret, source tracker) is keyed by the persona object.
import { boundedHex, nameText } from '../_dns/dns-wire';
import type { Persona } from '../persona/types';
import type { EventFields } from '../template';
import { resolve, type Outcome, type QueryEnv } from './answer';
import type { DnsConfig } from './config';
import { cookieSecret } from './cookie';
import { QueryTracker, tunnelMethod } from './detector';
import { parseQuery } from './parser';
import type { DnsPersona } from './persona';
import { rcodeName } from './records';
import { encodeResponse } from './wire-out';
import { buildZone } from './zone';

export interface DnsRuntime {
  env: Omit<QueryEnv, 'transport' | 'srcIp' | 'nowS'>;
  tracker: QueryTracker;
}

const trackers = new WeakMap<object, QueryTracker>();

/** Every registered service has its persona part; the fallback serves hand-built test personas. */
export function dnsPart(persona: Persona): DnsPersona {
  const p = (persona.services as { dns?: DnsPersona }).dns;
  if (p) return p;
  const domain = persona.domain;
  return {
    version: '9.18.28-1~deb12u2-Debian', hostname: persona.hostname, serverId: persona.hostname,
    zone: { domain, ttl: 3600, soa: { mname: `ns1.${domain}`, rname: `hostmaster.${domain}`, serial: 2024010101, refresh: 3600, retry: 900, expire: 604800, minimum: 86400 }, ns: [`ns1.${domain}`], mx: [], txt: [], hosts: [{ name: 'ns1', ip: '192.0.2.53' }] },
  };
}

export function dnsRuntime(persona: Persona, config: DnsConfig): DnsRuntime {
  let tracker = trackers.get(persona);
  if (!tracker) {
    tracker = new QueryTracker();
    trackers.set(persona, tracker);
  }
  const part = dnsPart(persona);
  return { env: { zone: buildZone(part, config), persona: part, mode: config.zone_mode, secret: cookieSecret(persona) }, tracker };
}

export interface Served {
  bytes?: Buffer;
  outcome: Outcome;
}

type Emit = (msgid: string, fields?: EventFields) => void;

/** Handles one message; `bound` gives the largest answer allowed for it (the transport's rule). */
export function serveQuery(msg: Uint8Array, transport: 'udp' | 'tcp', srcIp: string, rt: DnsRuntime, emit: Emit, bound: (o: Outcome) => number, now = Date.now()): Served {
  const parsed = parseQuery(msg);
  const o = resolve(parsed, { ...rt.env, transport, srcIp, nowS: Math.floor(now / 1000) });
  for (const e of o.events) {
    const raw = e.msgid === 'malformed_packet' || e.msgid === 'question_parse_error' ? { data: boundedHex(msg, 64) } : {};
    emit(e.msgid, { ...e.fields, ...raw });
  }
  if (o.question) {
    const labels = o.question.labels.map((l) => Buffer.from(l).toString('latin1'));
    const tunnel = tunnelMethod(labels, o.question.qtype);
    if (tunnel) emit('tunneling_suspect', { qname: nameText(o.question.labels), tunnel_method: tunnel.method, label_len: tunnel.label_len, entropy: tunnel.entropy, qtype: o.query?.['qtype'], transport });
    for (const f of rt.tracker.observe(srcIp, labels.join('.'))) emit(f.msgid, { ...f.fields, transport });
  }
  if (!o.response) return { outcome: o };
  const max = bound(o);
  const enc = encodeResponse(o.response, max);
  if (enc.truncated && transport === 'udp' && !o.verified && o.question) {
    emit('amp_probe', { qname: nameText(o.question.labels), qtype: o.query?.['qtype'], reason: 'large_answer', request_bytes: msg.length, answer_bytes: enc.fullBytes, bound_bytes: max });
  }
  if (o.query) {
    emit('query', {
      ...o.query, rcode: rcodeName(o.response.rcode), aa: o.response.aa ? 1 : 0, answers: enc.truncated ? 0 : o.response.answer.length,
      response_bytes: enc.bytes.length, truncated: enc.truncated ? 1 : undefined, trimmed: enc.trimmed && !enc.truncated ? 1 : undefined,
    });
  }
  return { bytes: enc.bytes, outcome: o };
}
