// FETCH data items (RFC 3501 §6.4.5, §7.4.2) over the bait mailbox: FLAGS, UID, RFC822.SIZE,
// INTERNALDATE, ENVELOPE, BODY/BODYSTRUCTURE, BODY[section]<partial> and BODY.PEEK, RFC822*, and the
// ALL/FAST/FULL macros. Pure functions: items in, response bytes out.
import type { MailMessage } from '../_mail/mailbox';
import type { ImapArg } from './args';

export interface FetchResult {
  bytes: Buffer;
  /** The message was read (body fetched without PEEK): \Seen is now set. */
  markedSeen: boolean;
  /** A body part was sent (bait was shown). */
  bodySent: boolean;
}

export class FetchError extends Error {}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3501 date-time: "02-May-2024 06:12:40 +0000". */
export function imapDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function quote(s: string): string {
  return /[\r\n\x00\x80-\uffff]/.test(s) ? `{${Buffer.byteLength(s)}}\r\n${s}` : `"${s.replace(/(["\\])/g, '\\$1')}"`;
}

const literal = (b: Buffer): Buffer => Buffer.concat([Buffer.from(`{${b.length}}\r\n`), b]);

function address(display: string, email: string): string {
  const [box = '', host = ''] = email.split('@');
  return `((${quote(display)} NIL ${quote(box)} ${quote(host)}))`;
}

export function envelope(m: MailMessage): string {
  const date = /^Date: (.*)$/m.exec(m.header.toString('latin1'))?.[1]?.trim() ?? '';
  const from = address(m.from.display, m.from.address);
  const to = address(m.to.display, m.to.address);
  return `(${quote(date)} ${quote(m.subject)} ${from} ${from} ${from} ${to} NIL NIL NIL ${quote(`<${m.messageId}>`)})`;
}

function bodyStructure(m: MailMessage, extended: boolean): string {
  const lines = m.text.toString('latin1').split('\r\n').length - 1;
  const base = `"text" "plain" ("charset" "utf-8") NIL NIL "7bit" ${m.text.length} ${lines}`;
  return `(${base}${extended ? ' NIL NIL NIL NIL' : ''})`;
}

/** Header lines whose names are (or, with `not`, are not) in `names`, plus the blank line. */
function headerFields(header: Buffer, names: string[], not: boolean): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: string[] = [];
  let keep = false;
  for (const line of header.toString('latin1').split('\r\n')) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (keep) out.push(line);
      continue;
    }
    const name = line.slice(0, Math.max(0, line.indexOf(':'))).toLowerCase();
    keep = wanted.has(name) !== not;
    if (keep) out.push(line);
  }
  return Buffer.from(`${out.map((l) => `${l}\r\n`).join('')}\r\n`, 'latin1');
}

function section(m: MailMessage, spec: string, fields: string[]): Buffer {
  const s = spec.toUpperCase();
  if (s === '') return m.raw;
  if (s === 'HEADER' || s === '0') return m.header;
  if (s === 'TEXT' || s === '1' || s === '1.TEXT') return m.text;
  if (s === '1.MIME' || s === 'MIME') return Buffer.from('Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n');
  if (s === 'HEADER.FIELDS') return headerFields(m.header, fields, false);
  if (s === 'HEADER.FIELDS.NOT') return headerFields(m.header, fields, true);
  throw new FetchError('Invalid BODY[..] parameter: Unknown section name');
}

/** The items a FETCH asked for, macros expanded, as atoms. */
export function fetchItems(arg: ImapArg | undefined): string[] {
  if (!arg) throw new FetchError('Missing arguments');
  const atoms = arg.t === 'list' ? arg.v : [arg];
  const out: string[] = [];
  for (const a of atoms.slice(0, 64)) {
    if (a.t !== 'atom') throw new FetchError('Invalid fetch-att');
    const v = a.v.toUpperCase();
    if (v === 'ALL') out.push('FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE');
    else if (v === 'FAST') out.push('FLAGS', 'INTERNALDATE', 'RFC822.SIZE');
    else if (v === 'FULL') out.push('FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY');
    else out.push(a.v);
  }
  return out;
}

const BODY_ITEM = /^(BODY(?:\.PEEK)?|BINARY(?:\.PEEK)?)\[([^\]( ]*)(?: ?\(([^)]*)\))?\](?:<(\d{1,10})\.(\d{1,10})>)?$/i;

