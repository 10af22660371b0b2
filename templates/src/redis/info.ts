// INFO: every default section of the emulated version with values derived from the persona
// (version, os, run_id, boot time, memory) and growing with time, so repeated probes look alive.
import { makeRng, seededHex } from '../_shell/sys/rng';
import type { Persona } from '../persona/types';
import type { Entry } from './keyspace';

export interface InfoState {
  persona: Persona;
  version: string;
  /** INFO os line (persona or the `os_string` config key). */
  os: string;
  major: number;
  port: number;
  nowMs: number;
  dbs: Array<Map<string, Entry>>;
  connectedClients: number;
  replicaOf?: { host: string; port: number };
  commandsThisSession: number;
}

const GCC: Record<string, string> = {
  ubuntu22: '11.2.0', ubuntu20: '9.3.0', debian: '12.2.0', rocky9: '11.3.1', centos7: '4.8.5', fedora: '13.2.1', alpine: '13.2.1', kali: '13.2.0', arch: '13.2.1',
};
const JEMALLOC: Record<string, string> = { ubuntu22: '5.2.1', ubuntu20: '5.2.1', debian: '5.3.0', alpine: '5.3.0' };

const human = (n: number): string =>
  n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(2)}G` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)}M` : n >= 1024 ? `${(n / 1024).toFixed(2)}K` : `${n}B`;

export const INFO_DEFAULT = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];

