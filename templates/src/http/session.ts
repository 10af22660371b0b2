// One HTTP/1.1 connection (RFC 9112 §9: persistence and pipelining, answered strictly in order):
// parse, 100-continue, route (fake app, then site), log `request` with any credential found, write
// the response as the persona's server would, keep the connection alive as that server does.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { SessionHandle, TemplateContext } from '../template';
import { FAKE_APP_HANDLERS, type AppEnv, type SiteRequest } from './apps';
import type { HttpConfig } from './config';
import { classifyAuthorization, extractFormCredentials } from './credentials';
import { flavorFor } from './flavor';
import { ja4h } from './ja4h';
import { HttpParser, type RequestHead } from './parser';
import { header, headersJson, hostOf, splitTarget } from './request-info';
import { errorPage, toWire, type HttpResponse } from './responses';
import { SessionIo } from '../_io/session-io';
import { serveSite } from './site';

export interface HttpSessionOptions {
  scheme: 'http' | 'https';
}

/** Apache KeepAliveTimeout 5 s / MaxKeepAliveRequests 100, nginx keepalive_timeout 65 s (Debian), Tomcat 20 s. */
const KEEPALIVE_MS = { apache: 5000, nginx: 65_000, tomcat: 20_000, jetty: 30_000, other: 5000 } as const;
const MAX_KEEPALIVE_REQUESTS = 100;
const INLINE_BODY = 512;

