// HTTP/1.1 request parser (RFC 9112): request-line (§3), field lines (§5), message body length
// (§6.3: Transfer-Encoding chunked §7.1, Content-Length), leading empty lines (§2.2), HTTP/0.9
// simple requests. Bytes in, events out, pull-based; every buffer is bounded and the first
// malformed byte produces the status a real server answers with, after which the parser stops.
import { ByteQueue } from '../_io/byte-queue';
import { ChunkedDecoder } from './chunked';

export interface RequestHead {
  method: string;
  target: string;
  /** "0.9" for a simple request (no version), "1.0" or "1.1" (1.2+ behave as 1.1). */
  version: '0.9' | '1.0' | '1.1';
  /** Field lines as received (name case and order kept, §5). */
  headers: Array<[string, string]>;
  contentLength: number;
  chunked: boolean;
  keepAlive: boolean;
  expect?: string;
}

export type HttpEvent =
  | { kind: 'head'; head: RequestHead }
  | { kind: 'body'; data: Buffer }
  | { kind: 'end' }
  | { kind: 'error'; status: number; reason: string };

export interface HttpLimits {
  requestLineBytes: number;
  headerBytes: number;
  headerCount: number;
  /** Larger declared or received bodies get 413. */
  maxBodyBytes: number;
  /** nginx refuses Content-Length together with Transfer-Encoding; Apache lets chunked win. */
  rejectClWithTe: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CR = 0x0d;
const LF = 0x0a;

export class HttpParser {
  private readonly q = new ByteQueue();
  private state: 'line' | 'headers' | 'body' | 'chunked' | 'dead' = 'line';
  private scanned = 0;
  private head?: RequestHead;
  private bodyLeft = 0;
  private bodyTotal = 0;
  private headerBytes = 0;
  private chunked?: ChunkedDecoder;
  private pending: HttpEvent[] = [];

  constructor(private readonly limits: HttpLimits) {}

  push(chunk: Uint8Array): void {
    if (this.state !== 'dead') this.q.push(chunk);
  }

  get buffered(): number {
    return this.q.length;
  }

  next(): HttpEvent | undefined {
    while (this.pending.length === 0 && this.state !== 'dead') {
      if (!this.step()) break;
    }
    return this.pending.shift();
  }

  private fail(status: number, reason: string): false {
    this.state = 'dead';
    this.q.clear();
    this.pending.push({ kind: 'error', status, reason });
    return false;
  }

  /** One parsing step; false when more input is needed (or the parser died). */
  private step(): boolean {
    switch (this.state) {
      case 'line':
        return this.requestLine();
      case 'headers':
        return this.headerBlock();
      case 'body':
        return this.fixedBody();
      case 'chunked':
        return this.chunkedBody();
      default:
        return false;
    }
  }

  private requestLine(): boolean {
    // §2.2: ignore empty lines before the request-line.
    while (this.q.length > 0 && (this.q.at(0) === CR || this.q.at(0) === LF)) {
      if (this.q.at(0) === CR && this.q.length < 2) return false;
      this.q.skip(this.q.at(0) === CR && this.q.at(1) === LF ? 2 : 1);
    }
    const lf = this.q.indexOf(LF, this.scanned);
    if (lf < 0) {
      this.scanned = this.q.length;
      return this.q.length > this.limits.requestLineBytes ? this.fail(414, 'request line too long') : false;
    }
    this.scanned = 0;
    if (lf > this.limits.requestLineBytes) return this.fail(414, 'request line too long');
    const raw = this.q.take(lf + 1);
    const line = raw.subarray(0, raw.length - (raw.length > 1 && raw[raw.length - 2] === CR ? 2 : 1)).toString('latin1');
    const parts = line.split(' ');
    if (/[\x00-\x1f\x7f]/.test(line)) return this.fail(400, 'control character in request line');
    if (parts.length === 2 && parts[0] === 'GET' && parts[1]) {
      this.head = { method: 'GET', target: parts[1], version: '0.9', headers: [], contentLength: 0, chunked: false, keepAlive: false };
      this.pending.push({ kind: 'head', head: this.head }, { kind: 'end' });
      this.state = 'dead';
      return false;
    }
    if (parts.length !== 3) return this.fail(400, 'malformed request line');
    const [method = '', target = '', proto = ''] = parts;
    if (!TOKEN.test(method) || !target) return this.fail(400, 'invalid method or target');
    const v = /^HTTP\/(\d)\.(\d)$/.exec(proto);
    if (!v) return this.fail(400, 'invalid HTTP version');
    if (v[1] !== '1') return this.fail(v[1] === '0' ? 400 : 505, 'unsupported HTTP version');
    this.head = { method, target, version: v[2] === '0' ? '1.0' : '1.1', headers: [], contentLength: 0, chunked: false, keepAlive: false };
    this.state = 'headers';
    this.headerBytes = 0;
    return true;
  }

