// /users: admin-only user management.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireAdmin, requireUser } from '../http/middleware/auth';
import { createUser } from '../services/users/create';
import { listUsers } from '../services/users/list';
import { removeUser } from '../services/users/remove';
import { updateUser } from '../services/users/update';
import { toUserView } from '../services/users/view';
import { CreateUserBody, UpdateUserBody, UserIdParam, UserListSchema, UserSchema } from './schemas';

const secured = [{ bearerAuth: [] }];

export function userRoutes(deps: AppDeps) {
  const r = newRouter();
  const admin = [requireUser(deps), requireAdmin];

  r.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['users'],
      security: secured,
      middleware: admin,
      responses: { 200: jsonResponse(UserListSchema, 'All users'), ...errorResponses },
    }),
    async (c) => c.json({ items: await listUsers(deps) }, 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['users'],
      security: secured,
      middleware: admin,
      request: { body: jsonBody(CreateUserBody) },
      responses: { 201: jsonResponse(UserSchema, 'Created'), 409: errorResponses[422], ...errorResponses },
    }),
    async (c) => c.json(toUserView(await createUser(deps, c.req.valid('json'))), 201),
  );

  r.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags: ['users'],
      security: secured,
      middleware: admin,
      request: { params: UserIdParam, body: jsonBody(UpdateUserBody) },
      responses: { 200: jsonResponse(UserSchema, 'Updated'), 404: errorResponses[422], ...errorResponses },
    }),
    async (c) => c.json(toUserView(await updateUser(deps, c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  r.openapi(
    createRoute({
      method: 'delete',
      path: '/users/{id}',
      tags: ['users'],
      security: secured,
      middleware: admin,
      request: { params: UserIdParam },
      responses: { 204: { description: 'Deleted' }, 404: errorResponses[422], ...errorResponses },
    }),
    async (c) => {
      await removeUser(deps, c.get('user').id, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  return r;
}
