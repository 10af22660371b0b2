// Response model and wire format: status lines, header order and keep-alive headers as Apache,
// nginx, Tomcat or Jetty emit them, and each server's canned error pages (Apache http_protocol.c,
// nginx ngx_http_special_response.c, Tomcat ErrorReportValve).
import type { ServerFlavor } from './flavor';

export interface HttpResponse {
  status: number;
  /** Application headers (Location, Set-Cookie, WWW-Authenticate, X-Powered-By, ...) in order. */
  headers: Array<[string, string]>;
  body: Buffer;
  contentType?: string;
  /** Static file metadata: Last-Modified / ETag / Accept-Ranges. */
  staticMtimeMs?: number;
  close?: boolean;
}

export const REASONS: Record<number, string> = {
  100: 'Continue', 200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 408: 'Request Timeout', 411: 'Length Required', 413: 'Request Entity Too Large', 414: 'Request-URI Too Long',
  415: 'Unsupported Media Type', 417: 'Expectation Failed', 429: 'Too Many Requests', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
};

export function reason(status: number, f: ServerFlavor): string {
  if (f.kind === 'nginx' && status === 405) return 'Not Allowed';
  if (f.kind === 'nginx' && status === 414) return 'Request-URI Too Large';
  if ((f.kind === 'tomcat' || f.kind === 'jetty') && status === 413) return 'Payload Too Large';
  return REASONS[status] ?? 'Unknown';
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Apache's get_canned_error_string() texts (2.4.39+ wording). */
function apacheText(status: number, method: string, location: string): string {
  switch (status) {
    case 301: case 302: case 303: return `<p>The document has moved <a href="${escapeHtml(location)}">here</a>.</p>\n`;
    case 400: return '<p>Your browser sent a request that this server could not understand.<br />\n</p>\n';
    case 401: return "<p>This server could not verify that you\nare authorized to access the document\nrequested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\nbrowser doesn't understand how to supply\nthe credentials required.</p>\n";
    case 403: return "<p>You don't have permission to access this resource.</p>\n";
    case 404: return '<p>The requested URL was not found on this server.</p>\n';
    case 405: return `<p>The requested method ${escapeHtml(method)} is not allowed for this URL.</p>\n`;
    case 413: return `The requested resource does not allow request data with ${escapeHtml(method)} requests, or the amount of data provided in\nthe request exceeds the capacity limit.\n`;
    case 414: return "<p>The requested URL's length exceeds the capacity\nlimit for this server.<br />\n</p>\n";
    case 417: return '<p>The expectation given in the Expect request-header\nfield could not be met by this server.\n</p><p>Only the 100-continue expectation is supported.</p>\n';
    case 501: return `<p>${escapeHtml(method)} not supported for current URL.<br />\n</p>\n`;
    case 503: return '<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n';
    default: return '<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.</p>\n<p>Please contact the server administrator at \n webmaster@localhost to inform them of the time this error occurred,\n and the actions you performed just before this error.</p>\n<p>More information about this error may be available\nin the server error log.</p>\n';
  }
}

export interface ErrorPageInput {
  status: number;
  method: string;
  /** Host name for Apache's signature line ("Server at HOST Port N"), already validated. */
  host: string;
  port: number;
  location?: string;
  /** Tomcat/Jetty: the request path for the message line. */
  path?: string;
  /** nginx shows a different title for oversized headers. */
  title?: string;
  userAgent?: string;
}

const NGINX_PADDING = '<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n'.repeat(6);

export function errorPage(f: ServerFlavor, e: ErrorPageInput): HttpResponse {
  const r = reason(e.status, f);
  const headers: Array<[string, string]> = e.location ? [['Location', e.location]] : [];
  if (f.kind === 'nginx') {
    const title = e.title ?? `${e.status} ${r}`;
    // ngx_http_special_response.c: MSIE/Chrome get padding so they show the server's page.
    const pad = e.status >= 400 && /MSIE |Chrome\//.test(e.userAgent ?? '') ? NGINX_PADDING : '';
    const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${escapeHtml(f.signature)}</center>\r\n</body>\r\n</html>\r\n${pad}`;
    return { status: e.status, headers, body: Buffer.from(body), contentType: 'text/html' };
  }
  if (f.kind === 'other') {
    // An unknown or embedded server: a bare page without another product's signature.
    const body = `<html><head><title>${e.status} ${r}</title></head><body><h1>${r}</h1></body></html>\n`;
    return { status: e.status, headers, body: Buffer.from(body), contentType: 'text/html' };
  }
  if (f.kind === 'tomcat' || f.kind === 'jetty') {
    const body = `<!doctype html><html lang="en"><head><title>HTTP Status ${e.status} – ${r}</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status ${e.status} – ${r}</h1><hr class="line" /><p><b>Type</b> Status Report</p>${e.status === 404 ? `<p><b>Message</b> The requested resource [${escapeHtml(e.path ?? '/').replace(/\//g, '&#47;')}] is not available</p>` : ''}<p><b>Description</b> ${e.status === 404 ? 'The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.' : 'The server cannot or will not process the request due to something that is perceived to be a client error.'}</p><hr class="line" /><h3>${escapeHtml(f.signature)}</h3></body></html>`;
    return { status: e.status, headers, body: Buffer.from(body, 'utf8'), contentType: 'text/html;charset=utf-8' };
  }
  const body =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n' +
    `<title>${e.status} ${r}</title>\n</head><body>\n<h1>${r}</h1>\n${apacheText(e.status, e.method, e.location ?? '')}` +
    `<hr>\n<address>${escapeHtml(f.signature)} Server at ${escapeHtml(e.host)} Port ${e.port}</address>\n</body></html>\n`;
  return { status: e.status, headers, body: Buffer.from(body, 'latin1'), contentType: 'text/html; charset=iso-8859-1' };
}

export interface WireOptions {
  now: Date;
  head: boolean;
  version: '0.9' | '1.0' | '1.1';
  keepAlive: boolean;
  /** Requests left on this connection (Apache's "Keep-Alive: max=N"). */
  keepAliveLeft: number;
  extra: Record<string, string>;
}

const etag = (f: ServerFlavor, size: number, mtimeMs: number): string =>
  f.kind === 'nginx' ? `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"` : `"${size.toString(16)}-${(mtimeMs * 1000).toString(16)}"`;

/** Serialises a response in the flavor's header order. */
export function toWire(res: HttpResponse, f: ServerFlavor, o: WireOptions): Buffer {
  if (o.version === '0.9') return o.head ? Buffer.alloc(0) : res.body;
  const date = o.now.toUTCString();
  const len = String(res.body.length);
  const type = res.contentType;
  const ka = o.keepAlive && !res.close;
  const extra = Object.entries(o.extra);
  const stat: Array<[string, string]> = res.staticMtimeMs !== undefined
    ? [['Last-Modified', new Date(res.staticMtimeMs).toUTCString()], ['ETag', etag(f, res.body.length, res.staticMtimeMs)], ['Accept-Ranges', 'bytes']]
    : [];
  let h: Array<[string, string | undefined]>;
  if (f.kind === 'nginx') {
    h = [['Server', f.server], ['Date', date], ['Content-Type', type], ['Content-Length', len], ...stat.slice(0, 1),
      ['Connection', ka ? 'keep-alive' : 'close'], ...stat.slice(1), ...res.headers, ...extra];
  } else if (f.kind === 'tomcat') {
    h = [...res.headers, ...extra, ['Content-Type', type], ['Content-Length', len], ['Date', date],
      ...(ka ? ([['Keep-Alive', 'timeout=20'], ['Connection', 'keep-alive']] as Array<[string, string]>) : [['Connection', 'close'] as [string, string]])];
  } else if (f.kind === 'jetty') {
    h = [['Date', date], ...res.headers, ...extra, ['Content-Type', type], ['Content-Length', len], ['Server', f.server], ...(ka ? [] : [['Connection', 'close'] as [string, string]])];
  } else {
    const conn: Array<[string, string]> = ka ? [['Keep-Alive', `timeout=5, max=${o.keepAliveLeft}`], ['Connection', 'Keep-Alive']] : [['Connection', 'close']];
    h = [['Date', date], ['Server', f.server], ...res.headers, ...extra, ...stat, ['Content-Length', len],
      ...(stat.length ? ([['Vary', 'Accept-Encoding']] as Array<[string, string]>) : []), ...conn, ['Content-Type', type]];
  }
  const head = `HTTP/1.1 ${res.status} ${reason(res.status, f)}\r\n${h.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return o.head ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), res.body]);
}
