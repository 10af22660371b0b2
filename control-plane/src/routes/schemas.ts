// Request schemas shared by the auth and users routes (also OpenAPI components); their responses
// (User, Session, UserList) are protocol's, shared with the dashboard.
import { z } from '@hono/zod-openapi';
import { RoleSchema as Role } from '@decnet/protocol';

export { AuthSessionSchema as SessionSchema, OkSchema, UserListSchema, UserSchema } from '@decnet/protocol';

export const Username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
  .openapi({ example: 'alice' });
/** Length limits are checked by the password policy so the message can be precise. */
export const Password = z.string().min(1).max(1024);

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
