// Credentials in HTTP requests, as DECNET's syslog_bridge finds them: the Authorization header
// (Basic RFC 7617, Bearer RFC 6750 / "Token", Digest RFC 7616 whose response hash is kept with
// the parameters needed to crack it), else login-form fields in urlencoded, JSON or multipart bodies.
import { credentialFields, type SecretKind } from '@decnet/protocol';

export type CredentialSd = ReturnType<typeof credentialFields> & Record<string, string | undefined>;

const PRINCIPAL_KEYS = ['username', 'user', 'email', 'login', 'userid', 'account', 'log', 'user_login', 'uname', 'pma_username', 'j_username', 'name'];
const SECRET_KEYS = ['password', 'pass', 'pwd', 'passwd', 'passwort', 'mot_de_passe', 'user_password', 'pma_password', 'j_password', 'secret'];

const MAX_FIELDS = 200;
const MAX_VALUE = 4096;

function make(principal: string, secret: string | Uint8Array, kind: SecretKind, extra: Record<string, string | undefined> = {}): CredentialSd {
  return { ...credentialFields(principal.slice(0, 512), secret, kind), ...extra };
}

/** Parses an Authorization header value; undefined for schemes without a hashable secret (NTLM, AWS4...). */
export function classifyAuthorization(value: string | undefined): CredentialSd | undefined {
  if (!value) return undefined;
  const m = /^\s*(\S+)\s+([\s\S]+)$/.exec(value);
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase();
  const rest = (m[2] ?? '').trim();
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(rest)) return undefined;
    const decoded = Buffer.from(rest, 'base64');
    const colon = decoded.indexOf(0x3a);
    if (colon < 0) return undefined;
    return make(decoded.subarray(0, colon).toString('utf8'), decoded.subarray(colon + 1), 'plaintext', { auth_scheme: 'basic' });
  }
  if (scheme === 'bearer' || scheme === 'token') return make('', rest, 'http_bearer', { auth_scheme: scheme });
  if (scheme === 'digest') {
    const params: Record<string, string> = {};
    for (const p of rest.matchAll(/(\w+)\s*=\s*(?:"([^"]{0,1024})"|([^,\s]{0,1024}))/g)) params[(p[1] ?? '').toLowerCase()] = p[2] ?? p[3] ?? '';
    if (!params.response) return undefined;
    return make(params.username ?? '', params.response, 'http_digest_md5', {
      auth_scheme: 'digest', realm: params.realm, nonce: params.nonce, uri: params.uri, qop: params.qop, nc: params.nc, cnonce: params.cnonce, algorithm: params.algorithm,
    });
  }
  return undefined;
}

function pick(fields: Map<string, string>): CredentialSd | undefined {
  const secretKey = SECRET_KEYS.find((k) => fields.has(k));
  if (!secretKey) return undefined;
  const principalKey = PRINCIPAL_KEYS.find((k) => fields.has(k));
  return make(principalKey ? (fields.get(principalKey) ?? '') : '', fields.get(secretKey) ?? '', 'plaintext', { form_field: secretKey });
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function parseUrlencoded(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of body.split('&').slice(0, MAX_FIELDS)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const k = decodeComponent(pair.slice(0, eq)).toLowerCase();
    if (!out.has(k)) out.set(k, decodeComponent(pair.slice(eq + 1)).slice(0, MAX_VALUE));
  }
  return out;
}

function jsonFields(body: string): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const v: unknown = JSON.parse(body);
    // One level of nesting covers {"user":{"login":..,"password":..}} style APIs.
    const objs = [v, ...(v && typeof v === 'object' ? Object.values(v as object) : [])].filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o));
    for (const o of objs.slice(0, 20)) {
      for (const [k, x] of Object.entries(o).slice(0, MAX_FIELDS)) if (typeof x === 'string' && !out.has(k.toLowerCase())) out.set(k.toLowerCase(), x.slice(0, MAX_VALUE));
    }
  } catch {
    /* not JSON */
  }
  return out;
}

function multipartFields(body: Buffer, contentType: string): Map<string, string> {
  const out = new Map<string, string>();
  const boundary = /boundary="?([^";]{1,200})"?/i.exec(contentType)?.[1];
  if (!boundary) return out;
  for (const part of body.toString('latin1').split(`--${boundary}`).slice(1, MAX_FIELDS)) {
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const name = /name="([^"]{1,200})"/i.exec(part.slice(0, sep))?.[1];
    if (!name || /filename=/i.test(part.slice(0, sep))) continue;
    const value = part.slice(sep + 4).replace(/\r\n$/, '');
    if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), Buffer.from(value, 'latin1').toString('utf8').slice(0, MAX_VALUE));
  }
  return out;
}

/** Login-form credentials in a request body of the given Content-Type. */
export function extractFormCredentials(body: Buffer, contentType: string | undefined): CredentialSd | undefined {
  if (body.length === 0 || !contentType) return undefined;
  const ct = contentType.toLowerCase();
  if (ct.startsWith('application/x-www-form-urlencoded')) return pick(parseUrlencoded(body.toString('latin1')));
  if (ct.includes('json')) return pick(jsonFields(body.toString('utf8')));
  if (ct.startsWith('multipart/form-data')) return pick(multipartFields(body, contentType));
  return undefined;
}
