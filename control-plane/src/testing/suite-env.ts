// Configuration every API-suite harness applies (Node env or Miniflare bindings).
export const SUITE_ENV = {
  DECNET_ADMIN_USER: 'admin',
  DECNET_ADMIN_PASSWORD: 'first-admin-password-1',
  DECNET_LOGIN_MAX_PER_USER: '5',
  DECNET_LOGIN_MAX_PER_IP: '500',
  DECNET_BODY_LIMIT_BYTES: '65536',
  DECNET_JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
};

