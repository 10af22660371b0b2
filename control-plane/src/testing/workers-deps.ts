// AppDeps over the D1 database Miniflare binds as DB, for service-level tests running inside workerd
// (the same drivers the Workers entry uses: drizzle's D1 adapter and the D1 raw batch), with a
// settable clock and the Workers webhook settings parsed from the given environment.
import { env } from 'cloudflare:test';
import { scrypt } from 'node:crypto';
import { drizzle } from 'drizzle-orm/d1';
import { parseConfig } from '../config';
import { createPasswordHasher, fromNodeScrypt } from '../crypto/password';
import { d1RawBatch } from '../db/raw-batch';
import * as schema from '../db/schema';
import type { AppDeps } from '../deps';
import { workersWebhookSettings } from '../services/webhooks/workers-delivery';
import { SUITE_ENV } from './suite-env';

export function workersDeps(webhookEnv: Record<string, string> = {}, clock = { now: Date.now() }): AppDeps & { clock: typeof clock } {
  const DB = env.DB as Parameters<typeof drizzle>[0];
  const silent = { info() {}, warn() {}, error() {} };
  return {
    db: drizzle(DB, { schema }),
    rawBatch: d1RawBatch(DB as never),
    config: parseConfig({ ...SUITE_ENV }),
    hasher: createPasswordHasher(fromNodeScrypt(scrypt)),
    logger: silent,
    clientIp: () => '127.0.0.1',
    clientCertFingerprint: () => null,
    sqlParamLimit: 100,
    now: () => clock.now,
    version: 'test',
    webhooks: workersWebhookSettings(webhookEnv),
    clock,
  };
}
