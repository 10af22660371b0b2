// Bodies of the Elasticsearch endpoints an attacker probes, from the persona: root banner, cluster
// health/settings, `_nodes` info and stats, `_xpack`, and ES's exact error objects (no handler,
// index_not_found, security_exception for missing or bad credentials and for disabled security).
import type { Persona } from '../persona/types';
import type { ElasticsearchPersona } from './persona';
import { major, nodeRoles } from './versions';

type Obj = Record<string, unknown>;

export function rootBody(es: ElasticsearchPersona): Obj {
  const b = es.build;
  return {
    name: es.nodeName, cluster_name: es.clusterName, cluster_uuid: es.clusterUuid,
    version: {
      number: b.number, build_flavor: es.buildFlavor, build_type: es.buildType, build_hash: b.hash, build_date: b.date,
      build_snapshot: false, lucene_version: b.lucene, minimum_wire_compatibility_version: b.minWire, minimum_index_compatibility_version: b.minIndex,
    },
    tagline: 'You Know, for Search',
  };
}

/** Shards: each index has 1 primary and 1 replica that a single node cannot assign (yellow). */
export function clusterHealth(es: ElasticsearchPersona): Obj {
  const pri = es.indices.reduce((s, i) => s + i.shards, 0);
  return {
    cluster_name: es.clusterName, status: pri > 0 ? 'yellow' : 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1,
    active_primary_shards: pri, active_shards: pri, relocating_shards: 0, initializing_shards: 0, unassigned_shards: pri,
    delayed_unassigned_shards: 0, number_of_pending_tasks: 0, number_of_in_flight_fetch: 0, task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: pri > 0 ? 50 : 100,
  };
}

export function clusterSettings(es: ElasticsearchPersona): Obj {
  return { persistent: major(es.build) >= 8 ? {} : { xpack: { monitoring: { collection: { enabled: 'true' } } } }, transient: {} };
}

function nodeHeader(es: ElasticsearchPersona, p: Persona): Obj {
  return { name: es.nodeName, transport_address: `${p.shell.ip}:9300`, host: p.shell.ip, ip: p.shell.ip, roles: rolesList(es) };
}

const rolesList = (es: ElasticsearchPersona): string[] => {
  const all: Record<string, string> = { c: 'data_cold', d: 'data', f: 'data_frozen', h: 'data_hot', i: 'ingest', l: 'ml', m: 'master', r: 'remote_cluster_client', s: 'data_content', t: 'transform', w: 'data_warm' };
  return [...nodeRoles(es.build)].map((c) => all[c] ?? c).sort();
};

const heapBytes = (p: Persona): number => Math.min(31, Math.max(1, Math.floor(p.shell.memTotalKb / 1024 / 1024 / 2))) * 1024 * 1024 * 1024;

export function nodesInfo(es: ElasticsearchPersona, p: Persona): Obj {
  const b = es.build;
  const heap = heapBytes(p);
  return {
    _nodes: { total: 1, successful: 1, failed: 0 }, cluster_name: es.clusterName,
    nodes: {
      [es.nodeId]: {
        ...nodeHeader(es, p), version: b.number, build_flavor: es.buildFlavor, build_type: es.buildType, build_hash: b.hash,
        total_indexing_buffer: Math.floor(heap / 10), attributes: { 'xpack.installed': 'true', 'transform.node': 'true' },
        settings: { cluster: { name: es.clusterName }, node: { name: es.nodeName }, path: { logs: '/var/log/elasticsearch', home: '/usr/share/elasticsearch' }, network: { host: '0.0.0.0' }, discovery: { type: 'single-node' } },
        os: { refresh_interval_in_millis: 1000, name: 'Linux', pretty_name: p.shell.osPrettyName, arch: p.shell.arch === 'aarch64' ? 'aarch64' : 'amd64', version: p.shell.kernelRelease, available_processors: p.shell.cpuCount, allocated_processors: p.shell.cpuCount },
        process: { refresh_interval_in_millis: 1000, id: es.pid, mlockall: false },
        jvm: {
          pid: es.pid, version: b.jdk, vm_name: 'OpenJDK 64-Bit Server VM', vm_version: `${b.jdk}+${major(es.build) >= 8 ? 9 : 7}`, vm_vendor: 'Oracle Corporation',
          bundled_jdk: true, using_bundled_jdk: true, start_time_in_millis: p.shell.bootedAtMs + 40_000,
          mem: { heap_init_in_bytes: heap, heap_max_in_bytes: heap, non_heap_init_in_bytes: 7667712, non_heap_max_in_bytes: 0, direct_max_in_bytes: 0 },
          gc_collectors: ['G1 Young Generation', 'G1 Old Generation'], using_compressed_ordinary_object_pointers: 'true',
        },
        http: { bound_address: ['[::]:9200'], publish_address: `${p.shell.ip}:9200`, max_content_length_in_bytes: 104857600 },
      },
    },
  };
}

