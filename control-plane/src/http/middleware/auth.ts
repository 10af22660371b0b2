// Bearer-token authentication and role checks. Until a user has changed a forced password, only
// the routes that let them do so (or see themselves / log out) accept their token.
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { authenticate } from '../../services/auth/authenticate';
import type { AppEnv } from '../router';

export function requireUser(deps: AppDeps, opts: { allowPendingPasswordChange?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/i.exec(header);
    if (!m) throw new AppError('unauthorized', 'Missing bearer token');
    const user = await authenticate(deps, m[1]!);
    if (user.mustChangePassword && !opts.allowPendingPasswordChange) {
      throw new AppError('password_change_required', 'You must change your password before using the API');
    }
    c.set('user', user);
    await next();
  };
}

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user').role !== 'admin') throw new AppError('forbidden', 'Admin role required');
  await next();
};
