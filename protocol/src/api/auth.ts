// Response shapes of the auth and user API (/auth/*, /users): the control plane builds its OpenAPI
// document from these schemas and the dashboard reads its responses as their types.
import { z } from 'zod';

export const RoleSchema = z.enum(['admin', 'viewer']).meta({ id: 'Role' });
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    role: RoleSchema,
    mustChangePassword: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

/** A login: the bearer token, when it expires, and who it is. */
export const AuthSessionSchema = z.object({ token: z.string(), expiresAt: z.string(), user: UserSchema }).meta({ id: 'Session' });
export type AuthSession = z.infer<typeof AuthSessionSchema>;

export const UserListSchema = z.object({ items: z.array(UserSchema) }).meta({ id: 'UserList' });
export type UserList = z.infer<typeof UserListSchema>;

export const OkSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });
