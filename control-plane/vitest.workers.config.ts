// Runs the *.workers.test.ts files inside workerd (Miniflare) with a D1 database bound as DB.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { createCaMaterial } from './src/pki/ca.ts';
import { SUITE_ENV } from './src/testing/suite-env.ts';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL('./drizzle', import.meta.url)));
  // A CA as an operator would put in secrets; the agent identity then comes from cf.tlsClientAuth.
  const ca = await createCaMaterial('workers test CA');
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
