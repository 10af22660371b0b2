// Keyspace commands (strings, lists, hashes, generic key commands) over the per-session keyspace,
// with Redis's reply types and error texts (WRONGTYPE, syntax error, integer overflow...).
import { globMatch } from './glob';
import { MAX_KEYS, MAX_STORED_BYTES, valueBytes, type Entry, type RedisValue } from './keyspace';
import { array, bulk, bulkArray, err, int, nil, notInteger, ok, status, syntaxError, type Reply } from './responses';
import { currentDb, str, type Handler, type RedisState } from './state';

const WRONGTYPE = (): Reply => err('-WRONGTYPE Operation against a key holding the wrong kind of value');
const OOM = (): Reply => err("-OOM command not allowed when used memory > 'maxmemory'.");

function parseInt64(b: Buffer | undefined): number | null {
  const s = str(b);
  return /^-?\d{1,18}$/.test(s) ? Number(s) : null;
}

function store(s: RedisState, key: string, v: RedisValue, expiresAtMs?: number): Reply | null {
  const db = currentDb(s);
  const old = db.get(key);
  const delta = valueBytes(v) + key.length - (old ? valueBytes(old.v) + key.length : 0);
  if ((!old && db.size >= MAX_KEYS) || s.ks.storedBytes + delta > MAX_STORED_BYTES) return OOM();
  s.ks.storedBytes += delta;
  const e: Entry = { v };
  if (expiresAtMs !== undefined) e.expiresAtMs = expiresAtMs;
  db.set(key, e);
  s.written.add(key);
  return null;
}

/** A lookup that failed with an error reply (kept apart from stored values, which may start with '-'). */
class Fail {
  constructor(readonly reply: Reply) {}
}

function getString(s: RedisState, key: string): Buffer | null | Fail {
  const e = currentDb(s).get(key);
  if (!e) return null;
  return e.v.type === 'string' ? e.v.value : new Fail(WRONGTYPE());
}


const get: Handler = (s, [k]) => {
  const v = getString(s, str(k));
  return v === null ? nil() : v instanceof Fail ? v.reply : bulk(v);
};

const set: Handler = (s, [k, v, ...opts]) => {
  let nx = false;
  let xx = false;
  let getOld = false;
  let expiresAtMs: number | undefined;
  for (let i = 0; i < opts.length; i++) {
    const o = str(opts[i]).toUpperCase();
    if (o === 'NX' && !xx) nx = true;
    else if (o === 'XX' && !nx) xx = true;
    else if (o === 'GET' && s.major >= 6) getOld = true;
    else if (o === 'KEEPTTL') continue;
    else if ((o === 'EX' || o === 'PX') && i + 1 < opts.length && expiresAtMs === undefined) {
      const n = parseInt64(opts[++i]);
      if (n === null) return notInteger();
      if (n <= 0) return err(s.major >= 7 ? "invalid expire time in 'set' command" : 'invalid expire time in set');
      expiresAtMs = s.ctx.now().getTime() + (o === 'EX' ? n * 1000 : n);
    } else return syntaxError();
  }
  const key = str(k);
  const old = getString(s, key);
  if (getOld && old instanceof Fail) return old.reply;
  const exists = old !== null;
  if ((nx && exists) || (xx && !exists)) return getOld && old ? bulk(old as Buffer) : nil();
  const full = store(s, key, { type: 'string', value: v ?? Buffer.alloc(0) }, expiresAtMs);
  if (full) return full;
  return getOld ? (old ? bulk(old as Buffer) : nil()) : ok();
};

const setnx: Handler = (s, [k, v]) => {
  if (currentDb(s).has(str(k))) return int(0);
  return store(s, str(k), { type: 'string', value: v ?? Buffer.alloc(0) }) ?? int(1);
};

const setex: Handler = (s, [k, sec, v], name) => {
  const n = parseInt64(sec);
  if (n === null) return notInteger();
  if (n <= 0) return err(s.major >= 7 ? `invalid expire time in '${name}' command` : `invalid expire time in ${name}`);
  return store(s, str(k), { type: 'string', value: v ?? Buffer.alloc(0) }, s.ctx.now().getTime() + n * 1000) ?? ok();
};

const mget: Handler = (s, keys) =>
  array(keys.map((k) => {
    const v = getString(s, str(k));
    return v === null || v instanceof Fail ? nil() : bulk(v);
  }));

