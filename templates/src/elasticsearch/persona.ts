// The elasticsearch persona part: which build the node claims (7.x without auth, 8.x with security
// on by default), its node/cluster names and seeded UUIDs, and the bait indices it holds; config
// keys override. Plus the JVM line `ps` shows.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';
import { ES_BUILDS, major, type EsBuild } from './versions';

export interface EsIndex {
  name: string;
  uuid: string;
  kind: 'people' | 'orders' | 'logs';
  docs: number;
  sizeBytes: number;
  shards: number;
}

export interface ElasticsearchPersona {
  build: EsBuild;
  buildFlavor: 'default' | 'oss';
  buildType: 'deb' | 'rpm' | 'docker' | 'tar';
  nodeName: string;
  clusterName: string;
  clusterUuid: string;
  nodeId: string;
  security: boolean;
  indices: EsIndex[];
  /** Node uptime origin for `_nodes/stats` (seconds before boot-relative now). */
  pid: number;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX_POOL: ReadonlyArray<[string, EsIndex['kind']]> = [
  ['customers', 'people'], ['users', 'people'], ['crm_contacts', 'people'], ['employees', 'people'], ['accounts', 'people'],
  ['orders', 'orders'], ['payments', 'orders'], ['transactions', 'orders'], ['invoices', 'orders'],
  ['app-logs', 'logs'], ['nginx-access', 'logs'], ['audit', 'logs'],
];
const CLUSTERS = ['elasticsearch', 'elasticsearch', 'docker-cluster', 'es-cluster', 'prod-search', 'logging', 'search-prod', 'elk'];

export function esId(rng: { int(a: number, b: number): number }, n = 22): string {
  let s = '';
  for (let i = 0; i < n; i++) s += B64URL[rng.int(0, 63)];
  return s;
}

export function elasticsearchPersona(b: PersonaBasis): ElasticsearchPersona {
  const rng = b.rng('elasticsearch');
  const wanted = configValue(b, 'elasticsearch', 'version');
  const build = ES_BUILDS.find((x) => x.number === wanted) ?? rng.pick(ES_BUILDS);
  const family = b.release.family;
  const buildType = family === 'debian' ? 'deb' : family === 'rhel' ? 'rpm' : rng.pick(['docker', 'tar'] as const);
  const pool = [...INDEX_POOL];
  const indices: EsIndex[] = [];
  for (let n = rng.int(3, 5); n > 0 && pool.length > 0; n--) {
    const [name, kind] = pool.splice(rng.int(0, pool.length - 1), 1)[0] ?? ['data', 'logs'];
    const docs = kind === 'logs' ? rng.int(200_000, 9_000_000) : rng.int(1_200, 480_000);
    const index = kind === 'logs' ? `${name}-${b.snap.date.slice(0, 7).replace('-', '.')}` : name;
    indices.push({ name: index, uuid: esId(rng), kind, docs, sizeBytes: docs * rng.int(300, 900), shards: 1 });
  }
  const securityCfg = configValue(b, 'elasticsearch', 'security');
  return {
    build,
    buildFlavor: major(build) === 7 && rng.chance(0.3) ? 'oss' : 'default',
    buildType,
    nodeName: configValue(b, 'elasticsearch', 'node_name', 64) ?? (rng.chance(0.5) ? b.hostname : `node-${rng.int(1, 3)}`),
    clusterName: configValue(b, 'elasticsearch', 'cluster_name', 64) ?? rng.pick(CLUSTERS),
    clusterUuid: esId(rng),
    nodeId: esId(rng),
    // 8.x enables security by default; 7.x does not.
    security: securityCfg !== undefined ? /^(true|1|on|yes)$/i.test(securityCfg) : major(build) >= 8,
    indices,
    pid: rng.int(600, 4000),
  };
}

export function elasticsearchProcesses(b: PersonaBasis): ShellProcessSeed[] {
  const heap = b.rng('elasticsearch-heap').pick(['1g', '2g', '4g']);
  const dist = b.release.family === 'debian' ? 'deb' : b.release.family === 'rhel' ? 'rpm' : 'tar';
  return [{
    user: 'elasticsearch',
    command: `/usr/share/elasticsearch/jdk/bin/java -Xms${heap} -Xmx${heap} -XX:+UseG1GC -Djava.io.tmpdir=/tmp/elasticsearch -XX:+HeapDumpOnOutOfMemoryError -Des.path.home=/usr/share/elasticsearch -Des.path.conf=/etc/elasticsearch -Des.distribution.type=${dist} -cp /usr/share/elasticsearch/lib/* org.elasticsearch.bootstrap.Elasticsearch -p /var/run/elasticsearch/elasticsearch.pid --quiet`,
    rssKb: 1_400_000,
  }];
}
