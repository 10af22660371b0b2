// Resolve a bearer token to its user: the token must verify, be unexpired and carry the user's
// current token version (logout, password change and role change revoke older tokens).
import type { AppDeps } from '../../deps';
import type { UserRow } from '../../db/schema';
import { prepared } from '../../db/prepared';
import { readToken } from '../../crypto/jwt';
import { AppError } from '../../errors';

export async function authenticate(deps: AppDeps, token: string): Promise<UserRow> {
  const claims = await readToken(deps.config.jwtSecret, token, deps.now());
  if (!claims) throw new AppError('unauthorized', 'Invalid or expired token');
  const user = await prepared(deps.db).userById.get({ id: claims.sub });
  if (!user || user.tokenVersion !== claims.tv) throw new AppError('unauthorized', 'Session is no longer valid');
  return user;
}
