// The API resources this kube-apiserver serves (core v1 and apps/v1), their discovery entries
// (APIResourceList) and where their objects come from; plus the Table columns kubectl asks for.
import { configMaps, deployments, namespaces, nodes, pods, secrets, serviceAccounts, services, type Cluster, type KObj } from './objects';

export interface ResourceDef {
  name: string;
  singularName: string;
  kind: string;
  group: string;
  namespaced: boolean;
  shortNames?: string[];
  objects(c: Cluster): KObj[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceDef[] = [
  { name: 'namespaces', singularName: 'namespace', kind: 'Namespace', group: '', namespaced: false, shortNames: ['ns'], objects: namespaces },
  { name: 'nodes', singularName: 'node', kind: 'Node', group: '', namespaced: false, shortNames: ['no'], objects: nodes },
  { name: 'pods', singularName: 'pod', kind: 'Pod', group: '', namespaced: true, shortNames: ['po'], objects: pods },
  { name: 'services', singularName: 'service', kind: 'Service', group: '', namespaced: true, shortNames: ['svc'], objects: services },
  { name: 'secrets', singularName: 'secret', kind: 'Secret', group: '', namespaced: true, objects: secrets },
  { name: 'configmaps', singularName: 'configmap', kind: 'ConfigMap', group: '', namespaced: true, shortNames: ['cm'], objects: configMaps },
  { name: 'serviceaccounts', singularName: 'serviceaccount', kind: 'ServiceAccount', group: '', namespaced: true, shortNames: ['sa'], objects: serviceAccounts },
  { name: 'deployments', singularName: 'deployment', kind: 'Deployment', group: 'apps', namespaced: true, shortNames: ['deploy'], objects: deployments },
];

export const POD_SUBRESOURCES = ['exec', 'attach', 'log', 'portforward', 'proxy', 'status'];

export function resourceList(group: string): Record<string, unknown> {
  const gv = group ? `${group}/v1` : 'v1';
  const entries = RESOURCES.filter((r) => r.group === group).flatMap((r) => [
    { name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: RW, ...(r.shortNames ? { shortNames: r.shortNames } : {}) },
    ...(r.name === 'pods' ? POD_SUBRESOURCES.map((s) => ({ name: `pods/${s}`, singularName: '', namespaced: true, kind: s === 'exec' || s === 'attach' ? 'PodExecOptions' : s === 'log' ? 'Pod' : 'Pod', verbs: s === 'log' ? ['get'] : ['create', 'get'] })) : []),
  ]);
  return { kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: gv, resources: entries };
}

export function findResource(group: string, name: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.name === name);
}

const kubeAge = (seconds: number): string => {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  const h = Math.floor(s / 3600);
  const d = Math.floor(h / 24);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  if (h < 24 * 365 * 8) return `${Math.floor(d / 365)}y${d % 365}d`;
  return `${Math.floor(d / 365)}y`;
};

/** A meta.k8s.io/v1 Table of objects, as kubectl requests with `Accept: ...;as=Table`. */
export function table(def: ResourceDef, items: KObj[], nowMs: number, resourceVersion: string): Record<string, unknown> {
  const age = (o: KObj): string => kubeAge((nowMs - Date.parse(o.metadata.creationTimestamp)) / 1000);
  const col = (name: string, type = 'string', format = ''): Record<string, unknown> => ({ name, type, format, description: '', priority: 0 });
  let columns = [col('Name', 'string', 'name'), col('Age', 'string')];
  let cells = (o: KObj): unknown[] => [o.metadata.name, age(o)];
  if (def.name === 'pods') {
    columns = [col('Name', 'string', 'name'), col('Ready'), col('Status'), col('Restarts'), col('Age'), col('IP'), col('Node')];
    cells = (o) => {
      const st = o.status as { podIP?: string; phase?: string } | undefined;
      return [o.metadata.name, '1/1', st?.phase ?? 'Running', '0', age(o), st?.podIP ?? '<none>', (o.spec as { nodeName?: string } | undefined)?.nodeName ?? '<none>'];
    };
  } else if (def.name === 'namespaces') {
    columns = [col('Name', 'string', 'name'), col('Status'), col('Age')];
    cells = (o) => [o.metadata.name, 'Active', age(o)];
  } else if (def.name === 'secrets') {
    columns = [col('Name', 'string', 'name'), col('Type'), col('Data', 'string'), col('Age')];
    cells = (o) => [o.metadata.name, String(o.type ?? 'Opaque'), Object.keys((o.data as object | undefined) ?? {}).length, age(o)];
  }
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion }, columnDefinitions: columns,
    rows: items.map((o) => ({ cells: cells(o), object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } })),
  };
}
