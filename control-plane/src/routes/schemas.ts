// Request and response schemas shared by the auth and users routes (also the OpenAPI components).
import { z } from '@hono/zod-openapi';

export const Role = z.enum(['admin', 'viewer']).openapi('Role');
export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
  .openapi({ example: 'alice' });
/** Length limits are checked by the password policy so the message can be precise. */
export const Password = z.string().min(1).max(1024);

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    role: Role,
    mustChangePassword: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .openapi('User');

export const SessionSchema = z
  .object({ token: z.string(), expiresAt: z.string(), user: UserSchema })
  .openapi('Session');

export const LoginBody = z.strictObject({ username: z.string().min(1).max(64), password: Password }).openapi('LoginRequest');
export const ChangePasswordBody = z
  .strictObject({ currentPassword: Password, newPassword: Password })
  .openapi('ChangePasswordRequest');
export const CreateUserBody = z
  .strictObject({ username: Username, password: Password, role: Role, mustChangePassword: z.boolean().optional() })
  .openapi('CreateUserRequest');
export const UpdateUserBody = z
  .strictObject({ role: Role.optional(), password: Password.optional() })
  .refine((v) => v.role !== undefined || v.password !== undefined, 'Provide role and/or password')
  .openapi('UpdateUserRequest');
export const UserIdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
