// Runs the *.workers.test.ts files inside workerd (Miniflare) with a D1 database bound as DB.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { createCaMaterial } from './src/pki/ca.ts';
import { SUITE_ENV } from './src/testing/suite-env.ts';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL('./drizzle', import.meta.url)));
  // A CA as an operator would put in secrets; the agent identity then comes from cf.tlsClientAuth.
  const ca = await createCaMaterial('workers test CA');
  // wrangler.toml's [assets] directory must exist for the pool to read the config; these tests never
  // fetch assets, so an empty one will do when `npm run build` has not composed it.
  mkdirSync(fileURLToPath(new URL('../dist/workers-assets', import.meta.url)), { recursive: true });
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: fileURLToPath(new URL('../wrangler.toml', import.meta.url)) },
        miniflare: {
          d1Databases: ['DB'],
          bindings: { ...SUITE_ENV, TEST_MIGRATIONS: migrations, DECNET_CA_CERT_PEM: ca.certPem, DECNET_CA_KEY_PEM: ca.keyPem, DECNET_MTLS_URL: 'https://agents.cp.test', DECNET_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32' },
        },
      }),
    ],
    test: {
      name: 'workers',
      include: ['src/**/*.workers.test.ts'],
      setupFiles: ['./src/testing/workers-setup.ts'],
      // A real webhook receiver on 127.0.0.1 (Node) for webhooks.workers.test.ts.
      globalSetup: ['./src/testing/webhook-receiver-global.ts'],
      testTimeout: 60_000,
    },
  };
});
