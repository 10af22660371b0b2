// Request handling of the kube-apiserver persona after authentication: RBAC as configured (anonymous
// `read` or `none`; an accepted token may do anything), then health, discovery, and resource
// requests (/api/v1/..., /apis/apps/v1/...: list, get, Table, create, delete, pods/exec) answered
// from the cluster objects. Writes are echoed as accepted and never applied.
import { parseJsonBody } from '../_httpapi/request-log';
import type { ApiRequest } from '../_httpapi/types';
import type { K8sConfig } from './config';
import { apiGroup, apiGroups, apiVersions, openapiV2, resourceList, versionInfo } from './discovery';
import type { Cluster, KObj } from './objects';
import { POD_SUBRESOURCES, findResource, table, type ResourceDef } from './resources';
import { alreadyExists, badRequest, forbiddenPath, forbiddenResource, noResource, notFound, type ResourceRef } from './status';

export interface Caller {
  user: string;
  anonymous: boolean;
}

export interface K8sAnswer {
  status: number;
  json?: unknown;
  text?: string;
  /** /version is always indented (WriteRawJSON). */
  indent?: boolean;
  /** Health checks run under the `probes` flow schema. */
  probes?: boolean;
}

export interface K8sRoute {
  answer: K8sAnswer;
  verb?: string;
  ref?: ResourceRef;
  /** pods/exec command, create body kind/image ... */
  intent?: Record<string, string | undefined>;
}

const ROOT_PATHS = [
  '/.well-known/openid-configuration', '/api', '/api/v1', '/apis', '/apis/', '/apis/apps', '/apis/apps/v1', '/apis/authentication.k8s.io', '/apis/authentication.k8s.io/v1',
  '/apis/authorization.k8s.io', '/apis/authorization.k8s.io/v1', '/apis/batch', '/apis/batch/v1', '/apis/networking.k8s.io', '/apis/networking.k8s.io/v1',
  '/apis/rbac.authorization.k8s.io', '/apis/rbac.authorization.k8s.io/v1', '/healthz', '/healthz/etcd', '/healthz/log', '/healthz/ping', '/livez', '/livez/etcd',
  '/livez/log', '/livez/ping', '/logs', '/metrics', '/openapi/v2', '/openapi/v3', '/openapi/v3/', '/openid/v1/jwks', '/readyz', '/readyz/etcd', '/readyz/log',
  '/readyz/ping', '/readyz/shutdown', '/version',
];
const PUBLIC = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);
const HEALTH_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-kube-apiserver-admission-initializer', 'poststarthook/generic-apiserver-start-informers', 'poststarthook/start-apiextensions-informers', 'poststarthook/crd-informer-synced', 'poststarthook/bootstrap-controller', 'poststarthook/rbac/bootstrap-roles', 'poststarthook/scheduling/bootstrap-system-priority-classes', 'poststarthook/apiservice-registration-controller', 'autoregister-completion'];

export function verbOf(method: string, hasName: boolean, query: URLSearchParams): string {
  if (method === 'GET' || method === 'HEAD') return hasName ? 'get' : /^(1|true)$/.test(query.get('watch') ?? '') ? 'watch' : 'list';
  if (method === 'POST') return 'create';
  if (method === 'PUT') return 'update';
  if (method === 'PATCH') return 'patch';
  if (method === 'DELETE') return hasName ? 'delete' : 'deletecollection';
  return method.toLowerCase().slice(0, 16);
}

/** Parses /api/v1/... and /apis/<group>/v1/... into a resource reference; undefined for other paths. */
export function parseResourcePath(path: string): (ResourceRef & { version: string }) | undefined {
  const seg = path.split('/').filter(Boolean).slice(0, 10);
  let rest: string[];
  let group = '';
  let version = '';
  if (seg[0] === 'api' && seg[1]) [version, rest] = [seg[1], seg.slice(2)];
  else if (seg[0] === 'apis' && seg[1] && seg[2]) [group, version, rest] = [seg[1], seg[2], seg.slice(3)];
  else return undefined;
  if (rest.length === 0) return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource] = rest;
  return { group, version, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(subresource ? { subresource } : {}) };
}

function allowed(cfg: K8sConfig, caller: Caller, verb: string, ref: ResourceRef): boolean {
  if (!caller.anonymous) return true;
  if (cfg.anonymous === 'none') return false;
  return (verb === 'get' || verb === 'list' || verb === 'watch') && ref.resource !== 'secrets' && !ref.subresource;
}

function objectsFor(c: Cluster, def: ResourceDef, ns: string | undefined): KObj[] {
  const all = def.objects(c);
  return def.namespaced && ns ? all.filter((o) => o.metadata.namespace === ns) : all;
}

