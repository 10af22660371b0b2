// Applies the drizzle-kit migrations to the test D1 database before the workers tests run.
import { applyD1Migrations, env } from 'cloudflare:test';

const e = env as { DB: unknown; TEST_MIGRATIONS: unknown[] };
await applyD1Migrations(e.DB, e.TEST_MIGRATIONS);
