// The per-session keyspace: plausible application data (sessions, caches, counters, a queue) drawn
// from the persona seed, so two deckies never hold the same keys (D1/D9) and writes stay per session.
import { makeRng } from '../_shell/sys/rng';
import type { Persona } from '../persona/types';

export type RedisValue =
  | { type: 'string'; value: Buffer }
  | { type: 'list'; value: Buffer[] }
  | { type: 'hash'; value: Map<string, Buffer> };

export interface Entry {
  v: RedisValue;
  /** Absolute expiry in epoch ms, or undefined for none. */
  expiresAtMs?: number;
}

export const DATABASES = 16;
/** Bounds on what an attacker can store in one session. */
export const MAX_KEYS = 2048;
export const MAX_STORED_BYTES = 4 * 1024 * 1024;

const hex = (rng: ReturnType<typeof makeRng>, n: number): string =>
  Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');

export interface Keyspace {
  dbs: Array<Map<string, Entry>>;
  storedBytes: number;
}

/**
 * Like a real server, all connections to one decky see the same data (a key SET by one client is
 * there for the next); bounded by MAX_KEYS / MAX_STORED_BYTES. `session` scope isolates instead.
 */
const shared = new Map<string, Keyspace>();

export function keyspaceFor(persona: Persona, scopeKey: string | undefined, nowMs: number): Keyspace {
  if (scopeKey === undefined) return { dbs: seedKeyspace(persona, nowMs), storedBytes: 0 };
  let ks = shared.get(scopeKey);
  if (!ks) {
    if (shared.size >= 256) shared.clear();
    ks = { dbs: seedKeyspace(persona, nowMs), storedBytes: 0 };
    shared.set(scopeKey, ks);
  }
  return ks;
}

export function seedKeyspace(persona: Persona, nowMs: number): Array<Map<string, Entry>> {
  const rng = makeRng(`${persona.seed}:redis-keyspace`);
  const dbs = Array.from({ length: DATABASES }, () => new Map<string, Entry>());
  const db0 = dbs[0] as Map<string, Entry>;
  const app = rng.pick(['api', 'web', 'shop', 'cms', 'portal', 'billing']);
  const str = (s: string): RedisValue => ({ type: 'string', value: Buffer.from(s) });
  const sessions = rng.int(4, 12);
  for (let i = 0; i < sessions; i++) {
    const uid = rng.int(1000, 99_999);
    const ttl = rng.int(600, 86_400) * 1000;
    db0.set(`${app}:session:${hex(rng, 32)}`, {
      v: str(JSON.stringify({ uid, ip: `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`, exp: Math.floor((nowMs + ttl) / 1000) })),
      expiresAtMs: nowMs + ttl,
    });
  }
  for (let i = 0; i < rng.int(2, 6); i++) db0.set(`cache:${app}:page:${hex(rng, 8)}`, { v: str(`<div class="card">${hex(rng, 24)}</div>`) });
  db0.set(`stats:${app}:requests`, { v: str(String(rng.int(10_000, 9_000_000))) });
  db0.set(`${app}:config:maintenance`, { v: str('0') });
  db0.set(`queue:${app}:mail`, {
    v: { type: 'list', value: Array.from({ length: rng.int(1, 4) }, () => Buffer.from(JSON.stringify({ job: 'send', id: rng.int(1, 99_999) }))) },
  });
  const user = persona.shell.users.find((u) => u.uid >= 1000)?.name ?? 'app';
  db0.set(`user:${rng.int(1, 40)}`, {
    v: { type: 'hash', value: new Map([['name', Buffer.from(user)], ['email', Buffer.from(`${user}@${persona.domain}`)], ['role', Buffer.from('admin')]]) },
  });
  if (rng.next() < 0.5) {
    const db1 = dbs[1] as Map<string, Entry>;
    for (let i = 0; i < rng.int(2, 5); i++) db1.set(`celery-task-meta-${hex(rng, 8)}-${hex(rng, 4)}`, { v: str('{"status": "SUCCESS", "result": null}') });
  }
  return dbs;
}

export function valueBytes(v: RedisValue): number {
  if (v.type === 'string') return v.value.length;
  if (v.type === 'list') return v.value.reduce((n, b) => n + b.length, 0);
  let n = 0;
  for (const [k, b] of v.value) n += k.length + b.length;
  return n;
}
