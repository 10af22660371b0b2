// What every HTTP-API persona logs about a request (DECNET's `request` fields: method, path, headers
// JSON, bounded body) and the Authorization header as a credential: Basic is plaintext, Bearer/Token
// and Elastic's ApiKey are `http_bearer` secrets (DECNET's kind; `auth_scheme` says which).
import { credentialFields } from '@decnet/protocol';
import { classifyAuthorization, type CredentialSd } from '../http/credentials';
import { headersJson } from '../http/request-info';
import type { EventFields } from '../template';
import type { ApiRequest } from './types';

export const BODY_PREVIEW_BYTES = 512;

/** The request's common event fields; `status` is the answer's. */
export function requestFields(req: ApiRequest, status: number, srcIp: string): Record<string, string | number | undefined> {
  const h = headersJson(req.headers);
  return {
    method: req.method.slice(0, 32), path: req.path, query: req.rawQuery || undefined, version: `HTTP/${req.version}`,
    remote_addr: srcIp, headers: h.json, headers_truncated: h.truncated ? 1 : undefined,
    user_agent: req.header('user-agent')?.slice(0, 512), content_type: req.header('content-type')?.slice(0, 128),
    body_size: req.bodySize || undefined, status,
  };
}

/** A printable preview of the body (DECNET's body_preview), or undefined when empty. */
export function bodyPreview(req: ApiRequest): string | undefined {
  return req.body.length > 0 ? req.body.subarray(0, BODY_PREVIEW_BYTES).toString('utf8') : undefined;
}

/** The Authorization header as credential SD fields; undefined when absent or unusable. */
export function authorizationCredential(req: ApiRequest, outcome: 'success' | 'failure'): (CredentialSd & EventFields) | undefined {
  const value = req.header('authorization');
  if (!value) return undefined;
  const m = /^\s*(ApiKey)\s+(\S{1,8192})\s*$/i.exec(value);
  if (m) {
    // Elastic ApiKey: base64("id:api_key"); the id is the principal when it decodes that way.
    const raw = m[2] ?? '';
    const decoded = /^[A-Za-z0-9+/=_-]+$/.test(raw) ? Buffer.from(raw, 'base64').toString('utf8') : '';
    const colon = /^[\x20-\x7e]+$/.test(decoded) ? decoded.indexOf(':') : -1;
    return { ...credentialFields(colon > 0 ? decoded.slice(0, Math.min(colon, 256)) : '', raw, 'http_bearer', outcome), auth_scheme: 'apikey' };
  }
  const c = classifyAuthorization(value);
  return c ? { ...c, outcome } : undefined;
}

/** Bounded JSON parse of an attacker's body: undefined when too large, empty or not JSON. */
export function parseJsonBody(body: Buffer, maxBytes = 256 * 1024): unknown {
  if (body.length === 0 || body.length > maxBytes) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A string field of an attacker's JSON object, bounded; arrays of strings are joined with spaces. */
export function stringField(obj: unknown, key: string, max = 1024): string | undefined {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  if (typeof v === 'string') return v.slice(0, max);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').slice(0, 64).join(' ').slice(0, max);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