const mset: Handler = (s, args, name) => {
  if (args.length % 2 !== 0) return s.errors.arity(name);
  for (let i = 0; i < args.length; i += 2) {
    const full = store(s, str(args[i]), { type: 'string', value: args[i + 1] ?? Buffer.alloc(0) });
    if (full) return full;
  }
  return ok();
};

const del: Handler = (s, keys) => {
  const db = currentDb(s);
  let n = 0;
  for (const k of keys) {
    const e = db.get(str(k));
    if (!e) continue;
    s.ks.storedBytes = Math.max(0, s.ks.storedBytes - valueBytes(e.v) - str(k).length);
    db.delete(str(k));
    n++;
  }
  return int(n);
};

const exists: Handler = (s, keys) => int(keys.filter((k) => currentDb(s).has(str(k))).length);

const type: Handler = (s, [k]) => status(currentDb(s).get(str(k))?.v.type ?? 'none');

function ttlOf(s: RedisState, k: Buffer | undefined, unitMs: number): Reply {
  const e = currentDb(s).get(str(k));
  if (!e) return int(-2);
  if (e.expiresAtMs === undefined) return int(-1);
  return int(Math.max(0, Math.round((e.expiresAtMs - s.ctx.now().getTime()) / unitMs)));
}

const expire: Handler = (s, [k, sec]) => {
  const n = parseInt64(sec);
  if (n === null) return notInteger();
  const e = currentDb(s).get(str(k));
  if (!e) return int(0);
  e.expiresAtMs = s.ctx.now().getTime() + n * 1000;
  return int(1);
};

const persist: Handler = (s, [k]) => {
  const e = currentDb(s).get(str(k));
  if (!e || e.expiresAtMs === undefined) return int(0);
  delete e.expiresAtMs;
  return int(1);
};

const keys: Handler = (s, [pattern]) =>
  bulkArray([...currentDb(s).keys()].filter((k) => globMatch(pattern ?? Buffer.alloc(0), Buffer.from(k, 'latin1'))).map((k) => Buffer.from(k, 'latin1')));

const scan: Handler = (s, [cursor, ...opts]) => {
  const c = parseInt64(cursor);
  if (c === null || c < 0) return err('invalid cursor');
  let match: Buffer | undefined;
  let count = 10;
  let typeFilter: string | undefined;
  for (let i = 0; i < opts.length; i += 2) {
    const o = str(opts[i]).toUpperCase();
    const v = opts[i + 1];
    if (v === undefined) return syntaxError();
    if (o === 'MATCH') match = v;
    else if (o === 'COUNT') {
      const n = parseInt64(v);
      if (n === null) return notInteger();
      if (n < 1) return syntaxError();
      count = n;
    } else if (o === 'TYPE' && s.major >= 6) typeFilter = str(v).toLowerCase();
    else return syntaxError();
  }
  const all = [...currentDb(s).entries()];
  const page = all.slice(c, c + count);
  const next = c + count >= all.length ? 0 : c + count;
  const hits = page
    .filter(([k, e]) => (!match || globMatch(match, Buffer.from(k, 'latin1'))) && (!typeFilter || e.v.type === typeFilter))
    .map(([k]) => Buffer.from(k, 'latin1'));
  return array([bulk(String(next)), bulkArray(hits)]);
};

const randomkey: Handler = (s) => {
  const ks = [...currentDb(s).keys()];
  const k = ks[Math.floor(Math.random() * ks.length)];
  return k === undefined ? nil() : bulk(Buffer.from(k, 'latin1'));
};

const incrBy = (s: RedisState, k: Buffer | undefined, by: number): Reply => {
  const cur = getString(s, str(k));
  if (cur instanceof Fail) return cur.reply;
  const n = cur === null ? 0 : parseInt64(cur);
  if (n === null) return notInteger();
  const next = n + by;
  if (!Number.isSafeInteger(next)) return err('increment or decrement would overflow');
  return store(s, str(k), { type: 'string', value: Buffer.from(String(next)) }) ?? int(next);
};

const append: Handler = (s, [k, v]) => {
  const cur = getString(s, str(k));
  if (cur instanceof Fail) return cur.reply;
  const value = Buffer.concat([cur ?? Buffer.alloc(0), v ?? Buffer.alloc(0)]);
  return store(s, str(k), { type: 'string', value }) ?? int(value.length);
};

