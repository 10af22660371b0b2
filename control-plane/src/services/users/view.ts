// The public view of a user row: never exposes the password hash or token version.
import type { UserRow } from '../../db/schema';

export interface UserView {
  id: string;
  username: string;
  role: 'admin' | 'viewer';
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

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
