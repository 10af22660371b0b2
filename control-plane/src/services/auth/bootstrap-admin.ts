// First start: when no user exists, create the first admin from configuration or with a generated
// password (returned so the runtime can print it once). Safe to run concurrently on many instances.
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users } from '../../db/schema';
import { randomToken } from '../../crypto/encoding';

export interface BootstrapResult {
  created: boolean;
  username: string;
  /** Set only when the password was generated here. */
  generatedPassword?: string;
}

export async function ensureFirstAdmin(deps: AppDeps): Promise<BootstrapResult> {
  const { username, password } = deps.config.admin;
  const [{ n } = { n: 0 }] = await deps.db.select({ n: sql<number>`count(*)` }).from(users);
  if (n > 0) return { created: false, username };
  const generated = password ? undefined : randomToken(15);
  const now = deps.now();
  const inserted = await deps.db
    .insert(users)
    .values({
      id: crypto.randomUUID(),
      username,
      passwordHash: await deps.hasher.hash(password ?? generated!),
      role: 'admin',
      mustChangePassword: true,
      tokenVersion: 0,
      createdAtMs: now,
      updatedAtMs: now,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (inserted.length === 0) return { created: false, username };
  return generated ? { created: true, username, generatedPassword: generated } : { created: true, username };
}