export function route(c: Cluster, cfg: K8sConfig, caller: Caller, req: ApiRequest, nowMs: number): K8sRoute {
  const path = req.path;
  const rv = String(c.k.resourceVersion + Math.floor((nowMs - c.k.createdMs) / 60_000));
  if (PUBLIC.has(path) || /^\/(healthz|livez|readyz)\/[a-z/-]{1,100}$/.test(path)) {
    if (path.startsWith('/version')) return { answer: { status: 200, json: versionInfo(c.k, c.persona), indent: true } };
    const name = path.split('/')[1] ?? 'healthz';
    if (!req.query.has('verbose')) return { answer: { status: 200, text: 'ok', probes: true } };
    return { answer: { status: 200, text: `${HEALTH_CHECKS.map((h) => `[+]${h} ok`).join('\n')}\n${name} check passed\n`, probes: true } };
  }
  const ref = parseResourcePath(path);
  if (!ref) {
    const verb = req.method.toLowerCase().slice(0, 16);
    if (caller.anonymous && cfg.anonymous === 'none') return { answer: { status: 403, json: forbiddenPath(caller.user, verb, path) }, verb };
    if (path === '/') return caller.anonymous ? { answer: { status: 403, json: forbiddenPath(caller.user, verb, path) }, verb } : { answer: { status: 200, json: { paths: ROOT_PATHS } } };
    if (path === '/api' || path === '/api/') return { answer: { status: 200, json: apiVersions(c.persona) } };
    if (path === '/apis' || path === '/apis/') return { answer: { status: 200, json: apiGroups() } };
    if (path === '/api/v1') return { answer: { status: 200, json: resourceList('') } };
    if (path === '/apis/apps/v1') return { answer: { status: 200, json: resourceList('apps') } };
    const g = /^\/apis\/([a-z0-9.-]{1,100})\/?$/.exec(path);
    if (g?.[1]) {
      const doc = apiGroup(g[1]);
      return { answer: doc ? { status: 200, json: doc } : { status: 404, text: '404 page not found\n' } };
    }
    if (/^\/apis\/[a-z0-9.-]{1,100}\/v[0-9a-z]{1,10}$/.test(path)) return { answer: { status: 200, json: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: path.slice(6), resources: [] } } };
    if (path === '/openapi/v2') return { answer: { status: 200, json: openapiV2(c.k) } };
    // system:discovery grants anonymous these paths only; anything else is refused before routing.
    if (caller.anonymous) return { answer: { status: 403, json: forbiddenPath(caller.user, verb, path) }, verb };
    return { answer: { status: 404, text: '404 page not found\n' } };
  }
  const verb = verbOf(req.method, Boolean(ref.name), req.query);
  const def = ref.version === 'v1' ? findResource(ref.group, ref.resource) : undefined;
  if (!allowed(cfg, caller, verb === 'create' && ref.subresource ? 'create' : verb, ref)) return { answer: { status: 403, json: forbiddenResource(caller.user, verb, ref) }, verb, ref };
  if (!def || (ref.subresource && !(def.name === 'pods' && POD_SUBRESOURCES.includes(ref.subresource)))) return { answer: { status: 404, json: noResource() }, verb, ref };
  const items = objectsFor(c, def, ref.namespace);
  if (verb === 'list' || verb === 'watch') {
    if (/as=Table/.test(req.header('accept') ?? '')) return { answer: { status: 200, json: table(def, items, nowMs, rv) }, verb, ref };
    return { answer: { status: 200, json: { kind: `${def.kind}List`, apiVersion: def.group ? `${def.group}/v1` : 'v1', metadata: { resourceVersion: rv }, items: items.map((o) => ({ ...o })) } }, verb, ref };
  }
  const found = items.find((o) => o.metadata.name === ref.name);
  const apiVersion = def.group ? `${def.group}/v1` : 'v1';
  if (ref.subresource === 'exec' || ref.subresource === 'attach' || ref.subresource === 'portforward') {
    if (!found) return { answer: { status: 404, json: notFound(ref) }, verb, ref };
    // SPDY/WebSocket upgrade is never granted: kube-apiserver's answer to a plain request.
    const command = req.query.getAll('command').slice(0, 64).map((s) => s.slice(0, 512));
    return { answer: { status: 400, json: badRequest('Upgrade request required') }, verb, ref, intent: { command: command.length ? JSON.stringify(command).slice(0, 2048) : undefined, container: req.query.get('container')?.slice(0, 128) } };
  }
  if (verb === 'create') {
    const body = parseJsonBody(req.body) as { metadata?: { name?: unknown }; spec?: unknown } | undefined;
    if (!body || typeof body !== 'object') return { answer: { status: 400, json: badRequest('the object provided is unrecognized (must be of type ' + def.kind + '): couldn\'t get version/kind; json parse error') }, verb, ref };
    const name = typeof body.metadata?.name === 'string' ? body.metadata.name.slice(0, 253) : `${def.singularName}-${Math.floor(nowMs / 1000).toString(36)}`;
    const named = { ...ref, name };
    if (items.some((o) => o.metadata.name === name)) return { answer: { status: 409, json: alreadyExists(named) }, verb, ref: named };
    const created = { ...(body as object), kind: def.kind, apiVersion, metadata: { ...(typeof body.metadata === 'object' ? body.metadata : {}), name, ...(ref.namespace ? { namespace: ref.namespace } : {}), uid: `${Math.floor(nowMs).toString(16).padStart(8, '0').slice(-8)}-${'4b2c'}-4${rv.slice(-3).padStart(3, '0')}-9${c.k.salt.slice(0, 3)}-${c.k.salt.slice(4, 16)}`, resourceVersion: rv, creationTimestamp: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z') }, ...(def.name === 'pods' ? { status: { phase: 'Pending', qosClass: 'BestEffort' } } : {}) };
    return { answer: { status: 201, json: created }, verb, ref: named };
  }
  if (!found) return { answer: { status: 404, json: notFound(ref) }, verb, ref };
  if (verb === 'get') {
    if (ref.subresource === 'log') return { answer: { status: 200, text: '' }, verb, ref };
    if (/as=Table/.test(req.header('accept') ?? '')) return { answer: { status: 200, json: table(def, [found], nowMs, rv) }, verb, ref };
    return { answer: { status: 200, json: { kind: def.kind, apiVersion, ...found } }, verb, ref };
  }
  if (verb === 'delete') return { answer: { status: 200, json: { kind: def.kind, apiVersion, ...found, metadata: { ...found.metadata, deletionTimestamp: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), deletionGracePeriodSeconds: 30 } } }, verb, ref };
  return { answer: { status: 200, json: { kind: def.kind, apiVersion, ...found } }, verb, ref };
}
