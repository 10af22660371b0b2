// SIP message parsing (RFC 3261 §7: start line, headers §7.3 with folding and the compact forms of
// §7.3.3, body by Content-Length §20.14) and stream framing for TCP (§18.3: Content-Length is
// mandatory, CRLF keep-alives of RFC 5626 §4.4.1 between messages). Bounded; never throws.
import { ByteQueue } from '../_io/byte-queue';

export const MAX_HEADERS = 64;
export const MAX_HEADER_LINE = 2048;
export const MAX_HEADER_BYTES = 8192;
export const MAX_BODY_BYTES = 16_384;

/** RFC 3261 §7.3.3 and the IANA registry's other single-letter names. */
const COMPACT: Record<string, string> = {
  i: 'call-id', f: 'from', t: 'to', v: 'via', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported', s: 'subject',
  e: 'content-encoding', o: 'event', u: 'allow-events', r: 'refer-to', b: 'referred-by', x: 'session-expires', a: 'accept-contact', j: 'reject-contact', d: 'request-disposition', y: 'identity', n: 'identity-info',
};

export interface SipMessage {
  kind: 'request' | 'response';
  /** Request method (as sent: case-sensitive per §7.1), or the response's status code as text. */
  method: string;
  uri: string;
  version: string;
  /** Lower-case full names in arrival order (compact forms expanded); values trimmed. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export type ParseResult = { ok: true; msg: SipMessage } | { ok: false; error: string };

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;

export function header(m: SipMessage, name: string): string | undefined {
  return m.headers.find(([n]) => n === name)?.[1];
}

export function headersOf(m: SipMessage, name: string): string[] {
  return m.headers.filter(([n]) => n === name).map(([, v]) => v);
}

/** Parses the header block (start line + headers, no blank line). */
function parseHead(text: string): { ok: true; msg: Omit<SipMessage, 'body'> } | { ok: false; error: string } {
  const lines = text.split(/\r?\n/);
  const start = lines.shift() ?? '';
  if (start.length > MAX_HEADER_LINE) return { ok: false, error: 'line_too_long' };
  let kind: SipMessage['kind'];
  let method: string;
  let uri = '';
  let version: string;
  const resp = /^(SIP\/\d+\.\d+) (\d{3}) (.*)$/.exec(start);
  if (resp) {
    kind = 'response';
    version = resp[1]!;
    method = resp[2]!;
  } else {
    const req = /^(\S+) (\S+) (SIP\/\d+\.\d+)$/.exec(start);
    if (!req || !TOKEN.test(req[1]!)) return { ok: false, error: 'bad_start_line' };
    kind = 'request';
    method = req[1]!;
    uri = req[2]!;
    version = req[3]!;
  }
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (line.length > MAX_HEADER_LINE) return { ok: false, error: 'line_too_long' };
    // §7.3.1: a line starting with whitespace continues the previous header.
    if (/^[ \t]/.test(line) && headers.length) {
      const last = headers[headers.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`.slice(0, MAX_HEADER_LINE);
      continue;
    }
    const m = /^([A-Za-z0-9.!%*_+`'~-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (!m) return { ok: false, error: 'bad_header' };
    if (headers.length >= MAX_HEADERS) return { ok: false, error: 'too_many_headers' };
    const name = m[1]!.toLowerCase();
    headers.push([COMPACT[name] ?? name, m[2]!.trim()]);
  }
  return { ok: true, msg: { kind, method, uri, version, headers } };
}

function contentLength(headers: ReadonlyArray<[string, string]>): number | undefined | 'bad' {
  const v = headers.find(([n]) => n === 'content-length')?.[1];
  if (v === undefined) return undefined;
  return /^\d{1,9}$/.test(v) ? Number(v) : 'bad';
}

/** One datagram (RFC 3261 §18.3: a UDP message's body ends at the datagram when Content-Length is absent). */
export function parseDatagram(b: Uint8Array): ParseResult {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  let end = buf.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) {
    end = buf.indexOf('\n\n');
    sep = 2;
  }
  if (end < 0) return { ok: false, error: buf.length > MAX_HEADER_BYTES ? 'headers_too_large' : 'no_header_end' };
  if (end > MAX_HEADER_BYTES) return { ok: false, error: 'headers_too_large' };
  const head = parseHead(buf.subarray(0, end).toString('latin1'));
  if (!head.ok) return head;
  const rest = buf.subarray(end + sep);
  const cl = contentLength(head.msg.headers);
  if (cl === 'bad') return { ok: false, error: 'bad_content_length' };
  if (cl !== undefined && cl > rest.length) return { ok: false, error: 'truncated_body' };
  const body = rest.subarray(0, Math.min(cl ?? rest.length, MAX_BODY_BYTES));
  return { ok: true, msg: { ...head.msg, body: Buffer.from(body) } };
}

export type TcpFrame = { kind: 'message'; bytes: Buffer } | { kind: 'keepalive' } | { kind: 'too_large'; what: string; size: number };

/** RFC 3261 §18.3 framing on a stream; CRLF CRLF between messages is a keep-alive ping. */
export class SipTcpFramer {
  private readonly q = new ByteQueue();
  private failed = false;
  private scanned = 0;

  get buffered(): number {
    return this.q.length;
  }

  push(chunk: Uint8Array): void {
    if (!this.failed) this.q.push(chunk);
  }

  next(): TcpFrame | undefined {
    if (this.failed) return undefined;
    // Leading line ends: a "\r\n\r\n" ping asks for a "\r\n" pong (RFC 5626 §4.4.1); lone ones are skipped.
    let lead = 0;
    while (this.q.at(lead) === 0x0d || this.q.at(lead) === 0x0a) lead++;
    // Fewer than four line-end bytes so far may still become a ping: wait for more.
    if (lead > 0 && lead === this.q.length && lead < 4) return undefined;
    if (lead > 0) {
      const ping = lead >= 4 && this.q.at(0) === 0x0d && this.q.at(1) === 0x0a && this.q.at(2) === 0x0d && this.q.at(3) === 0x0a;
      this.q.skip(ping ? 4 : lead);
      this.scanned = 0;
      if (ping) return { kind: 'keepalive' };
    }
    const end = this.q.indexOfSeq(Buffer.from('\r\n\r\n'), Math.max(0, this.scanned - 3));
    if (end < 0) {
      this.scanned = this.q.length;
      if (this.q.length > MAX_HEADER_BYTES) return this.fail('headers', this.q.length);
      return undefined;
    }
    if (end > MAX_HEADER_BYTES) return this.fail('headers', end);
    const headText = this.q.copy(0, end).toString('latin1');
    const m = /(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*(?:\r\n|$)/i.exec(headText);
    const cl = m ? Number(m[1]) : 0;
    if (cl > MAX_BODY_BYTES) return this.fail('body', cl);
    if (this.q.length < end + 4 + cl) return undefined;
    this.scanned = 0;
    return { kind: 'message', bytes: this.q.take(end + 4 + cl) };
  }

  private fail(what: string, size: number): TcpFrame {
    this.failed = true;
    this.q.clear();
    return { kind: 'too_large', what, size };
  }
}
