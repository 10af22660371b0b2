// Auth and user-management endpoints.
import type { ApiClient } from './client';
import type { Role, Session, User, UserList } from './types';

export const authApi = (c: ApiClient) => ({
  login: (username: string, password: string) => c.request<Session>('POST', '/auth/login', { body: { username, password } }),
  me: () => c.request<User>('GET', '/auth/me'),
  changePassword: (currentPassword: string, newPassword: string) =>
    c.request<Session>('POST', '/auth/change-password', { body: { currentPassword, newPassword } }),
  logout: () => c.request<void>('POST', '/auth/logout'),
});

export const usersApi = (c: ApiClient) => ({
  list: () => c.request<UserList>('GET', '/users'),
  create: (body: { username: string; password: string; role: Role; mustChangePassword?: boolean }) =>
    c.request<User>('POST', '/users', { body }),
  update: (id: string, body: { role?: Role; password?: string }) =>
    c.request<User>('PATCH', `/users/${encodeURIComponent(id)}`, { body }),
  remove: (id: string) => c.request<void>('DELETE', `/users/${encodeURIComponent(id)}`),
});
