// Runs the *.workers.test.ts files inside workerd (Miniflare) with a D1 database bound as DB.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SUITE_ENV } from './src/testing/suite-env.ts';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL('./drizzle', import.meta.url)));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: fileURLToPath(new URL('../wrangler.toml', import.meta.url)) },
        miniflare: { d1Databases: ['DB'], bindings: { ...SUITE_ENV, TEST_MIGRATIONS: migrations } },
      }),
    ],
    test: {
      name: 'workers',
      include: ['src/**/*.workers.test.ts'],
      setupFiles: ['./src/testing/workers-setup.ts'],
      testTimeout: 60_000,
    },
  };
});
