// The redis template: a RESP2 redis-server (version, os and run_id from the persona) with AUTH
// capture, a per-session seeded keyspace and Redis's exact protocol-error behaviour.
import { defineService } from '../service';
import type { Template } from '../template';
import { redisPersona, redisProcesses } from './persona';
import { redisConfigSchema, type RedisConfig } from './config';
import { createRedisSession } from './session';

export const redisTemplate: Template<RedisConfig> = {
  name: 'redis',
  defaultPorts: [6379],
  configSchema: redisConfigSchema,
  createSession: createRedisSession,
};

export const redisService = defineService({
  template: redisTemplate,
  description: 'redis-server (RESP2): AUTH capture, a seeded keyspace, CONFIG/INFO as the persona',
  persona: redisPersona,
  processes: redisProcesses,
  smoke: { send: 'INFO server\r\n', expect: (p): string => `redis_version:${p.services.redis.version}` },
});

export type { RedisConfig } from './config';
