// Session tokens: HS256 JWTs carrying the user id, role and token version (checked on every request).
import { sign, verify } from 'hono/jwt';

export interface SessionClaims {
  sub: string;
  role: 'admin' | 'viewer';
  tv: number;
  iat: number;
  exp: number;
}

export async function issueToken(
  secret: string,
  user: { id: string; role: 'admin' | 'viewer'; tokenVersion: number },
  nowMs: number,
  ttlMinutes: number,
): Promise<{ token: string; expiresAtMs: number }> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlMinutes * 60;
  const claims: SessionClaims = { sub: user.id, role: user.role, tv: user.tokenVersion, iat, exp };
  return { token: await sign({ ...claims }, secret, 'HS256'), expiresAtMs: exp * 1000 };
}

/** Returns the claims of a valid, unexpired token, or null for anything else. */
export async function readToken(secret: string, token: string): Promise<SessionClaims | null> {
  try {
    const p = (await verify(token, secret, 'HS256')) as Record<string, unknown>;
    if (typeof p.sub !== 'string' || typeof p.tv !== 'number') return null;
    if (p.role !== 'admin' && p.role !== 'viewer') return null;
    return p as unknown as SessionClaims;
  } catch {
    return null;
  }
}
