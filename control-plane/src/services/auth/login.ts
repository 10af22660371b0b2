// Password login: rate-limited per client address and per username, constant work for unknown
// users, and a JWT on success.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users } from '../../db/schema';
import { issueToken } from '../../crypto/jwt';
import { MAX_PASSWORD_BYTES } from '../../crypto/password';
import { AppError } from '../../errors';
import { toUserView, type UserView } from '../users/view';
import { countAttempt, resetAttempts } from './rate-limit';

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserView;
}

// A valid hash of a random password: verifying against it costs the same as a real user.
let decoyHash: Promise<string> | undefined;

export async function login(deps: AppDeps, username: string, password: string, ip: string): Promise<LoginResult> {
  const { login: policy } = deps.config;
  const now = deps.now();
  await countAttempt(deps.db, `ip:${ip}`, policy.maxPerIp, policy.windowMs, now);
  await countAttempt(deps.db, `user:${username.toLowerCase()}`, policy.maxPerUser, policy.windowMs, now);

  const user = await deps.db.select().from(users).where(eq(users.username, username)).get();
  const tooLong = new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES;
  decoyHash ??= deps.hasher.hash(crypto.randomUUID());
  const ok = await deps.hasher.verify(tooLong ? '' : password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok || tooLong) throw new AppError('unauthorized', 'Invalid username or password');

  await resetAttempts(deps.db, `user:${username.toLowerCase()}`);
  await deps.db.update(users).set({ lastLoginAtMs: now }).where(eq(users.id, user.id));
  const { token, expiresAtMs } = await issueToken(deps.config.jwtSecret, user, now, deps.config.jwtTtlMinutes);
  return { token, expiresAt: new Date(expiresAtMs).toISOString(), user: toUserView({ ...user, lastLoginAtMs: now }) };
}
