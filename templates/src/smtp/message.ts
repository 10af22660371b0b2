// Forensic summary of a received message (RFC 5322 headers, RFC 2047 encoded words, RFC 2046
// multipart attachments): the fields of DECNET's `message_stored` event. Bounded work on hostile input.
import { createHash } from 'node:crypto';

export interface MessageSummary {
  subject: string;
  from_hdr: string;
  to_hdr: string;
  date_hdr: string;
  message_id_hdr: string;
  x_mailer: string;
  content_type: string;
  dkim_signed: boolean;
  attachments: Array<{ filename: string; content_type: string; size: number; sha256: string }>;
  urls: string[];
}

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_PARTS = 50;
const MAX_URLS = 20;

/** Header block -> lowercase name -> first value (unfolded, RFC 5322 §2.2.3). */
function parseHeaders(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

/** RFC 2047 encoded-words (B and Q), best effort. */
export function decodeWords(s: string): string {
  return s.replace(/=\?([^?]{1,40})\?([bBqQ])\?([^?]{0,2000})\?=/g, (_m, charset: string, enc: string, text: string) => {
    try {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))), 'latin1');
      return new TextDecoder(/^utf-?8$/i.test(charset) ? 'utf-8' : 'latin1').decode(bytes);
    } catch {
      return text;
    }
  });
}

function splitHead(raw: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(raw.slice(0, MAX_HEADER_BYTES));
  return m ? [raw.slice(0, m.index), raw.slice(m.index + m[0].length)] : [raw.slice(0, MAX_HEADER_BYTES), ''];
}

const param = (value: string, name: string): string | undefined =>
  new RegExp(`${name}\\*?=\\s*"?([^";\\r\\n]{1,255})"?`, 'i').exec(value)?.[1];

export function summarize(body: Buffer): MessageSummary {
  const raw = body.toString('latin1');
  const [head, rest] = splitHead(raw);
  const h = parseHeaders(head);
  const get = (n: string, max: number): string => decodeWords(h.get(n) ?? '').slice(0, max);
  const contentType = (h.get('content-type') ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  const attachments: MessageSummary['attachments'] = [];
  const boundary = param(h.get('content-type') ?? '', 'boundary');
  if (boundary && contentType.startsWith('multipart/')) {
    const parts = rest.split(`--${boundary}`).slice(1, MAX_PARTS + 1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const [ph, pb] = splitHead(part.replace(/^\r?\n/, ''));
      const headers = parseHeaders(ph);
      const filename = param(headers.get('content-disposition') ?? '', 'filename') ?? param(headers.get('content-type') ?? '', 'name');
      if (!filename && !/attachment/i.test(headers.get('content-disposition') ?? '')) continue;
      const payload = /base64/i.test(headers.get('content-transfer-encoding') ?? '')
        ? Buffer.from(pb.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
        : Buffer.from(pb, 'latin1');
      attachments.push({
        filename: decodeWords(filename ?? '').slice(0, 255),
        content_type: (headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim().slice(0, 100) ?? '',
        size: payload.length,
        sha256: createHash('sha256').update(payload).digest('hex'),
      });
    }
  }
  const urls = [...new Set(raw.match(/https?:\/\/[^\s"'<>()]{1,500}/g) ?? [])].slice(0, MAX_URLS);
  return {
    subject: get('subject', 512), from_hdr: get('from', 256), to_hdr: get('to', 512), date_hdr: get('date', 64),
    message_id_hdr: get('message-id', 256), x_mailer: get('x-mailer', 256) || get('user-agent', 256), content_type: contentType.slice(0, 100),
    dkim_signed: h.has('dkim-signature'), attachments, urls,
  };
}
