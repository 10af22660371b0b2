// API contract on the Node runtime: a real control-plane server on a real libSQL file over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startControlPlane, type RunningControlPlane } from './runtime/node';
import { apiSuite, SUITE_ENV } from './testing/api-suite';

let cp: RunningControlPlane;
const dir = mkdtempSync(join(tmpdir(), 'decnet-cp-'));

beforeAll(async () => {
  cp = await startControlPlane({ env: SUITE_ENV, dataDir: dir, port: 0, mtlsPort: 0 });
});
afterAll(async () => {
  await cp?.close();
  rmSync(dir, { recursive: true, force: true });
});

apiSuite('node + libSQL file', () => ({
  fetch: (path, init) => fetch(cp.url + path, init),
  adminUser: SUITE_ENV.DECNET_ADMIN_USER,
  adminPassword: SUITE_ENV.DECNET_ADMIN_PASSWORD,
  maxLoginsPerUser: Number(SUITE_ENV.DECNET_LOGIN_MAX_PER_USER),
  bodyLimitBytes: Number(SUITE_ENV.DECNET_BODY_LIMIT_BYTES),
}));
