// One SIP request to its answer and its `request` event, shared by UDP and TCP: OPTIONS 200 with
// the PBX's capabilities, REGISTER/INVITE/SUBSCRIBE... challenged with Digest (responses captured
// as `sip_digest` credentials), BYE/CANCEL and other in-dialog requests 481, unknown methods 501.
import { credentialFields } from '@decnet/protocol';
import type { EventFields } from '../template';
import type { SipConfig } from './config';
import { hashcatLine, makeChallenge, parseDigest, type NonceBook } from './digest';
import { header, headersOf, type ParseResult } from './parser';
import type { SipPersona } from './persona';
import { buildResponse, toTag, type ReplySpec } from './responses';

export interface SipEnv {
  persona: SipPersona;
  config: SipConfig;
  nonces: NonceBook;
  transport: 'udp' | 'tcp';
  src: { ip: string; port: number };
  dst: { ip: string; port: number };
  nowMs: number;
}

export interface Handled {
  reply?: string;
  events: Array<{ msgid: string; fields: EventFields }>;
}

const CHALLENGED = new Set(['REGISTER', 'INVITE', 'SUBSCRIBE', 'MESSAGE', 'PUBLISH', 'REFER']);
const NO_DIALOG = new Set(['BYE', 'CANCEL', 'NOTIFY', 'INFO', 'UPDATE', 'PRACK']);
/** User-Agents of SIP scanners and crackers (SIPVicious defaults to "friendly-scanner"). */
const SCANNERS: Array<[RegExp, string]> = [
  [/friendly-scanner|sipvicious/i, 'sipvicious'], [/sipcli/i, 'sipcli'], [/VaxSIPUserAgent/i, 'vaxsip'], [/pplsip/i, 'pplsip'],
  [/sundayddr/i, 'sundayddr'], [/iWar/i, 'iwar'], [/sip-?scan/i, 'sipscan'], [/sipsak/i, 'sipsak'], [/nmap/i, 'nmap'],
];
const b = (s: string | undefined, n = 256): string | undefined => (s === undefined ? undefined : s.slice(0, n));

/** The user part of a From/To URI, for the log. */
function userOf(v: string | undefined): string | undefined {
  return v ? /sips?:([^@;>\s]+)@/i.exec(v)?.[1]?.slice(0, 128) : undefined;
}

export function handleSip(parsed: ParseResult, env: SipEnv, maxBytes = Infinity): Handled {
  const events: Handled['events'] = [];
  if (!parsed.ok) {
    events.push({ msgid: 'parse_error', fields: { error: parsed.error, transport: env.transport } });
    return { events };
  }
  const m = parsed.msg;
  if (m.kind === 'response') {
    // Nobody here sent a request: a stray or spoofed response is logged, never answered.
    events.push({ msgid: 'parse_error', fields: { error: 'unsolicited_response', status: m.method, call_id: b(header(m, 'call-id')), transport: env.transport } });
    return { events };
  }
  const p = env.persona;
  const realm = env.config.realm ?? p.realm;
  const ua = env.config.user_agent ?? p.userAgent;
  const method = m.method.toUpperCase();
  const authHeader = header(m, 'authorization') ?? header(m, 'proxy-authorization');
  const digest = authHeader ? parseDigest(authHeader) : undefined;
  const fields: Record<string, string | number | boolean | undefined> = {
    method: m.method.slice(0, 32), request_uri: b(m.uri), from_: b(header(m, 'from')), to: b(header(m, 'to')), call_id: b(header(m, 'call-id'), 128),
    cseq: b(header(m, 'cseq'), 64), user_agent: b(header(m, 'user-agent')), contact: b(header(m, 'contact')), via: b(headersOf(m, 'via')[0]),
    scanner: SCANNERS.find(([re]) => re.test(header(m, 'user-agent') ?? ''))?.[1], transport: env.transport, username: digest?.username.slice(0, 128) ?? userOf(header(m, 'from')), auth: authHeader ? 1 : 0,
    ...(authHeader && !digest ? { auth_raw: authHeader.slice(0, 512) } : {}),
  };
  const mandatory = ['via', 'from', 'to', 'call-id', 'cseq'].every((h) => header(m, h) !== undefined);
  const cseqMethod = /^\d{1,10}\s+(\S+)$/.exec(header(m, 'cseq') ?? '')?.[1];
  let spec: ReplySpec | undefined;
  let challenge: ReturnType<typeof makeChallenge> | undefined;
  const challengeSpec = (status: 401 | 407): ReplySpec => {
    challenge = makeChallenge(p.stack, realm, env.nowMs);
    return { status, extra: [[status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate', challenge.header]] };
  };
  if (!headersOf(m, 'via').length) spec = undefined; // nowhere to send an answer (RFC 3261 §18.2.2)
  else if (m.version !== 'SIP/2.0') spec = { status: 505 };
  else if (!mandatory || cseqMethod !== m.method) spec = { status: 400 };
  else if (method === 'ACK') spec = undefined; // §17.2.1: ACK gets no response
  else if (method === 'OPTIONS') spec = { status: 200, capabilities: true };
  else if (digest && CHALLENGED.has(method)) {
    const failure = env.config.auth_failure === 'persona' ? (p.stack === 'chan_sip' ? '403' : '401') : env.config.auth_failure;
    spec = failure === '403' ? { status: 403 } : challengeSpec(method === 'INVITE' && p.stack === 'chan_sip' ? 407 : 401);
  } else if (method === 'INVITE' && env.config.invite_response !== 'challenge') spec = { status: Number(env.config.invite_response) };
  else if (CHALLENGED.has(method)) spec = challengeSpec(method === 'INVITE' && p.stack === 'chan_sip' ? 407 : 401);
  else if (NO_DIALOG.has(method)) spec = { status: 481 };
  else spec = { status: 501 };
  if (digest) {
    const cred = credentialFields(digest.username.slice(0, 256), hashcatLine(digest, m.method, env.dst.ip, env.src.ip), 'sip_digest', 'failure');
    Object.assign(fields, cred, {
      realm: digest.realm.slice(0, 128), nonce: digest.nonce.slice(0, 128), uri: digest.uri.slice(0, 256), response: digest.response.slice(0, 64), algorithm: digest.algorithm.slice(0, 32),
      qop: digest.qop.slice(0, 32) || undefined, nc: digest.nc.slice(0, 16) || undefined, cnonce: digest.cnonce.slice(0, 128) || undefined, opaque: digest.opaque.slice(0, 64) || undefined,
      nonce_issued: env.nonces.has(digest.nonce) ? 1 : 0, realm_match: digest.realm === realm ? 1 : 0,
    });
  }
  const reply = spec ? buildResponse(m, spec, { stack: p.stack, userAgent: ua, src: env.src }, toTag(p.stack), maxBytes) : undefined;
  if (reply && challenge) env.nonces.add(challenge.nonce);
  fields['status'] = spec?.status;
  if (spec && !reply) fields['reply_suppressed'] = 'over_bound';
  events.push({ msgid: 'request', fields });
  return { ...(reply ? { reply } : {}), events };
}

