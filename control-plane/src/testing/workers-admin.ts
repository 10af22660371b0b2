// An admin session on the Worker under test (SELF): the first login changes the generated first-admin
// password; files sharing the D1 database may have changed it already, so the known ones are tried.
import { SELF } from 'cloudflare:test';
import { SUITE_ENV } from './suite-env';

export const BASE = 'https://cp.test';
const KNOWN = ['workers-intel-admin-pw', 'workers-search-admin-pw', 'workers-agent-admin-pw', 'workers-topology-admin-pw', 'a-much-better-admin-password'];

export interface JsonResult {
  status: number;
  headers: Headers;
  body: Record<string, any>;
  text: string;
}

/** A JSON request to the Worker; `body` makes it a POST unless `method` says otherwise. */
export async function call(path: string, opts: { body?: unknown; token?: string; method?: string; headers?: Record<string, string> } = {}): Promise<JsonResult> {
  const res = await SELF.fetch(BASE + path, {
    method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let body: Record<string, any> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, any>) : {};
  } catch {
    body = {};
  }
  return { status: res.status, headers: res.headers, body, text };
}

let cached: Promise<string> | undefined;

/** One admin login per test file (password hashing is the slow part). */
export function adminToken(): Promise<string> {
  return (cached ??= login());
}

async function login(): Promise<string> {
  let s = await call('/api/v1/auth/login', { body: { username: SUITE_ENV.DECNET_ADMIN_USER, password: SUITE_ENV.DECNET_ADMIN_PASSWORD } });
  if (s.status === 200 && s.body.user.mustChangePassword) {
    s = await call('/api/v1/auth/change-password', { body: { currentPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD, newPassword: KNOWN[0] }, token: s.body.token });
  } else if (s.status !== 200) {
    for (const password of KNOWN) {
      s = await call('/api/v1/auth/login', { body: { username: SUITE_ENV.DECNET_ADMIN_USER, password } });
      if (s.status === 200) break;
    }
  }
  if (s.status !== 200) throw new Error(`admin login failed: ${s.status} ${s.text}`);
  return s.body.token as string;
}

/**
 * `request.cf.tlsClientAuth` as Cloudflare's mutual TLS sets it for a verified client certificate
 * issued by `issuerDn` (the control plane's CA subject) with SHA-256 fingerprint `fingerprint`.
 */
export function agentCertView(issuerDn: string, fingerprint: string, overrides: Record<string, string> = {}): Record<string, string> {
  return { certPresented: '1', certVerified: 'SUCCESS', certRevoked: '0', certIssuerDN: issuerDn, certFingerprintSHA256: fingerprint, ...overrides };
}
