// Login rate limit: a fixed window per key, counted atomically in the database with one upsert so
// concurrent instances cannot race past the limit.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/types';
import { loginAttempts } from '../../db/schema';
import { AppError } from '../../errors';

/** Counts one attempt for `key`; throws rate_limited once the window's count exceeds `max`. */
export async function countAttempt(db: Db, key: string, max: number, windowMs: number, nowMs: number): Promise<void> {
  const expired = sql`${loginAttempts.windowStartMs} <= ${nowMs - windowMs}`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ key, windowStartMs: nowMs, count: 1 })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${loginAttempts.count} + 1 END`,
        windowStartMs: sql`CASE WHEN ${expired} THEN ${nowMs} ELSE ${loginAttempts.windowStartMs} END`,
      },
    })
    .returning({ count: loginAttempts.count, windowStartMs: loginAttempts.windowStartMs });
  if (row && row.count > max) {
    const retryS = Math.max(1, Math.ceil((row.windowStartMs + windowMs - nowMs) / 1000));
    throw new AppError('rate_limited', 'Too many login attempts; try again later', { retryAfterSeconds: retryS }, {
      'Retry-After': String(retryS),
    });
  }
}

export async function resetAttempts(db: Db, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
