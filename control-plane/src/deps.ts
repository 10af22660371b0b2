// What createApp needs from its runtime. Built by runtime/node.ts or runtime/workers.ts.
import type { Context } from 'hono';
import type { AppConfig } from './config';
import type { PasswordHasher } from './crypto/password';
import type { Db } from './db/types';

export interface Logger {
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export interface AppDeps {
  db: Db;
  config: AppConfig;
  hasher: PasswordHasher;
  logger: Logger;
  /** Address of the client as the runtime sees it (socket peer on Node, CF-Connecting-IP on Workers). */
  clientIp(c: Context): string;
  /** Clock in epoch milliseconds; injectable for tests. */
  now(): number;
  version: string;
  /** Runs once before the first request is served (e.g. first-admin bootstrap on Workers). */
  ready?: () => Promise<void>;
}

export const consoleLogger: Logger = {
  info: (msg, meta) => console.log(JSON.stringify({ level: 'info', msg, ...meta })),
  warn: (msg, meta) => console.warn(JSON.stringify({ level: 'warn', msg, ...meta })),
  error: (msg, meta) => console.error(JSON.stringify({ level: 'error', msg, ...meta })),
};
