// The command table (name -> arity, flags) of redis-server, as COMMAND reports it. Names outside it
// get "unknown command"; names in it that the emulator does not implement get an empty but
// well-typed reply (`generic`), the way a real server answers on an empty dataset.

/** Reply for a known command the emulator does not model. */
export type Generic = 'ok' | 'zero' | 'nil' | 'empty' | 'queued';

export interface CommandSpec {
  name: string;
  /** Redis arity: n = exactly n args (with the name), -n = at least n. */
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  /** Present when only a generic reply is given. */
  generic?: Generic;
  /** Oldest major version that has the command. */
  since?: number;
}

const W = ['write', 'denyoom'];
const R = ['readonly'];
const A = ['admin', 'noscript'];
const k1 = [1, 1, 1] as const;
const none = [0, 0, 0] as const;

function spec(name: string, arity: number, flags: string[], keys: readonly [number, number, number], generic?: Generic, since?: number): CommandSpec {
  const s: CommandSpec = { name, arity, flags, firstKey: keys[0], lastKey: keys[1], step: keys[2] };
  if (generic) s.generic = generic;
  if (since) s.since = since;
  return s;
}

const TABLE: CommandSpec[] = [
  // implemented (see commands-*.ts)
  spec('get', 2, [...R, 'fast'], k1), spec('set', -3, W, k1), spec('setnx', 3, [...W, 'fast'], k1),
  spec('setex', 4, W, k1), spec('mget', -2, [...R, 'fast'], [1, -1, 1]), spec('mset', -3, W, [1, -1, 2]),
  spec('del', -2, ['write'], [1, -1, 1]), spec('unlink', -2, ['write', 'fast'], [1, -1, 1]),
  spec('exists', -2, [...R, 'fast'], [1, -1, 1]), spec('type', 2, [...R, 'fast'], k1),
  spec('ttl', 2, [...R, 'random', 'fast'], k1), spec('pttl', 2, [...R, 'random', 'fast'], k1),
  spec('expire', 3, ['write', 'fast'], k1), spec('persist', 2, ['write', 'fast'], k1),
  spec('keys', 2, [...R, 'sort_for_script'], none), spec('scan', -2, [...R, 'random'], none),
  spec('randomkey', 1, [...R, 'random'], none), spec('dbsize', 1, [...R, 'fast'], none),
  spec('incr', 2, [...W, 'fast'], k1), spec('decr', 2, [...W, 'fast'], k1), spec('incrby', 3, [...W, 'fast'], k1),
  spec('append', 3, [...W, 'fast'], k1), spec('strlen', 2, [...R, 'fast'], k1),
  spec('lrange', 4, R, k1), spec('llen', 2, [...R, 'fast'], k1), spec('lpush', -3, [...W, 'fast'], k1),
  spec('rpush', -3, [...W, 'fast'], k1), spec('hget', 3, [...R, 'fast'], k1), spec('hgetall', 2, [...R, 'random'], k1),
  spec('hset', -4, [...W, 'fast'], k1), spec('hkeys', 2, [...R, 'sort_for_script'], k1),
  spec('select', 2, ['loading', 'stale', 'fast'], none), spec('flushdb', -1, ['write'], none),
  spec('flushall', -1, ['write'], none), spec('ping', -1, ['stale', 'fast'], none), spec('echo', 2, ['fast'], none),
  spec('auth', -2, ['noscript', 'loading', 'stale', 'skip_monitor', 'skip_slowlog', 'fast', 'no_auth'], none),
  spec('hello', -1, ['noscript', 'loading', 'stale', 'skip_monitor', 'skip_slowlog', 'fast', 'no_auth'], none, undefined, 6),
  spec('info', -1, ['random', 'loading', 'stale'], none), spec('config', -2, [...A, 'loading', 'stale'], none),
  spec('client', -2, [...A, 'random', 'loading', 'stale'], none), spec('command', -1, ['random', 'loading', 'stale'], none),
  spec('slaveof', 3, [...A, 'stale'], none), spec('replicaof', 3, [...A, 'stale'], none),
  spec('module', -2, [...A], none), spec('save', 1, [...A], none), spec('bgsave', -1, ['admin'], none),
  spec('lastsave', 1, ['random', 'loading', 'stale', 'fast'], none), spec('time', 1, ['random', 'loading', 'stale', 'fast'], none),
  spec('shutdown', -1, [...A, 'loading', 'stale'], none), spec('debug', -2, [...A, 'loading', 'stale'], none),
  spec('eval', -3, ['noscript', 'may_replicate'], none), spec('evalsha', -3, ['noscript', 'may_replicate'], none),
  spec('script', -2, ['noscript'], none), spec('acl', -2, [...A, 'loading', 'stale'], none, undefined, 6),
  spec('role', 1, ['noscript', 'loading', 'stale', 'fast'], none), spec('quit', -1, ['loading', 'stale', 'fast'], none),
  spec('post', -1, ['loading', 'stale'], none), spec('host:', -1, ['loading', 'stale'], none),
  // generic: known names, empty dataset answers
  spec('getset', 3, [...W, 'fast'], k1, 'nil'), spec('getdel', 2, [...W, 'fast'], k1, 'nil', 6),
  spec('psetex', 4, W, k1, 'ok'), spec('decrby', 3, [...W, 'fast'], k1, 'zero'), spec('getrange', 4, R, k1, 'empty'),
  spec('setrange', 4, W, k1, 'zero'), spec('expireat', 3, ['write', 'fast'], k1, 'zero'), spec('pexpire', 3, ['write', 'fast'], k1, 'zero'),
  spec('rename', 3, ['write'], [1, 2, 1], 'ok'), spec('move', 3, ['write', 'fast'], k1, 'zero'),
  spec('lpop', -2, ['write', 'fast'], k1, 'nil'), spec('rpop', -2, ['write', 'fast'], k1, 'nil'),
  spec('lindex', 3, R, k1, 'nil'), spec('lrem', 4, ['write'], k1, 'zero'), spec('ltrim', 4, ['write'], k1, 'ok'),
  spec('sadd', -3, [...W, 'fast'], k1, 'zero'), spec('srem', -3, ['write', 'fast'], k1, 'zero'),
  spec('smembers', 2, [...R, 'sort_for_script'], k1, 'empty'), spec('scard', 2, [...R, 'fast'], k1, 'zero'),
  spec('sismember', 3, [...R, 'fast'], k1, 'zero'), spec('zadd', -4, [...W, 'fast'], k1, 'zero'),
  spec('zrange', -4, R, k1, 'empty'), spec('zcard', 2, [...R, 'fast'], k1, 'zero'), spec('zscore', 3, [...R, 'fast'], k1, 'nil'),
  spec('hdel', -3, ['write', 'fast'], k1, 'zero'), spec('hlen', 2, [...R, 'fast'], k1, 'zero'),
  spec('hexists', 3, [...R, 'fast'], k1, 'zero'), spec('hmget', -3, [...R, 'fast'], k1, 'empty'),
  spec('hmset', -4, [...W, 'fast'], k1, 'ok'), spec('hincrby', 4, [...W, 'fast'], k1, 'zero'),
  spec('hvals', 2, [...R, 'sort_for_script'], k1, 'empty'), spec('sscan', -3, [...R, 'random'], k1, 'empty'),
  spec('hscan', -3, [...R, 'random'], k1, 'empty'), spec('zscan', -3, [...R, 'random'], k1, 'empty'),
  spec('publish', 3, ['pubsub', 'loading', 'stale', 'fast'], none, 'zero'), spec('pubsub', -2, ['pubsub', 'random', 'loading', 'stale'], none, 'empty'),
  spec('multi', 1, ['noscript', 'loading', 'stale', 'fast'], none, 'ok'), spec('exec', 1, ['noscript', 'loading', 'stale', 'skip_slowlog'], none, 'empty'),
  spec('discard', 1, ['noscript', 'loading', 'stale', 'fast'], none, 'ok'), spec('watch', -2, ['noscript', 'loading', 'stale', 'fast'], [1, -1, 1], 'ok'),
  spec('unwatch', 1, ['noscript', 'loading', 'stale', 'fast'], none, 'ok'), spec('object', -2, ['readonly', 'random'], [2, 2, 1], 'nil'),
  spec('memory', -2, ['readonly', 'random'], none, 'nil'), spec('slowlog', -2, ['admin', 'random', 'loading', 'stale'], none, 'empty'),
  spec('latency', -2, [...A, 'loading', 'stale'], none, 'empty'), spec('monitor', 1, [...A, 'loading', 'stale'], none, 'ok'),
  spec('bgrewriteaof', 1, ['admin'], none, 'ok'), spec('sync', 1, [...A], none, 'ok'), spec('psync', -3, [...A], none, 'ok'),
  spec('wait', 3, ['noscript'], none, 'zero'), spec('swapdb', 3, ['write', 'fast'], none, 'ok'), spec('dump', 2, [...R, 'random'], k1, 'nil'),
  spec('restore', -4, W, k1, 'ok'), spec('migrate', -6, ['write', 'random'], none, 'ok'), spec('sort', -2, W, k1, 'empty'),
  spec('touch', -2, [...R, 'fast'], [1, -1, 1], 'zero'), spec('bitcount', -2, R, k1, 'zero'), spec('setbit', 4, W, k1, 'zero'),
  spec('getbit', 3, [...R, 'fast'], k1, 'zero'), spec('pfadd', -2, [...W, 'fast'], k1, 'zero'), spec('pfcount', -2, R, [1, -1, 1], 'zero'),
  spec('xadd', -5, [...W, 'random', 'fast'], k1, 'nil'), spec('xlen', 2, [...R, 'fast'], k1, 'zero'), spec('xrange', -4, R, k1, 'empty'),
  spec('geoadd', -5, W, k1, 'zero'), spec('readonly', 1, ['fast'], none, 'ok'), spec('readwrite', 1, ['fast'], none, 'ok'),
  spec('cluster', -2, ['admin', 'random', 'stale'], none, 'nil'), spec('lolwut', -1, ['readonly', 'fast'], none, 'empty'),
  spec('subscribe', -2, ['pubsub', 'noscript', 'loading', 'stale'], none, 'empty'),
  spec('reset', 1, ['noscript', 'loading', 'stale', 'fast', 'no_auth'], none, 'ok', 6),
];

const BY_NAME = new Map(TABLE.map((c) => [c.name, c]));

export function lookupCommand(name: string, major: number): CommandSpec | undefined {
  const c = BY_NAME.get(name.toLowerCase());
  return c && (c.since === undefined || major >= c.since) ? c : undefined;
}

export function commandTable(major: number): CommandSpec[] {
  return TABLE.filter((c) => c.since === undefined || major >= c.since);
}

/** Arity check of processCommand. */
export function arityOk(c: CommandSpec, argc: number): boolean {
  return c.arity > 0 ? argc === c.arity : argc >= -c.arity;
}
