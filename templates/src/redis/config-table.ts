// CONFIG GET/SET values: a realistic redis.conf of a distro package exposed on the network
// (bind on all addresses, protected-mode off unless a password is set). Per session, so a CONFIG SET
// (the classic dir/dbfilename webshell trick) shows up in later CONFIG GETs of that session only.
import type { Persona } from '../persona/types';

/** Parameters Redis 7 refuses to CONFIG SET while enable-protected-configs is no. */
export const PROTECTED_7 = new Set(['dir', 'dbfilename']);

export function defaultConfig(persona: Persona, major: number, port: number, requirepass: string): Map<string, string> {
  const rhel = persona.shell.family === 'rhel';
  const v7 = major >= 7;
  const entries: Array<[string, string]> = [
    ['bind', v7 ? '* -::*' : '0.0.0.0'], ['protected-mode', requirepass ? 'yes' : 'no'], ['port', String(port)],
    ['tcp-backlog', '511'], ['timeout', '0'], ['tcp-keepalive', '300'], ['daemonize', rhel ? 'no' : 'yes'],
    ['supervised', rhel ? 'systemd' : 'auto'], ['pidfile', rhel ? '/var/run/redis_6379.pid' : '/run/redis/redis-server.pid'],
    ['loglevel', 'notice'], ['logfile', rhel ? '/var/log/redis/redis.log' : '/var/log/redis/redis-server.log'], ['databases', '16'],
    ['always-show-logo', 'no'], ['save', v7 ? '3600 1 300 100 60 10000' : '900 1 300 10 60 10000'],
    ['stop-writes-on-bgsave-error', 'yes'], ['rdbcompression', 'yes'], ['rdbchecksum', 'yes'], ['dbfilename', 'dump.rdb'],
    ['dir', '/var/lib/redis'], ['replica-serve-stale-data', 'yes'], ['replica-read-only', 'yes'], ['repl-diskless-sync', v7 ? 'yes' : 'no'],
    ['repl-diskless-sync-delay', '5'], ['repl-timeout', '60'], ['repl-backlog-size', '1048576'], ['replica-priority', '100'],
    ['requirepass', requirepass], ['masterauth', ''], ['maxclients', '10000'], ['maxmemory', '0'], ['maxmemory-policy', 'noeviction'],
    ['maxmemory-samples', '5'], ['lazyfree-lazy-eviction', 'no'], ['lazyfree-lazy-expire', 'no'], ['io-threads', '1'],
    ['appendonly', 'no'], ['appendfilename', 'appendonly.aof'], ['appendfsync', 'everysec'], ['no-appendfsync-on-rewrite', 'no'],
    ['auto-aof-rewrite-percentage', '100'], ['auto-aof-rewrite-min-size', '67108864'], ['lua-time-limit', '5000'],
    ['slowlog-log-slower-than', '10000'], ['slowlog-max-len', '128'], ['latency-monitor-threshold', '0'],
    ['notify-keyspace-events', ''], ['hash-max-ziplist-entries', '512'], ['hash-max-ziplist-value', '64'],
    ['list-max-ziplist-size', '-2'], ['set-max-intset-entries', '512'], ['zset-max-ziplist-entries', '128'],
    ['activerehashing', 'yes'], ['client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'],
    ['hz', '10'], ['dynamic-hz', 'yes'], ['aof-rewrite-incremental-fsync', 'yes'], ['rdb-save-incremental-fsync', 'yes'],
    ['jemalloc-bg-thread', 'yes'], ['proto-max-bulk-len', '536870912'], ['client-query-buffer-limit', '1073741824'],
    ['unixsocket', ''], ['unixsocketperm', '0'], ['slave-read-only', 'yes'], ['oom-score-adj', 'no'],
  ];
  if (v7) entries.push(['enable-protected-configs', 'no'], ['enable-debug-command', 'no'], ['enable-module-command', 'no']);
  return new Map(entries);
}
