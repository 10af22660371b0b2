// Resolve a bearer token to its user: the token must verify, be unexpired and carry the user's
// current token version (logout, password change and role change revoke older tokens). The row
// comes from a per-process cache at most USER_CACHE_TTL_MS old: that is the revocation bound.
import type { AppDeps } from '../../deps';
import type { UserRow } from '../../db/schema';
import { readToken } from '../../crypto/jwt';
import { AppError } from '../../errors';
import { cachedUser } from './user-cache';

export async function authenticate(deps: AppDeps, token: string): Promise<UserRow> {
  const claims = await readToken(deps.config.jwtSecret, token, deps.now());
  if (!claims) throw new AppError('unauthorized', 'Invalid or expired token');
  const user = await cachedUser(deps.db, claims.sub, deps.now());
  if (!user || user.tokenVersion !== claims.tv) throw new AppError('unauthorized', 'Session is no longer valid');
  return user;
}
