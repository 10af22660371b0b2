// drizzle-kit configuration: generates append-only SQL migrations into ./drizzle and applies them
// to a remote libSQL database (`npm run db:migrate` with LIBSQL_URL / LIBSQL_AUTH_TOKEN set).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'turso',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  dbCredentials: {
    url: process.env.LIBSQL_URL ?? 'file:../.data/control-plane.db',
    authToken: process.env.LIBSQL_AUTH_TOKEN,
  },
});
