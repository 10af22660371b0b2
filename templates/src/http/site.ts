// The site behind the server when no fake app claims a path: the distro's default page (or
// custom_body / response_code), Apache's and nginx's method rules for static files, their 403/404
// pages. Decides everything from the flavor so Apache and nginx never mix (D5).
import { defaultPage } from './default-pages';
import type { AppEnv, AppResult, SiteRequest } from './apps';
import type { HttpConfig } from './config';
import { errorPage, type HttpResponse } from './responses';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK']);
const DAY_MS = 86_400_000;

export interface SiteInput {
  req: SiteRequest;
  env: AppEnv;
  config: HttpConfig;
  osName: string;
}

function err(input: SiteInput, status: number, extra: Array<[string, string]> = []): AppResult {
  const { req, env } = input;
  const page = errorPage(env.flavor, { status, method: req.method, host: req.host, port: req.port, path: req.path, userAgent: req.header('user-agent') });
  page.headers.push(...extra);
  return { response: page };
}

/** The resource at `path`, if the default docroot has one. */
function resource(input: SiteInput): HttpResponse | 'forbidden' | undefined {
  const { req, env, config } = input;
  const p = req.path;
  const f = env.flavor;
  const index = p === '/' || p === '/index.html' || (f.kind === 'nginx' && p === '/index.nginx-debian.html');
  if (f.kind === 'apache' && (/^\/\.ht/.test(p) || p === '/server-status' || p === '/server-info')) return 'forbidden';
  // Files in the persona's docroot (canary bait planted there) are served as static files.
  const docFile = index ? undefined : env.persona.shell.files[`/var/www/html${p}`];
  if (docFile !== undefined) return { status: 200, headers: [], body: Buffer.from(docFile, 'utf8'), contentType: /\.html?$/.test(p) ? 'text/html' : /\.svg$/.test(p) ? 'image/svg+xml' : 'text/plain' };
  if (!index) return undefined;
  const installedMs = env.persona.shell.bootedAtMs - (Number.parseInt(env.persona.seed.slice(0, 4), 16) % 300 + 20) * DAY_MS;
  if (config.custom_body !== undefined) {
    return { status: config.response_code, headers: [], body: Buffer.from(config.custom_body, 'utf8'), contentType: 'text/html' };
  }
  if (config.response_code !== 200) return errorPage(f, { status: config.response_code, method: req.method, host: req.host, port: req.port });
  const page = defaultPage(f, input.osName);
  if (!page) return undefined;
  return { status: page.status, headers: [], body: Buffer.from(page.body, 'utf8'), contentType: 'text/html', staticMtimeMs: installedMs };
}

export function serveSite(input: SiteInput): AppResult {
  const { req, env } = input;
  const m = req.method;
  const f = env.flavor;
  if (f.kind === 'nginx') {
    if (m === 'TRACE' || !['GET', 'HEAD', 'POST'].includes(m)) return err(input, 405);
    const r = resource(input);
    if (r === undefined) return err(input, 404);
    if (r === 'forbidden') return err(input, 403);
    return m === 'POST' && r.staticMtimeMs !== undefined ? err(input, 405) : { response: r };
  }
  // Apache: unknown method 501; TRACE off (Ubuntu security.conf); OPTIONS answered by the core;
  // default_handler serves GET/POST (404 when missing) and refuses everything else with 405.
  if (!KNOWN_METHODS.has(m)) return err(input, 501);
  const allow: Array<[string, string]> = [['Allow', 'GET,POST,OPTIONS,HEAD']];
  if (m === 'TRACE') return err(input, 405, allow);
  if (m === 'OPTIONS') return { response: { status: 200, headers: allow, body: Buffer.alloc(0), contentType: 'text/html' } };
  if (m !== 'GET' && m !== 'HEAD' && m !== 'POST') return err(input, 405, allow);
  const r = resource(input);
  if (r === 'forbidden') return err(input, 403);
  return r ? { response: r } : err(input, 404);
}
