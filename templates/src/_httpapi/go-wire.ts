// Response serialisation as Go's net/http writes it (docker daemon, kube-apiserver): status line in
// the request's version, handler headers sorted by key, then Date and Content-Length; a body past
// bufferBeforeChunkingSize (2048) is chunked on HTTP/1.1, or framed by close on HTTP/1.0.
// Parser refusals are net/http's bare "400 Bad Request" answers (server.go errorHeaders).
import { REASONS } from '../http/responses';
import type { ApiResponse, WireContext, WireStyle } from './types';

const BUFFER_BEFORE_CHUNKING = 2048;

/** Go's http.StatusText for the statuses these APIs use. */
export function goStatusText(status: number): string {
  if (status === 413) return 'Request Entity Too Large';
  if (status === 431) return 'Request Header Fields Too Large';
  if (status === 409) return 'Conflict';
  if (status === 422) return 'Unprocessable Entity';
  return REASONS[status] ?? 'Unknown';
}

/** CanonicalMIMEHeaderKey: "api-version" -> "Api-Version", "ostype" -> "Ostype". */
export const canonicalKey = (k: string): string => k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());

export const goWire: WireStyle = {
  write(res: ApiResponse, w: WireContext): { bytes: Buffer; close: boolean } {
    const is11 = w.version === '1.1';
    const headers = res.headers.map(([k, v]): [string, string] => [canonicalKey(k), v]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let close = Boolean(res.close) || !w.keepAlive;
    const noBody = w.method === 'HEAD' || res.status === 204 || res.status === 304;
    const chunked = !noBody && res.body.length > BUFFER_BEFORE_CHUNKING;
    if (chunked && !is11) close = true;
    const extra: Array<[string, string]> = [['Date', w.now.toUTCString()]];
    if (!chunked && res.status !== 204 && res.status !== 304) extra.push(['Content-Length', String(res.body.length)]);
    if (!headers.some(([k]) => k === 'Content-Type') && res.body.length > 0) extra.push(['Content-Type', 'text/plain; charset=utf-8']);
    if (close && is11) extra.push(['Connection', 'close']);
    else if (!close && !is11) extra.push(['Connection', 'keep-alive']);
    if (chunked && is11) extra.push(['Transfer-Encoding', 'chunked']);
    const head = `HTTP/${is11 ? '1.1' : '1.0'} ${res.status} ${goStatusText(res.status)}\r\n${[...headers, ...extra].map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    const parts: Buffer[] = [Buffer.from(head, 'latin1')];
    if (!noBody) parts.push(chunked && is11 ? Buffer.concat([Buffer.from(`${res.body.length.toString(16)}\r\n`), res.body, Buffer.from('\r\n0\r\n\r\n')]) : res.body);
    return { bytes: Buffer.concat(parts), close };
  },
  malformed(status: number, reason: string): Buffer {
    // net/http: statusError{400, "missing required Host header"} gets its text; other errors the bare status.
    if (reason === 'missing or repeated Host') {
      const text = '400 Bad Request: missing required Host header';
      return Buffer.from(`HTTP/1.1 ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${text}`);
    }
    const code = (status === 400 && /header|too many/.test(reason)) || status === 414 ? 431 : status === 413 || status === 505 ? status : 400;
    const text = code === 505 ? '505 HTTP Version Not Supported: unsupported protocol version' : `${code} ${goStatusText(code)}`;
    return Buffer.from(`HTTP/1.1 ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${text}`);
  },
};