export function createHttpSession(stream: Duplex, ctx: TemplateContext<HttpConfig>, opts: HttpSessionOptions): SessionHandle {
  const cfg = ctx.config;
  const persona = ctx.persona;
  const app = cfg.fake_app ? FAKE_APP_HANDLERS[cfg.fake_app] : undefined;
  const base = flavorFor(cfg.server_header ?? persona.services.http.server, persona);
  const flavor = app?.flavor ? app.flavor(base, persona, cfg.server_header) : base;
  const parser = new HttpParser({ requestLineBytes: 8192, headerBytes: 32 * 1024, headerCount: 100, maxBodyBytes: flavor.maxBodyBytes, rejectClWithTe: flavor.kind === 'nginx' });
  const keepCap = ctx.limits.maxCaptureBytes;
  const fallbackHost = flavor.kind === 'apache' && (flavor.distro === 'ubuntu' || flavor.distro === 'debian') ? '127.0.1.1' : persona.hostname;
  const defaultPort = opts.scheme === 'https' ? 443 : 80;
  const siteUrl = `${opts.scheme}://${persona.hostname}.${persona.domain}${ctx.dst.port && ctx.dst.port !== defaultPort ? `:${ctx.dst.port}` : ''}`;

  let head: RequestHead | undefined;
  let parts: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let served = 0;
  let busy = false;
  let idle: NodeJS.Timeout | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      clearTimeout(idle);
      parser.push(chunk);
      void pump();
    },
    onClose: () => clearTimeout(idle),
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
          if (!expectation(ev.head)) return;
        } else if (ev.kind === 'body') {
          size += ev.data.length;
          if (kept < keepCap) {
            const part = ev.data.subarray(0, keepCap - kept);
            parts.push(part);
            kept += part.length;
          }
        } else if (ev.kind === 'end' && head) {
          await respond(head, Buffer.concat(parts));
          head = undefined;
        } else if (ev.kind === 'error') {
          if (ev.status === 413 || ev.status === 414 || ev.reason.includes('too large') || ev.reason.includes('too many')) io.oversized(ev.reason, parser.buffered + size, ev.status === 414 ? 8192 : ev.status === 413 ? flavor.maxBodyBytes : 32 * 1024);
          else ctx.emit('protocol_error', { status: ev.status, error: ev.reason });
          const page = errorPage(flavor, { status: ev.status, method: head?.method ?? 'GET', host: fallbackHost, port: ctx.dst.port || defaultPort });
          return io.end(toWire({ ...page, close: true }, flavor, wire(head?.version === '0.9' ? '1.1' : (head?.version ?? '1.1'), false, false)));
        }
      }
    } catch (e) {
      io.fail(e);
    } finally {
      busy = false;
      io.release();
    }
  }

  function wire(version: '0.9' | '1.0' | '1.1', keepAlive: boolean, isHead: boolean) {
    return { now: ctx.now(), head: isHead, version, keepAlive, keepAliveLeft: MAX_KEEPALIVE_REQUESTS - served + 1, extra: cfg.extra_headers };
  }

  /** RFC 9110 §10.1.1: answer 100-continue before the body; other expectations get 417. */
  function expectation(h: RequestHead): boolean {
    if (h.expect === undefined) return true;
    if (/^100-continue$/i.test(h.expect)) {
      if (h.version === '1.1' && (h.chunked || h.contentLength > 0)) io.write('HTTP/1.1 100 Continue\r\n\r\n');
      return true;
    }
    const page = errorPage(flavor, { status: 417, method: h.method, host: fallbackHost, port: ctx.dst.port || defaultPort });
    io.end(toWire({ ...page, close: true }, flavor, wire(h.version, false, false)));
    return false;
  }

  async function respond(h: RequestHead, body: Buffer): Promise<void> {
    served++;
    const { path, query } = splitTarget(h.target);
    const host = hostOf(h);
    const req: SiteRequest = {
      method: h.method, path, query: new URLSearchParams(query), headers: h.headers, header: (n) => header(h, n), body,
      host: host ?? fallbackHost, port: ctx.dst.port || defaultPort, scheme: opts.scheme,
    };
    const env: AppEnv = {
      persona, flavor, now: ctx.now(), baseUrl: siteUrl, poweredBy: persona.services.http.poweredBy,
      random: (n) => randomBytes(n).toString('hex'),
    };
    let result = host === null ? undefined : app?.handle(req, env);
    let res: HttpResponse;
    if (host === null) res = { ...errorPage(flavor, { status: 400, method: h.method, host: fallbackHost, port: req.port }), close: true };
    else {
      result ??= serveSite({ req, env, config: cfg, osName: persona.shell.osPrettyName });
      res = result.response;
    }
    const keepAlive = h.keepAlive && !res.close && served < MAX_KEEPALIVE_REQUESTS;
    const out = toWire(res, flavor, wire(h.version, keepAlive, h.method === 'HEAD'));
    await logRequest(h, path, query, host, body, res, out.length, result?.credential);
    io.write(out);
    if (!keepAlive) return io.end();
    idle = setTimeout(() => io.end(), KEEPALIVE_MS[flavor.kind]);
    idle.unref?.();
  }

  async function logRequest(h: RequestHead, path: string, query: string, host: string | null | undefined, body: Buffer, res: HttpResponse, bytes: number, appCred?: ReturnType<typeof classifyAuthorization>): Promise<void> {
    const cred = classifyAuthorization(header(h, 'authorization')) ?? extractFormCredentials(body, header(h, 'content-type')) ?? appCred;
    const headers = headersJson(h.headers);
    let stored: Record<string, string | number | undefined> = {};
    if (body.length > INLINE_BODY) {
      const art = await ctx.capture(`http-${h.method.toLowerCase().slice(0, 10)}-body`, body);
      stored = { body_sha256: art.sha256, body_stored_as: art.storedAs };
    }
    ctx.emit('request', {
      method: h.method.slice(0, 32), path, query: query || undefined, version: `HTTP/${h.version}`, host: host ?? undefined,
      remote_addr: ctx.src.ip, headers: headers.json, headers_truncated: headers.truncated ? 1 : undefined,
      user_agent: header(h, 'user-agent')?.slice(0, 512), body: body.subarray(0, INLINE_BODY).toString('utf8'), body_size: size,
      status: res.status, bytes, ...stored, ...(cred ?? {}),
    });
    ctx.emit('http_request_fingerprint', {
      proto: 'h1', method: h.method.slice(0, 32), path, ja4h: ja4h(h.method, h.version, h.headers),
      headers_ordered: JSON.stringify(h.headers.map(([n]) => n).slice(0, 100)).slice(0, 3000),
      cookie: header(h, 'cookie')?.slice(0, 1024), accept_language: header(h, 'accept-language')?.slice(0, 128),
    });
  }

  return { close: (reason) => io.destroy(reason) };
}
