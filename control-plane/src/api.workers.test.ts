// API contract inside workerd (Miniflare) against a D1 database with the same migrations: the same
// suite as api.test.ts, through the Workers entry (runtime/workers.ts).
import { SELF } from 'cloudflare:test';
import { apiSuite, SUITE_ENV } from './testing/api-suite';

apiSuite('workerd + D1', () => ({
  fetch: (path, init) => SELF.fetch(`https://cp.test${path}`, init),
  adminUser: SUITE_ENV.DECNET_ADMIN_USER,
  adminPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD,
  maxLoginsPerUser: Number(SUITE_ENV.DECNET_LOGIN_MAX_PER_USER),
  bodyLimitBytes: Number(SUITE_ENV.DECNET_BODY_LIMIT_BYTES),
}));
