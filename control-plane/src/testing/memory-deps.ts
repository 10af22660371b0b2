// AppDeps over a migrated in-memory libSQL database (or a given libSQL URL), for service-level tests.
import { scrypt } from 'node:crypto';
import { parseConfig } from '../config';
import { createPasswordHasher, fromNodeScrypt } from '../crypto/password';
import { libsqlRawBatch } from '../db/raw-batch';
import type { AppDeps } from '../deps';
import { openDatabase } from '../runtime/node-database';
import { SUITE_ENV } from './suite-env';

export async function memoryDeps(env: Record<string, string> = {}, clock = { now: Date.now() }, dbUrl = ':memory:'): Promise<AppDeps & { clock: typeof clock }> {
  const { db, client } = await openDatabase(dbUrl);
  const silent = { info() {}, warn() {}, error() {} };
  return {
    db,
    config: parseConfig({ ...SUITE_ENV, ...env }),
    hasher: createPasswordHasher(fromNodeScrypt(scrypt)),
    logger: silent,
    clientIp: () => '127.0.0.1',
    clientCertFingerprint: () => null,
    sqlParamLimit: 32_766,
    rawBatch: libsqlRawBatch(client),
    now: () => clock.now,
    version: 'test',
    clock,
  };
}
