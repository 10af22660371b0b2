// Responses as Elasticsearch's Netty HTTP layer writes them: the request's HTTP version, product
// headers first (X-elastic-product on 7.14+, never on 401/403), then lower-case content-type and
// content-length, no Date or Server; HEAD keeps the length of the body it omits; HTTP/1.0 closes.
import { REASONS } from '../http/responses';
import type { ApiResponse, WireContext, WireStyle } from '../_httpapi/types';

const reasonOf = (s: number): string => (s === 413 ? 'Request Entity Too Large' : (REASONS[s] ?? 'Unknown'));

export function esWire(productHeader: boolean): WireStyle {
  return {
    write(res: ApiResponse, w: WireContext) {
      const v = w.version === '1.0' ? '1.0' : '1.1';
      const product: Array<[string, string]> = productHeader && res.status !== 401 && res.status !== 403 ? [['X-elastic-product', 'Elasticsearch']] : [];
      const lines = [...res.headers.filter(([k]) => k !== 'content-type'), ...product];
      const type = res.headers.find(([k]) => k === 'content-type')?.[1];
      if (type) lines.push(['content-type', type]);
      lines.push(['content-length', String(res.body.length)]);
      const head = Buffer.from(`HTTP/${v} ${res.status} ${reasonOf(res.status)}\r\n${lines.map(([k, val]) => `${k}: ${val}\r\n`).join('')}\r\n`, 'latin1');
      const close = Boolean(res.close) || !w.keepAlive;
      if (w.version === '0.9') return { bytes: res.body, close: true };
      return { bytes: w.method === 'HEAD' ? head : Buffer.concat([head, res.body]), close };
    },
    malformed(status: number) {
      if (status === 413) return Buffer.from('HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n');
      const body = JSON.stringify({ error: { root_cause: [{ type: 'illegal_argument_exception', reason: 'invalid HTTP request' }], type: 'illegal_argument_exception', reason: 'invalid HTTP request' }, status: 400 });
      return Buffer.from(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    },
  };
}
