// Request routing of the elasticsearch persona: which MSGID a request is (DECNET's root_probe,
// cat_api, cluster_recon, nodes_recon, security_probe, <method>_request, request) and the answer
// ES gives it. Reads are served from the persona; writes are acknowledged, never applied.
import { parseJsonBody } from '../_httpapi/request-log';
import type { ApiRequest } from '../_httpapi/types';
import type { Persona } from '../persona/types';
import { baitHits } from './bait';
import { byteSize, catTable, esJson } from './format';
import type { ElasticsearchPersona, EsIndex } from './persona';
import { clusterHealth, clusterSettings, esError, indexNotFound, noHandler, nodesInfo, nodesStats, rootBody, SECURITY_DISABLED, xpackInfo } from './responses';
import { major, nodeRoles } from './versions';

export interface EsAnswer {
  status: number;
  body: Buffer;
  type: 'json' | 'text';
}

export interface EsEnv {
  es: ElasticsearchPersona;
  persona: Persona;
  nowMs: number;
  /** The authenticated user when security is on. */
  user?: string;
}

export function msgidFor(req: ApiRequest): string {
  const seg = req.path.split('/').filter(Boolean);
  const first = seg[0] ?? '';
  if (first === '_security' || first.startsWith('_xpack') || first === '_license') return 'security_probe';
  if (req.method === 'POST') return 'post_request';
  if (req.method === 'PUT') return 'put_request';
  if (req.method === 'DELETE') return 'delete_request';
  if (req.method === 'HEAD') return 'head_request';
  if (seg.length === 0) return 'root_probe';
  if (first === '_cat') return 'cat_api';
  if (first === '_cluster') return 'cluster_recon';
  if (first === '_nodes') return 'nodes_recon';
  return 'request';
}

const json = (status: number, v: unknown, pretty: boolean): EsAnswer => ({ status, body: esJson(v, pretty), type: 'json' });