const strlen: Handler = (s, [k]) => {
  const cur = getString(s, str(k));
  return cur instanceof Fail ? cur.reply : int(cur?.length ?? 0);
};

function listOf(s: RedisState, k: Buffer | undefined): Buffer[] | null | Fail {
  const e = currentDb(s).get(str(k));
  if (!e) return null;
  return e.v.type === 'list' ? e.v.value : new Fail(WRONGTYPE());
}

const lrange: Handler = (s, [k, a, b]) => {
  const start = parseInt64(a);
  const stop = parseInt64(b);
  if (start === null || stop === null) return notInteger();
  const l = listOf(s, k);
  if (l === null) return array([]);
  if (l instanceof Fail) return l.reply;
  const from = start < 0 ? Math.max(0, l.length + start) : start;
  const to = stop < 0 ? l.length + stop : Math.min(stop, l.length - 1);
  return bulkArray(from > to ? [] : l.slice(from, to + 1));
};

const llen: Handler = (s, [k]) => {
  const l = listOf(s, k);
  return l === null ? int(0) : l instanceof Fail ? l.reply : int(l.length);
};

const push: Handler = (s, [k, ...vals], name) => {
  const l = listOf(s, k);
  if (l instanceof Fail) return l.reply;
  const next = name === 'lpush' ? [...vals.reverse(), ...(l ?? [])] : [...(l ?? []), ...vals];
  return store(s, str(k), { type: 'list', value: next }) ?? int(next.length);
};

function hashOf(s: RedisState, k: Buffer | undefined): Map<string, Buffer> | null | Fail {
  const e = currentDb(s).get(str(k));
  if (!e) return null;
  return e.v.type === 'hash' ? e.v.value : new Fail(WRONGTYPE());
}

const hget: Handler = (s, [k, f]) => {
  const h = hashOf(s, k);
  if (h instanceof Fail) return h.reply;
  const v = h?.get(str(f));
  return v ? bulk(v) : nil();
};

const hgetall: Handler = (s, [k], name) => {
  const h = hashOf(s, k);
  if (h instanceof Fail) return h.reply;
  const entries = [...(h ?? new Map<string, Buffer>()).entries()];
  return bulkArray(name === 'hkeys' ? entries.map(([f]) => Buffer.from(f, 'latin1')) : entries.flatMap(([f, v]) => [Buffer.from(f, 'latin1'), v]));
};

const hset: Handler = (s, [k, ...fv], name) => {
  if (fv.length % 2 !== 0) return s.errors.arity(name);
  const h = hashOf(s, k);
  if (h instanceof Fail) return h.reply;
  const next = new Map(h ?? []);
  let added = 0;
  for (let i = 0; i < fv.length; i += 2) {
    if (!next.has(str(fv[i]))) added++;
    next.set(str(fv[i]), fv[i + 1] ?? Buffer.alloc(0));
  }
  return store(s, str(k), { type: 'hash', value: next }) ?? int(added);
};

const select: Handler = (s, [idx]) => {
  const n = parseInt64(idx);
  if (n === null) return notInteger();
  if (n < 0 || n >= s.ks.dbs.length) return err('DB index is out of range');
  s.db = n;
  return ok();
};

const flush: Handler = (s, _args, name) => {
  if (name === 'flushall') s.ks.dbs.forEach((db) => db.clear());
  else currentDb(s).clear();
  s.ks.storedBytes = s.ks.dbs.reduce((n, db) => n + [...db].reduce((m, [k, e]) => m + k.length + valueBytes(e.v), 0), 0);
  return ok();
};

export const KEY_COMMANDS: Record<string, Handler> = {
  get, set, setnx, setex, mget, mset, del, unlink: del, exists, type,
  ttl: (s, [k]) => ttlOf(s, k, 1000), pttl: (s, [k]) => ttlOf(s, k, 1), expire, persist, keys, scan, randomkey,
  dbsize: (s) => int(currentDb(s).size),
  incr: (s, [k]) => incrBy(s, k, 1), decr: (s, [k]) => incrBy(s, k, -1),
  incrby: (s, [k, by]) => {
    const n = parseInt64(by);
    return n === null ? notInteger() : incrBy(s, k, n);
  },
  append, strlen, lrange, llen, lpush: push, rpush: push, hget, hgetall, hkeys: hgetall, hset, select, flushdb: flush, flushall: flush,
};
