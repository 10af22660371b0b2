// The redis template: a RESP2 redis-server (version, os and run_id from the persona) with AUTH
// capture, a per-session seeded keyspace and Redis's exact protocol-error behaviour.
import type { Template } from '../template';
import { redisConfigSchema, type RedisConfig } from './config';
import { createRedisSession } from './session';

export const redisTemplate: Template<RedisConfig> = {
  name: 'redis',
  defaultPorts: [6379],
  configSchema: redisConfigSchema,
  createSession: createRedisSession,
};

export type { RedisConfig } from './config';
