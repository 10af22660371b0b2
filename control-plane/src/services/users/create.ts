// Create a user (admin action, and the first-admin bootstrap). New users must change their password.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { users, type UserRow } from '../../db/schema';
import { AppError } from '../../errors';
import { assertPasswordAcceptable } from './password-policy';

export interface CreateUserInput {
  username: string;
  password: string;
  role: 'admin' | 'viewer';
  mustChangePassword?: boolean;
}

export async function createUser(deps: AppDeps, input: CreateUserInput): Promise<UserRow> {
  assertPasswordAcceptable(input.password, input.username);
  const existing = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get();
  if (existing) throw new AppError('conflict', `User '${input.username}' already exists`);
  const now = deps.now();
  const row: UserRow = {
    id: crypto.randomUUID(),
    username: input.username,
    passwordHash: await deps.hasher.hash(input.password),
    role: input.role,
    mustChangePassword: input.mustChangePassword ?? true,
    tokenVersion: 0,
    createdAtMs: now,
    updatedAtMs: now,
    lastLoginAtMs: null,
  };
  // onConflictDoNothing closes the race between two concurrent creations of the same name.
  const inserted = await deps.db.insert(users).values(row).onConflictDoNothing().returning({ id: users.id });
  if (inserted.length === 0) throw new AppError('conflict', `User '${input.username}' already exists`);
  return row;
}
