// SIP responses as the persona's stack writes them (RFC 3261 §8.2.6: Via, From, To with a tag,
// Call-ID and CSeq copied; §18.2.1 received/rport on the top Via, RFC 3581): res_pjsip's header
// order and its "Content-Length:  0", or chan_sip's. Optional capability headers are the first to go when a size bound bites.
import { randomBytes, randomUUID } from 'node:crypto';
import { header, headersOf, type SipMessage } from './parser';
import type { SipStack } from './persona';

export const REASONS: Record<number, string> = {
  200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  407: 'Proxy Authentication Required', 481: 'Call/Transaction Does Not Exist', 483: 'Too Many Hops', 486: 'Busy Here',
  501: 'Not Implemented', 505: 'Version Not Supported',
};

export const ALLOW: Record<SipStack, string> = {
  pjsip: 'OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER',
  chan_sip: 'INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE',
};

/** What an OPTIONS 200 advertises (res_pjsip lists its Accept types with the duplicates it really sends). */
function capabilities(stack: SipStack): Array<[string, string]> {
  if (stack === 'chan_sip') return [['Allow', ALLOW.chan_sip], ['Supported', 'replaces, timer'], ['Accept', 'application/sdp']];
  return [
    ['Accept', 'application/dialog-info+xml, application/xpidf+xml, application/cpim-pidf+xml, application/simple-message-summary, application/pidf+xml, application/pidf+xml, application/dialog-info+xml, application/simple-message-summary, application/sdp, message/sipfrag;version=2.0'],
    ['Allow', ALLOW.pjsip], ['Supported', '100rel, timer, replaces, norefersub'], ['Accept-Encoding', 'text/plain'], ['Accept-Language', 'en'],
  ];
}

/** Order in which optional headers are dropped to fit a bound. */
const DROP_ORDER = ['Accept', 'Accept-Encoding', 'Accept-Language', 'Supported', 'Allow'];

export interface ReplySpec {
  status: number;
  /** Headers the response must carry (WWW-Authenticate, Allow on 405). */
  extra?: Array<[string, string]>;
  /** Adds the stack's capability headers (OPTIONS 200). */
  capabilities?: boolean;
}

export interface ReplyEnv {
  stack: SipStack;
  userAgent: string;
  src: { ip: string; port: number };
}

function topVia(via: string, env: ReplyEnv): string {
  // RFC 3581 §4: fill an empty rport with the source port; received= always (RFC 3261 §18.2.1 says when the host differs).
  const hasRport = /;rport(?=;|$)/i.test(via);
  const v = hasRport ? via.replace(/;rport(?=;|$)/i, `;rport=${env.src.port}`) : via;
  return env.stack === 'pjsip' && hasRport ? v.replace(`;rport=${env.src.port}`, `;rport=${env.src.port};received=${env.src.ip}`) : `${v};received=${env.src.ip}`;
}

export function toTag(stack: SipStack): string {
  return stack === 'pjsip' ? randomUUID() : `as${randomBytes(4).toString('hex')}`;
}

/** The response text, or undefined when it cannot fit `maxBytes` even without optional headers. */
export function buildResponse(req: SipMessage, spec: ReplySpec, env: ReplyEnv, tag: string, maxBytes = Infinity): string | undefined {
  const vias = headersOf(req, 'via');
  const to = header(req, 'to') ?? '';
  const toValue = /;\s*tag=/i.test(to) ? to : `${to};tag=${tag}`;
  const base: Array<[string, string]> = vias.map((v, i): [string, string] => ['Via', i === 0 ? topVia(v, env) : v]);
  const ids: Array<[string, string]> = [['Call-ID', header(req, 'call-id') ?? ''], ['From', header(req, 'from') ?? ''], ['To', toValue], ['CSeq', header(req, 'cseq') ?? '']];
  let optional = spec.capabilities ? capabilities(env.stack) : [];
  for (;;) {
    const lines: Array<[string, string]> =
      env.stack === 'pjsip'
        ? [...base, ...ids, ...(spec.extra ?? []), ...optional, ['Server', env.userAgent], ['Content-Length', ' 0']]
        : [...base, ids[1]!, ids[2]!, ids[0]!, ids[3]!, ['Server', env.userAgent], ...optional, ...(spec.extra ?? []), ['Content-Length', '0']];
    const text = `SIP/2.0 ${spec.status} ${REASONS[spec.status] ?? 'Unknown'}\r\n${lines.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    if (text.length <= maxBytes) return text;
    const drop = DROP_ORDER.find((n) => optional.some(([k]) => k === n));
    if (!drop) return undefined;
    optional = optional.filter(([k]) => k !== drop);
  }
}
