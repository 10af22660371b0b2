// Minimal types for the `cloudflare:test` module of @cloudflare/vitest-pool-workers (its own
// declarations need the Workers global types, which clash with Node's in one tsconfig).
declare module 'cloudflare:test' {
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  export const env: Record<string, unknown>;
  export interface TestExecutionContext {
    waitUntil(p: Promise<unknown>): void;
    passThroughOnException(): void;
  }
  export function createExecutionContext(): TestExecutionContext;
  export function waitOnExecutionContext(ctx: TestExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): { cron: string; scheduledTime: number; noRetry(): void };
  export function applyD1Migrations(db: unknown, migrations: unknown[], migrationsTableName?: string): Promise<void>;
}
