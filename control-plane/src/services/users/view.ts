// The public view of a user row: never exposes the password hash or token version.
import type { User } from '@decnet/protocol';
import type { UserRow } from '../../db/schema';

/** The API's User (protocol): the compiler keeps this view and the OpenAPI schema in step. */
export type UserView = User;

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    mustChangePassword: u.mustChangePassword,
    createdAt: new Date(u.createdAtMs).toISOString(),
    lastLoginAt: u.lastLoginAtMs == null ? null : new Date(u.lastLoginAtMs).toISOString(),
  };
}