export function buildInfo(s: InfoState, sections: string[]): string {
  const p = s.persona;
  const rng = makeRng(`${p.seed}:redis-info`);
  const startedMs = p.shell.bootedAtMs + rng.int(8, 40) * 1000;
  const upS = Math.max(1, Math.floor((s.nowMs - startedMs) / 1000));
  const connRate = rng.int(2, 60) / 3600;
  const conns = Math.floor(upS * connRate) + rng.int(5, 50);
  const cmds = Math.floor(upS * connRate * rng.int(4, 30)) + s.commandsThisSession;
  const keys = s.dbs.reduce((n, db) => n + db.size, 0);
  const used = 860_000 + keys * 96 + rng.int(0, 400_000);
  const rss = used + rng.int(2, 9) * 1024 * 1024;
  const cpuSys = (upS * rng.int(2, 20)) / 10_000;
  const cpuUser = cpuSys * (1 + rng.next());
  const v7 = s.major >= 7;
  const out: string[] = [];
  const add = (name: string, lines: Array<string | false>): void => {
    if (sections.includes(name)) out.push(`# ${name[0]?.toUpperCase()}${name.slice(1)}`, ...lines.filter((l): l is string => l !== false), '');
  };
  add('server', [
    `redis_version:${s.version}`, 'redis_git_sha1:00000000', 'redis_git_dirty:0',
    `redis_build_id:${seededHex(`${p.seed}:redis-build`, 8)}`, 'redis_mode:standalone', `os:${s.os}`, 'arch_bits:64',
    v7 && 'monotonic_clock:POSIX clock_gettime', 'multiplexing_api:epoll', `atomicvar_api:${v7 ? 'c11-builtin' : 'atomic-builtin'}`,
    `gcc_version:${GCC[p.distro] ?? '12.2.0'}`, `process_id:${rng.int(600, 2400)}`, v7 && 'process_supervised:systemd',
    `run_id:${p.services.redis.runId}`, `tcp_port:${s.port}`, v7 && `server_time_usec:${s.nowMs * 1000}`,
    `uptime_in_seconds:${upS}`, `uptime_in_days:${Math.floor(upS / 86400)}`, 'hz:10', 'configured_hz:10',
    `lru_clock:${Math.floor(s.nowMs / 1000) & 0xffffff}`, 'executable:/usr/bin/redis-server', 'config_file:/etc/redis/redis.conf', 'io_threads_active:0',
  ]);
  add('clients', [
    `connected_clients:${s.connectedClients}`, v7 && 'cluster_connections:0', v7 && 'maxclients:10000',
    `client_recent_max_input_buffer:${v7 ? 20480 : 16}`, 'client_recent_max_output_buffer:0', 'blocked_clients:0',
    'tracking_clients:0', 'clients_in_timeout_table:0',
  ]);
  add('memory', [
    `used_memory:${used}`, `used_memory_human:${human(used)}`, `used_memory_rss:${rss}`, `used_memory_rss_human:${human(rss)}`,
    `used_memory_peak:${used + 51_200}`, `used_memory_peak_human:${human(used + 51_200)}`, 'used_memory_peak_perc:95.12%',
    `used_memory_overhead:${used - keys * 60}`, 'used_memory_startup:803056', `used_memory_dataset:${keys * 60}`,
    `total_system_memory:${p.shell.memTotalKb * 1024}`, `total_system_memory_human:${human(p.shell.memTotalKb * 1024)}`,
    'used_memory_lua:37888', 'used_memory_lua_human:37.00K', 'used_memory_scripts:0', 'used_memory_scripts_human:0B',
    'number_of_cached_scripts:0', 'maxmemory:0', 'maxmemory_human:0B', 'maxmemory_policy:noeviction',
    `mem_fragmentation_ratio:${(rss / used).toFixed(2)}`, `mem_fragmentation_bytes:${rss - used}`,
    'mem_not_counted_for_evict:0', 'mem_replication_backlog:0', 'mem_clients_slaves:0', 'mem_clients_normal:20504', 'mem_aof_buffer:0',
    `mem_allocator:jemalloc-${JEMALLOC[p.distro] ?? '5.3.0'}`, 'active_defrag_running:0', 'lazyfree_pending_objects:0',
  ]);
  add('persistence', [
    'loading:0', `rdb_changes_since_last_save:${rng.int(0, 40)}`, 'rdb_bgsave_in_progress:0',
    `rdb_last_save_time:${Math.floor(s.nowMs / 1000) - rng.int(30, 3500)}`, 'rdb_last_bgsave_status:ok', 'rdb_last_bgsave_time_sec:0',
    'rdb_current_bgsave_time_sec:-1', 'rdb_last_cow_size:0', 'aof_enabled:0', 'aof_rewrite_in_progress:0', 'aof_rewrite_scheduled:0',
    'aof_last_rewrite_time_sec:-1', 'aof_current_rewrite_time_sec:-1', 'aof_last_bgrewrite_status:ok', 'aof_last_write_status:ok',
    'aof_last_cow_size:0', 'module_fork_in_progress:0', 'module_fork_last_cow_size:0',
  ]);
  add('stats', [
    `total_connections_received:${conns}`, `total_commands_processed:${cmds}`, 'instantaneous_ops_per_sec:0',
    `total_net_input_bytes:${cmds * 41}`, `total_net_output_bytes:${cmds * 180}`, 'instantaneous_input_kbps:0.00', 'instantaneous_output_kbps:0.00',
    'rejected_connections:0', 'sync_full:0', 'sync_partial_ok:0', 'sync_partial_err:0', `expired_keys:${Math.floor(upS / 900)}`,
    'expired_stale_perc:0.00', 'expired_time_cap_reached_count:0', 'evicted_keys:0', `keyspace_hits:${Math.floor(cmds * 0.6)}`,
    `keyspace_misses:${Math.floor(cmds * 0.1)}`, 'pubsub_channels:0', 'pubsub_patterns:0', `latest_fork_usec:${rng.int(180, 900)}`,
    'migrate_cached_sockets:0', 'slave_expires_tracked_keys:0', 'active_defrag_hits:0', 'active_defrag_misses:0',
    'tracking_total_keys:0', 'tracking_total_items:0', 'tracking_total_prefixes:0', 'unexpected_error_replies:0',
    `total_reads_processed:${cmds + conns}`, `total_writes_processed:${cmds}`, 'io_threaded_reads_processed:0', 'io_threaded_writes_processed:0',
  ]);
  const slave = s.replicaOf;
  add('replication', slave
    ? ['role:slave', `master_host:${slave.host}`, `master_port:${slave.port}`, 'master_link_status:down', 'master_last_io_seconds_ago:-1',
      'master_sync_in_progress:0', 'slave_repl_offset:1', 'slave_priority:100', 'slave_read_only:1', 'connected_slaves:0']
    : ['role:master', 'connected_slaves:0', v7 && 'master_failover_state:no-failover',
      `master_replid:${seededHex(`${p.seed}:replid`, 20)}`, 'master_replid2:0000000000000000000000000000000000000000',
      'master_repl_offset:0', 'second_repl_offset:-1', 'repl_backlog_active:0', 'repl_backlog_size:1048576',
      'repl_backlog_first_byte_offset:0', 'repl_backlog_histlen:0']);
  add('cpu', [
    `used_cpu_sys:${cpuSys.toFixed(6)}`, `used_cpu_user:${cpuUser.toFixed(6)}`, 'used_cpu_sys_children:0.000000', 'used_cpu_user_children:0.000000',
    v7 && `used_cpu_sys_main_thread:${(cpuSys * 0.9).toFixed(6)}`, v7 && `used_cpu_user_main_thread:${(cpuUser * 0.9).toFixed(6)}`,
  ]);
  add('modules', []);
  if (s.major >= 6 && sections.includes('errorstats')) add('errorstats', []);
  add('cluster', ['cluster_enabled:0']);
  add('keyspace', s.dbs.flatMap((db, i) => {
    if (db.size === 0) return [];
    const exp = [...db.values()].filter((e) => e.expiresAtMs !== undefined).length;
    return [`db${i}:keys=${db.size},expires=${exp},avg_ttl=${exp ? rng.int(60_000, 4_000_000) : 0}`];
  }));
  return out.join('\r\n');
}

/** Sections selected by INFO's arguments (default when none). */
export function infoSections(args: string[], major: number): string[] {
  if (args.length === 0) return INFO_DEFAULT;
  const wanted = new Set<string>();
  for (const a of args.map((x) => x.toLowerCase())) {
    if (a === 'all' || a === 'everything') INFO_DEFAULT.forEach((x) => wanted.add(x));
    else if (a === 'default') INFO_DEFAULT.forEach((x) => wanted.add(x));
    else wanted.add(a);
    if (major < 7) break;
  }
  return [...wanted];
}
