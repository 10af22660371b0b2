// What a receiver gets: DECNET's generic body `{v,id,ts,topic,type,payload}` (sorted keys) with its
// headers and the HMAC signature, or a Slack / Teams / Discord message. Attacker data inside the
// payload is bounded and escaped for each chat's markup, never interpreted.
import { bytesToHex, dottedTopic, type WebhookFormat } from '@decnet/protocol';

export interface OutgoingFact {
  id: string;
  topic: string;
  type: string;
  tsMs: number;
  payloadJson: string;
}

export const USER_AGENT = 'decnet-webhook/1.0';
const LINE_MAX = 400;
const MESSAGE_MAX = 1900; // under Discord's 2000

/** JSON with object keys sorted at every depth (DECNET used orjson OPT_SORT_KEYS). */
export function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val) ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : val,
  );
}

export function envelope(f: OutgoingFact) {
  return { v: 1, id: f.id, ts: new Date(f.tsMs).toISOString(), topic: dottedTopic(f.topic), type: f.type, payload: JSON.parse(f.payloadJson) as unknown };
}

/** One line per fact for chat formats: `type key=value ...`, bounded. */
function summary(f: OutgoingFact): string {
  const payload = JSON.parse(f.payloadJson) as Record<string, unknown>;
  const pairs = Object.entries(payload)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${String(v)}`);
  const line = `[DECNET] ${f.type} ${pairs.join(' ')}`.replace(/[\r\n\t]+/g, ' ');
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}

const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Markdown control characters and mentions are made inert (zero-width space after @). */
const escapeMarkdown = (s: string) => s.replace(/([\\`*_~|>#[\]()])/g, '\\$1').replace(/@/g, '@\u200b').replace(/</g, '&lt;');

function chatText(facts: OutgoingFact[], escape: (s: string) => string): string {
  let text = '';
  for (const [i, f] of facts.entries()) {
    const line = escape(summary(f));
    if (text.length + line.length + 1 > MESSAGE_MAX) {
      text += `\n… and ${facts.length - i} more`;
      break;
    }
    text += (text ? '\n' : '') + line;
  }
  return text;
}

/** The request body for one fact or a batch (batching window) in the subscription's format. */
export function renderBody(format: WebhookFormat, facts: OutgoingFact[]): string {
  switch (format) {
    case 'slack':
      return JSON.stringify({ text: chatText(facts, escapeSlack) });
    case 'discord':
      return JSON.stringify({ content: chatText(facts, escapeMarkdown), allowed_mentions: { parse: [] } });
    case 'teams':
      return JSON.stringify({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: `DECNET: ${facts.length} event(s)`, text: chatText(facts, escapeMarkdown).replace(/\n/g, '\n\n') });
    default:
      return facts.length === 1 ? sortedJson(envelope(facts[0]!)) : sortedJson({ v: 1, batch: true, events: facts.map(envelope) });
  }
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();
const enc = new TextEncoder();

/** HMAC keys are imported once per secret (a few subscriptions; the map is cleared past 1,000). */
export async function hmacSha256Hex(secret: string, body: string): Promise<string> {
  let key = hmacKeys.get(secret);
  if (!key) {
    if (hmacKeys.size >= 1000) hmacKeys.clear();
    key = crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    hmacKeys.set(secret, key);
  }
  return bytesToHex(new Uint8Array(await crypto.subtle.sign('HMAC', await key, enc.encode(body))));
}

/** DECNET's headers; a batch carries the first fact's id/topic and its size. */
export async function renderHeaders(secret: string, body: string, facts: OutgoingFact[], nowMs: number): Promise<Record<string, string>> {
  const first = facts[0]!;
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'x-decnet-signature': `sha256=${await hmacSha256Hex(secret, body)}`,
    'x-decnet-event-id': first.id,
    'x-decnet-event-topic': dottedTopic(first.topic),
    'x-decnet-timestamp': String(Math.floor(nowMs / 1000)),
    ...(facts.length > 1 ? { 'x-decnet-batch-size': String(facts.length) } : {}),
  };
}
