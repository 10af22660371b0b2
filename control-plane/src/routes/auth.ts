// /auth: login, current user, change password, logout.
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { errorResponses, jsonBody, jsonResponse, newRouter } from '../http/router';
import { requireUser } from '../http/middleware/auth';
import { changePassword } from '../services/auth/change-password';
import { login } from '../services/auth/login';
import { logout } from '../services/auth/logout';
import { toUserView } from '../services/users/view';
import { ChangePasswordBody, LoginBody, OkSchema, SessionSchema, UserSchema } from './schemas';

const secured = [{ bearerAuth: [] }];

export function authRoutes(deps: AppDeps) {
  const r = newRouter();
  const pendingOk = requireUser(deps, { allowPendingPasswordChange: true });

  r.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['auth'],
      request: { body: jsonBody(LoginBody) },
      responses: { 200: jsonResponse(SessionSchema, 'Logged in'), ...errorResponses },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      return c.json(await login(deps, username, password, deps.clientIp(c)), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'get',
      path: '/auth/me',
      tags: ['auth'],
      security: secured,
      middleware: [pendingOk],
      responses: { 200: jsonResponse(UserSchema, 'The current user'), ...errorResponses },
    }),
    (c) => c.json(toUserView(c.get('user')), 200),
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/auth/change-password',
      tags: ['auth'],
      security: secured,
      middleware: [pendingOk],
      request: { body: jsonBody(ChangePasswordBody) },
      responses: { 200: jsonResponse(SessionSchema, 'Password changed; a fresh session'), ...errorResponses },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      return c.json(await changePassword(deps, c.get('user'), currentPassword, newPassword), 200);
    },
  );

  r.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['auth'],
      security: secured,
      middleware: [pendingOk],
      responses: { 200: jsonResponse(OkSchema, 'All sessions revoked'), ...errorResponses },
    }),
    async (c) => {
      await logout(deps, c.get('user').id);
      return c.json({ ok: true as const }, 200);
    },
  );
  return r;
}
