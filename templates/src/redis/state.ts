// Per-session state of the Redis emulator and the handler signature shared by the command files.
import type { TemplateContext } from '../template';
import type { RedisConfig } from './config';
import type { Entry, Keyspace } from './keyspace';
import type { RedisErrors, Reply } from './responses';

export interface RedisState {
  ctx: TemplateContext<RedisConfig>;
  errors: RedisErrors;
  version: string;
  major: number;
  requirepass: string;
  authenticated: boolean;
  ks: Keyspace;
  db: number;
  config: Map<string, string>;
  clientId: number;
  clientName: string;
  connectedAtMs: number;
  replicaOf?: { host: string; port: number };
  commands: number;
  /** Keys this session wrote (what a SAVE after CONFIG SET dir would put on disk). */
  written: Set<string>;
}

/** A handler's answer; `close` ends the connection after the reply (or silently without one). */
export type Result = Reply | { reply?: Reply; close: true };

export type Handler = (s: RedisState, args: Buffer[], name: string) => Result | Promise<Result>;

export const str = (b: Buffer | undefined): string => (b ?? Buffer.alloc(0)).toString('latin1');

/** The current database, with expired keys dropped lazily as Redis does on access. */
export function currentDb(s: RedisState): Map<string, Entry> {
  const db = s.ks.dbs[s.db] ?? new Map<string, Entry>();
  const now = s.ctx.now().getTime();
  for (const [k, e] of db) if (e.expiresAtMs !== undefined && e.expiresAtMs <= now) db.delete(k);
  return db;
}
