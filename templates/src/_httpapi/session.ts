// One HTTP/1.1 connection of an HTTP-API persona: the http template's parser (RFC 9112), bodies
// bounded (413 past the product's limit, kept up to the capture limit), requests answered strictly
// in order (§9.3.2 pipelining), each handed to the service's handler and written in its wire style.
import type { Duplex } from 'node:stream';
import { HttpParser, type RequestHead } from '../http/parser';
import { header, splitTarget } from '../http/request-info';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { ApiRequest, ApiResponse, WireStyle } from './types';

export interface ApiSessionOptions {
  wire: WireStyle;
  /** Bodies past this get the parser's 413 (ES http.max_content_length is 100 MB; we bound lower). */
  maxBodyBytes: number;
  /** Largest header block (request line included) before the product's refusal. */
  headerBytes?: number;
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
}

const MAX_REQUESTS_PER_CONNECTION = 1000;

export function createApiSession<C>(stream: Duplex, ctx: TemplateContext<C>, opts: ApiSessionOptions): SessionHandle {
  const headerBytes = opts.headerBytes ?? 16 * 1024;
  const parser = new HttpParser({ requestLineBytes: Math.min(headerBytes, 8192), headerBytes, headerCount: 100, maxBodyBytes: opts.maxBodyBytes, rejectClWithTe: true });
  const keepCap = Math.min(ctx.limits.maxCaptureBytes, opts.maxBodyBytes);
  let head: RequestHead | undefined;
  let parts: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let served = 0;
  let busy = false;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      parser.push(chunk);
      void pump();
    },
  });

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    io.hold();
    try {
      for (let ev = parser.next(); ev && !io.closed; ev = parser.next()) {
        if (ev.kind === 'head') {
          head = ev.head;
          parts = [];
          kept = size = 0;
          // RFC 9110 §10.1.1: Go and Netty both answer 100-continue before reading the body.
          if (head.expect !== undefined && /^100-continue$/i.test(head.expect) && head.version === '1.1' && (head.chunked || head.contentLength > 0)) io.write('HTTP/1.1 100 Continue\r\n\r\n');
        } else if (ev.kind === 'body') {
          size += ev.data.length;
          if (kept < keepCap) {
            const part = ev.data.subarray(0, keepCap - kept);
            parts.push(part);
            kept += part.length;
          }
        } else if (ev.kind === 'end' && head) {
          const h = head;
          head = undefined;
          if (!(await respond(h, Buffer.concat(parts)))) return;
        } else if (ev.kind === 'error') {
          if (ev.status === 413 || ev.status === 414 || /too large|too long|too many/.test(ev.reason)) io.oversized(ev.reason, parser.buffered + size, ev.status === 413 ? opts.maxBodyBytes : headerBytes);
          else ctx.emit('protocol_error', { status: ev.status, error: ev.reason });
          return io.end(opts.wire.malformed(ev.status, ev.reason, ctx.now()));
        }
      }
    } catch (e) {
      io.fail(e);
    } finally {
      busy = false;
      io.release();
    }
  }

  /** Answers one request; false when the connection ends after it. */
  async function respond(h: RequestHead, body: Buffer): Promise<boolean> {
    served++;
    const { path, query } = splitTarget(h.target);
    const req: ApiRequest = {
      method: h.method, target: h.target, path, query: new URLSearchParams(query), rawQuery: query, version: h.version,
      headers: h.headers, header: (n) => header(h, n), body, bodySize: size, keepAlive: h.keepAlive,
    };
    const res = await opts.handle(req);
    if (res.raw) {
      io.write(res.raw);
      if (res.close !== false) {
        io.end();
        return false;
      }
      return true;
    }
    const out = opts.wire.write(res, { version: h.version, method: h.method, keepAlive: h.keepAlive && served < MAX_REQUESTS_PER_CONNECTION, now: ctx.now() });
    io.write(out.bytes);
    if (out.close || h.version === '0.9') {
      io.end();
      return false;
    }
    return true;
  }

  return { close: (reason) => io.destroy(reason) };
}