  private headerBlock(): boolean {
    const head = this.head;
    if (!head) return this.fail(500, 'no head');
    for (;;) {
      const lf = this.q.indexOf(LF, this.scanned);
      if (lf < 0) {
        this.scanned = this.q.length;
        return this.headerBytes + this.q.length > this.limits.headerBytes ? this.fail(400, 'header block too large') : false;
      }
      this.scanned = 0;
      const raw = this.q.take(lf + 1);
      const line = raw.subarray(0, raw.length - (raw.length > 1 && raw[raw.length - 2] === CR ? 2 : 1)).toString('latin1');
      if (line === '') return this.finishHead(head);
      if (line.startsWith(' ') || line.startsWith('\t')) return this.fail(400, 'obsolete line folding'); // §5.2
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!TOKEN.test(name)) return this.fail(400, 'invalid field name'); // §5.1: no whitespace before ':'
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
      if (/[\x00\r\n]/.test(value)) return this.fail(400, 'invalid field value');
      head.headers.push([name, value]);
      if (head.headers.length > this.limits.headerCount) return this.fail(400, 'too many header fields');
      this.headerBytes += raw.length;
      if (this.headerBytes > this.limits.headerBytes) return this.fail(400, 'header block too large');
    }
  }

  private finishHead(head: RequestHead): boolean {
    const all = (n: string): string[] => head.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
    const hosts = all('host');
    if (head.version === '1.1' && hosts.length !== 1) return this.fail(400, 'missing or repeated Host'); // §3.2
    if (hosts.length > 1) return this.fail(400, 'repeated Host');
    const conn = all('connection').join(',').toLowerCase().split(',').map((t) => t.trim());
    head.keepAlive = head.version === '1.1' ? !conn.includes('close') : conn.includes('keep-alive');
    const expect = all('expect')[0];
    if (expect !== undefined) head.expect = expect;
    const te = all('transfer-encoding');
    const cl = all('content-length');
    this.bodyTotal = 0;
    if (te.length > 0) {
      const codings = te.join(',').toLowerCase().split(',').map((t) => t.trim()).filter(Boolean);
      if (codings.some((c) => c !== 'chunked')) return this.fail(501, 'unsupported transfer coding'); // §6.1
      if (codings.at(-1) !== 'chunked' || codings.length > 1) return this.fail(400, 'chunked is not the final coding'); // §6.3 (4)
      if (cl.length > 0 && this.limits.rejectClWithTe) return this.fail(400, 'Content-Length with Transfer-Encoding');
      head.chunked = true;
      head.keepAlive &&= cl.length === 0; // §6.1: close after a message that had both
      this.chunked = new ChunkedDecoder();
      this.state = 'chunked';
    } else if (cl.length > 0) {
      const values = new Set(cl.join(',').split(',').map((t) => t.trim()));
      const only = [...values][0] ?? '';
      if (values.size !== 1 || !/^\d{1,15}$/.test(only)) return this.fail(400, 'invalid Content-Length'); // §6.3 (5)
      head.contentLength = Number(only);
      if (head.contentLength > this.limits.maxBodyBytes) return this.fail(413, 'body too large');
      this.bodyLeft = head.contentLength;
      this.state = head.contentLength > 0 ? 'body' : 'line';
    } else {
      this.state = 'line';
    }
    this.pending.push({ kind: 'head', head });
    if (this.state === 'line') this.pending.push({ kind: 'end' });
    return true;
  }

  private fixedBody(): boolean {
    if (this.q.length === 0) return false;
    const data = this.q.take(Math.min(this.bodyLeft, this.q.length));
    this.bodyLeft -= data.length;
    this.pending.push({ kind: 'body', data });
    if (this.bodyLeft === 0) {
      this.state = 'line';
      this.pending.push({ kind: 'end' });
    }
    return true;
  }

  private chunkedBody(): boolean {
    const dec = this.chunked;
    if (!dec || this.q.length === 0) return false;
    const r = dec.feed(this.q);
    if (r.error) return this.fail(400, r.error);
    if (r.data.length > 0) {
      this.bodyTotal += r.data.length;
      if (this.bodyTotal > this.limits.maxBodyBytes) return this.fail(413, 'body too large');
      this.pending.push({ kind: 'body', data: r.data });
    }
    if (r.done) {
      this.state = 'line';
      this.pending.push({ kind: 'end' });
      return true;
    }
    return r.data.length > 0;
  }
}