export function renderFetch(m: MailMessage, items: string[], seen: boolean, withUid: boolean): FetchResult {
  const parts: Buffer[] = [];
  let markedSeen = false;
  let bodySent = false;
  const push = (s: string | Buffer): void => {
    parts.push(typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  };
  const list = withUid && !items.some((i) => i.toUpperCase() === 'UID') ? ['UID', ...items] : items;
  const wants = list.map((i) => i.toUpperCase());
  for (let k = 0; k < list.length; k++) {
    const item = wants[k] ?? '';
    const orig = list[k] ?? '';
    const sep = (): void => {
      if (parts.length > 0) push(' ');
    };
    if (item === 'UID') { sep(); push(`UID ${m.uid}`); continue; }
    if (item === 'FLAGS') { sep(); push(`FLAGS (${seen ? '\\Seen' : ''})`); continue; }
    if (item === 'RFC822.SIZE') { sep(); push(`RFC822.SIZE ${m.raw.length}`); continue; }
    if (item === 'INTERNALDATE') { sep(); push(`INTERNALDATE "${imapDate(m.internalDate)}"`); continue; }
    if (item === 'ENVELOPE') { sep(); push(`ENVELOPE ${envelope(m)}`); continue; }
    if (item === 'BODYSTRUCTURE') { sep(); push(`BODYSTRUCTURE ${bodyStructure(m, true)}`); continue; }
    if (item === 'BODY') { sep(); push(`BODY ${bodyStructure(m, false)}`); continue; }
    if (item === 'RFC822' || item === 'RFC822.TEXT' || item === 'RFC822.HEADER') {
      const data = item === 'RFC822' ? m.raw : item === 'RFC822.TEXT' ? m.text : m.header;
      sep();
      push(`${item} `);
      push(literal(data));
      bodySent ||= item !== 'RFC822.HEADER';
      if (item !== 'RFC822.HEADER' && !seen) markedSeen = true;
      continue;
    }
    const b = BODY_ITEM.exec(orig);
    if (!b) throw new FetchError(`Unknown parameter ${orig.slice(0, 40)}`);
    const fields = (b[3] ?? '').split(/\s+/).filter(Boolean).slice(0, 50);
    let data = section(m, b[2] ?? '', fields);
    let origin = '';
    if (b[4] !== undefined) {
      const start = Number(b[4]);
      data = data.subarray(Math.min(start, data.length), Math.min(start + Number(b[5]), data.length));
      origin = `<${start}>`;
    }
    const name = (b[1] ?? 'BODY').toUpperCase().replace('.PEEK', '');
    const sec = `${(b[2] ?? '').toUpperCase()}${b[3] !== undefined ? ` (${fields.map((f) => f.toUpperCase()).join(' ')})` : ''}`;
    sep();
    push(`${name}[${sec}]${origin} `);
    push(literal(data));
    if ((b[2] ?? '').toUpperCase() !== 'HEADER' && !(b[2] ?? '').toUpperCase().startsWith('HEADER.')) bodySent = true;
    if (!/PEEK/i.test(b[1] ?? '') && !seen) markedSeen = true;
  }
  if (markedSeen && !wants.includes('FLAGS')) push(' FLAGS (\\Seen)');
  return { bytes: Buffer.concat([Buffer.from(`* ${m.seq} FETCH (`), ...parts, Buffer.from(')\r\n')]), markedSeen, bodySent };
}

/** RFC 3501 §9 sequence-set ("1", "2:4", "1:*", "3,5:7") over numbers 1..max; bounded. */
export function sequenceSet(text: string, max: number): number[] {
  if (!/^[\d*:,]{1,512}$/.test(text)) throw new FetchError('Invalid messageset');
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a = '', b] = part.split(':', 2);
    const num = (s: string): number => (s === '*' ? max : Number(s));
    const x = num(a);
    const y = b === undefined ? x : num(b);
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 1 || y < 1) throw new FetchError('Invalid messageset');
    const lo = Math.min(x, y);
    const hi = Math.min(Math.max(x, y), max);
    for (let n = lo; n <= hi; n++) out.add(n);
  }
  return [...out].sort((p, q) => p - q);
}