export function nodesStats(es: ElasticsearchPersona, p: Persona, nowMs: number): Obj {
  const heap = heapBytes(p);
  const mem = p.shell.memTotalKb * 1024;
  const free = Math.floor(mem * 0.07);
  return {
    _nodes: { total: 1, successful: 1, failed: 0 }, cluster_name: es.clusterName,
    nodes: {
      [es.nodeId]: {
        timestamp: nowMs, ...nodeHeader(es, p), attributes: { 'xpack.installed': 'true' },
        indices: { docs: { count: es.indices.reduce((s, i) => s + i.docs, 0), deleted: 0 }, store: { size_in_bytes: es.indices.reduce((s, i) => s + i.sizeBytes, 0) } },
        os: { timestamp: nowMs, cpu: { percent: 3, load_average: { '1m': 0.18, '5m': 0.22, '15m': 0.2 } }, mem: { total_in_bytes: mem, free_in_bytes: free, used_in_bytes: mem - free, free_percent: 7, used_percent: 93 } },
        jvm: { timestamp: nowMs, uptime_in_millis: Math.max(0, nowMs - p.shell.bootedAtMs - 40_000), mem: { heap_used_in_bytes: Math.floor(heap * 0.41), heap_used_percent: 41, heap_committed_in_bytes: heap, heap_max_in_bytes: heap } },
      },
    },
  };
}

export function xpackInfo(es: ElasticsearchPersona): Obj {
  const f = (enabled: boolean): Obj => ({ available: true, enabled });
  return {
    build: { hash: es.build.hash, date: es.build.date },
    license: { uid: `${es.clusterUuid.slice(0, 8).toLowerCase()}-5c1e-4f2a-9d3b-${es.nodeId.slice(0, 12).toLowerCase().replace(/[^a-f0-9]/g, '0')}`, type: 'basic', mode: 'basic', status: 'active' },
    features: { graph: { available: false, enabled: true }, ilm: f(true), ml: { available: false, enabled: true }, monitoring: f(true), security: f(es.security), sql: f(true), transform: f(true), watcher: { available: false, enabled: true } },
    tagline: 'You know, for X',
  };
}

/** ES's error envelope: root_cause repeats the error. */
export function esError(type: string, reason: string, status: number, extra: Obj = {}): Obj {
  const e = { type, reason, ...extra };
  return { error: { root_cause: [e], ...e }, status };
}

export const noHandler = (path: string, method: string, query: string): Obj =>
  ({ error: `no handler found for uri [${path}${query ? `?${query}` : ''}] and method [${method}]` });

export const indexNotFound = (index: string): Obj =>
  esError('index_not_found_exception', `no such index [${index}]`, 404, { 'resource.type': 'index_or_alias', 'resource.id': index, index_uuid: '_na_', index });

export const BASIC_CHALLENGE = 'Basic realm="security" charset="UTF-8"';

/** WWW-Authenticate values of a secured node: Basic only on 7.x; Basic, Bearer and ApiKey on 8.x. */
export const challenges = (es: ElasticsearchPersona): string[] => (major(es.build) >= 8 ? [BASIC_CHALLENGE, 'Bearer realm="security"', 'ApiKey'] : [BASIC_CHALLENGE]);

export function securityError(es: ElasticsearchPersona, reason: string): Obj {
  const c = challenges(es);
  return esError('security_exception', reason, 401, { header: { 'WWW-Authenticate': c.length === 1 ? c[0] : c } });
}

/** The wording of a missing-credentials refusal changed from "token" to "credentials" in 7.10. */
export function missingCredentials(es: ElasticsearchPersona, uri: string): string {
  const [ma = 0, mi = 0] = es.build.number.split('.').map(Number);
  return `missing authentication ${ma > 7 || (ma === 7 && mi >= 10) ? 'credentials' : 'token'} for REST request [${uri}]`;
}

export const SECURITY_DISABLED = 'Security must be explicitly enabled when using a [basic] or [trial] license. Enable security by setting [xpack.security.enabled] to [true] in the elasticsearch.yml file and restart the node.';