/** Indices an expression names (comma list, wildcards, _all); a string when a concrete name is unknown. */
export function resolveIndices(es: ElasticsearchPersona, expr: string): EsIndex[] | string {
  const out = new Set<EsIndex>();
  for (const part of expr.split(',').slice(0, 32)) {
    if (part === '_all' || part === '*') es.indices.forEach((i) => out.add(i));
    else if (part.includes('*')) {
      const re = new RegExp(`^${part.slice(0, 200).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      es.indices.filter((i) => re.test(i.name)).forEach((i) => out.add(i));
    } else {
      const ix = es.indices.find((i) => i.name === part);
      if (!ix) return part;
      out.add(ix);
    }
  }
  return [...out];
}

function cat(env: EsEnv, what: string, q: URLSearchParams): EsAnswer | undefined {
  const { es, persona } = env;
  const epoch = Math.floor(env.nowMs / 1000);
  const hms = new Date(env.nowMs).toISOString().slice(11, 19);
  const pri = es.indices.length;
  let t: { body: Buffer; json: boolean } | undefined;
  if (what === 'indices') {
    t = catTable(['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size'],
      es.indices.map((i) => ['yellow', 'open', i.name, i.uuid, '1', '1', String(i.docs), '0', byteSize(i.sizeBytes), byteSize(i.sizeBytes)]), q);
  } else if (what === 'nodes') {
    t = catTable(['ip', 'heap.percent', 'ram.percent', 'cpu', 'load_1m', 'load_5m', 'load_15m', 'node.role', 'master', 'name'],
      [[persona.shell.ip, '41', '93', '3', '0.18', '0.22', '0.20', nodeRoles(es.build), '*', es.nodeName]], q);
  } else if (what === 'health') {
    t = catTable(['epoch', 'timestamp', 'cluster', 'status', 'node.total', 'node.data', 'shards', 'pri', 'relo', 'init', 'unassign', 'pending_tasks', 'max_task_wait_time', 'active_shards_percent'],
      [[String(epoch), hms, es.clusterName, pri ? 'yellow' : 'green', '1', '1', String(pri), String(pri), '0', '0', String(pri), '0', '-', pri ? '50.0%' : '100.0%']], q);
  } else if (what === 'master') {
    t = catTable(['id', 'host', 'ip', 'node'], [[es.nodeId, persona.shell.ip, persona.shell.ip, es.nodeName]], q);
  } else if (what === 'count') {
    t = catTable(['epoch', 'timestamp', 'count'], [[String(epoch), hms, String(es.indices.reduce((s, i) => s + i.docs, 0))]], q);
  } else if (what === 'aliases' || what === 'templates' || what === 'plugins') {
    t = catTable(['alias'], [], q);
  }
  return t && { status: 200, body: t.body, type: t.json ? 'json' : 'text' };
}

function search(env: EsEnv, indices: EsIndex[], req: ApiRequest, pretty: boolean): EsAnswer {
  const body = parseJsonBody(req.body) as { size?: unknown; from?: unknown } | undefined;
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : d);
  const size = Math.max(0, Math.min(50, num(req.query.get('size') ?? body?.size, 10)));
  const from = Math.max(0, Math.min(10_000, num(req.query.get('from') ?? body?.from, 0)));
  const hits = [];
  for (const ix of indices) {
    if (hits.length >= size) break;
    hits.push(...baitHits(env.persona.seed, ix, from, size - hits.length, env.persona.domain, env.persona.shell.bootedAtMs, major(env.es.build) < 8));
  }
  const total = indices.reduce((s, i) => s + i.docs, 0);
  return json(200, {
    took: 2 + (total % 17), timed_out: false, _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 },
    hits: { total: { value: Math.min(total, 10_000), relation: total > 10_000 ? 'gte' : 'eq' }, max_score: hits.length ? 1 : null, hits },
  }, pretty);
}

function security(env: EsEnv, seg: string[], pretty: boolean, req: ApiRequest): EsAnswer {
  const { es } = env;
  if (es.buildFlavor === 'oss') return json(400, noHandler(req.path, req.method, req.rawQuery), pretty);
  if (seg[0] === '_license') return json(200, { license: { status: 'active', uid: (xpackInfo(es).license as { uid: string }).uid, type: 'basic', issue_date: '2024-01-01T00:00:00.000Z', issue_date_in_millis: 1704067200000, max_nodes: 1000, max_resource_units: null, issued_to: es.clusterName, issuer: 'elasticsearch', start_date_in_millis: -1 } }, pretty);
  if (seg[0]?.startsWith('_xpack')) return json(200, xpackInfo(es), pretty);
  if (!es.security) return json(500, esError('security_exception', SECURITY_DISABLED, 500), pretty);
  if (seg[1] === '_authenticate') {
    return json(200, { username: env.user ?? 'elastic', roles: ['superuser'], full_name: null, email: null, metadata: { _reserved: true }, enabled: true, authentication_realm: { name: 'reserved', type: 'reserved' }, lookup_realm: { name: 'reserved', type: 'reserved' }, authentication_type: 'realm' }, pretty);
  }
  if (seg[1] === 'user' && req.method === 'GET') return json(200, { elastic: { username: 'elastic', roles: ['superuser'], full_name: null, email: null, metadata: { _reserved: true }, enabled: true } }, pretty);
  return json(200, { acknowledged: true }, pretty);
}

function write(env: EsEnv, seg: string[], req: ApiRequest, pretty: boolean): EsAnswer {
  const { es } = env;
  const [first = '', second, third] = seg;
  if (first === '_bulk' || second === '_bulk') return json(200, { took: 7, errors: false, items: [] }, pretty);
  if (first.startsWith('_')) return json(200, { acknowledged: true }, pretty);
  const existing = es.indices.find((i) => i.name === first);
  if (req.method === 'DELETE') return second ? json(404, { _index: first, _id: third ?? '', result: 'not_found' }, pretty) : existing ? json(200, { acknowledged: true }, pretty) : json(404, indexNotFound(first), pretty);
  if (!second && req.method === 'PUT') {
    if (existing) return json(400, esError('resource_already_exists_exception', `index [${first}/${existing.uuid}] already exists`, 400, { index_uuid: existing.uuid, index: first }), pretty);
    return json(200, { acknowledged: true, shards_acknowledged: true, index: first }, pretty);
  }
  if (second === '_doc' || second === '_create') {
    const id = third ?? Buffer.from(`${env.nowMs}${req.bodySize}`).toString('base64url').slice(0, 20);
    return json(201, { _index: first, ...(major(es.build) < 8 ? { _type: '_doc' } : {}), _id: id, _version: 1, result: 'created', _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1 }, pretty);
  }
  return json(200, { acknowledged: true }, pretty);
}

export function route(env: EsEnv, req: ApiRequest): EsAnswer {
  const { es } = env;
  const seg = req.path.split('/').filter(Boolean).slice(0, 16);
  const pretty = req.query.has('pretty') && req.query.get('pretty') !== 'false';
  const [first = '', second = ''] = seg;
  const nf = (): EsAnswer => json(400, noHandler(req.path, req.method, req.rawQuery), pretty);
  if (first === '_security' || first.startsWith('_xpack') || first === '_license') return security(env, seg, pretty, req);
  if (seg.length === 0) return req.method === 'GET' || req.method === 'HEAD' ? json(200, rootBody(es), true) : nf();
  const isSearch = first === '_search' || second === '_search';
  if (req.method === 'POST' && isSearch) return route(env, { ...req, method: 'GET' });
  if (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE') return write(env, seg, req, pretty);
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `Incorrect HTTP method for uri [${req.target}] and method [${req.method}], allowed: [GET, HEAD]`, status: 405 }, pretty);
  if (first === '_cat') {
    if (!second) return { status: 200, body: Buffer.from(`=^.^=\n${['allocation', 'shards', 'master', 'nodes', 'tasks', 'indices', 'segments', 'count', 'recovery', 'health', 'pending_tasks', 'aliases', 'thread_pool', 'plugins', 'fielddata', 'nodeattrs', 'repositories', 'templates'].map((c) => `/_cat/${c}\n`).join('')}`), type: 'text' };
    return cat(env, second, req.query) ?? nf();
  }
  if (first === '_cluster') {
    if (second === 'health') return json(200, clusterHealth(es), pretty);
    if (second === 'settings') return json(200, clusterSettings(es), pretty);
    if (second === 'state') return json(200, { cluster_name: es.clusterName, cluster_uuid: es.clusterUuid, master_node: es.nodeId }, pretty);
    return nf();
  }
  if (first === '_nodes') return json(200, seg.includes('stats') ? nodesStats(es, env.persona, env.nowMs) : nodesInfo(es, env.persona), pretty);
  if (first === '_search') return search(env, es.indices, req, pretty);
  if (first === '_count') return json(200, { count: es.indices.reduce((s, i) => s + i.docs, 0), _shards: { total: es.indices.length, successful: es.indices.length, skipped: 0, failed: 0 } }, pretty);
  if (first === '_aliases' || first === '_alias') return json(200, Object.fromEntries(es.indices.map((i) => [i.name, { aliases: {} }])), pretty);
  if (first.startsWith('_')) return nf();
  const indices = resolveIndices(es, first);
  if (typeof indices === 'string') return json(404, indexNotFound(indices), pretty);
  if (second === '_search') return search(env, indices, req, pretty);
  if (second === '_count') return json(200, { count: indices.reduce((s, i) => s + i.docs, 0), _shards: { total: indices.length, successful: indices.length, skipped: 0, failed: 0 } }, pretty);
  if (second === '_mapping' || second === '') {
    return json(200, Object.fromEntries(indices.map((i) => [i.name, second ? { mappings: { properties: {} } } : { aliases: {}, mappings: { properties: {} }, settings: { index: { number_of_shards: '1', number_of_replicas: '1', uuid: i.uuid, provided_name: i.name, creation_date: String(env.persona.shell.bootedAtMs - 86_400_000 * 30) } } }])), pretty);
  }
  if (second === '_doc' || second === '_source') return json(404, { _index: first, ...(major(es.build) < 8 ? { _type: '_doc' } : {}), _id: seg[2] ?? '', found: false }, pretty);
  return nf();
}
