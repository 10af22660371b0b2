// Session tokens: HS256 JWTs carrying the user id, role and token version (checked on every request
// against the database, so logout and password changes revoke them).
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

/**
 * Signature checks are memoised per token: a signature that verified once always verifies, so the
 * cache holds only the decoded claims; expiry is still checked on every call. Keyed by secret too.
 */
const VERIFIED_MAX = 2048;
const verified = new Map<string, SessionClaims>();

/** Returns the claims of a valid, unexpired token, or null for anything else. */
export async function readToken(secret: string, token: string, nowMs = Date.now()): Promise<SessionClaims | null> {
  const key = `${secret.length}:${secret}\u0000${token}`;
  let claims = verified.get(key);
  if (!claims) {
    try {
      const p = (await verify(token, secret, 'HS256')) as Record<string, unknown>;
      if (typeof p.sub !== 'string' || typeof p.tv !== 'number' || typeof p.exp !== 'number') return null;
      if (p.role !== 'admin' && p.role !== 'viewer') return null;
      claims = p as unknown as SessionClaims;
    } catch {
      return null;
    }
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(key, claims);
  }
  return claims.exp * 1000 > nowMs ? claims : null;
}
