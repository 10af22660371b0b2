// The k8s persona part: the kube-apiserver build (INI `version` overrides), the cluster's seeded
// namespaces, workloads and bait secrets, and the API Priority and Fairness UIDs every answer
// carries; plus kube-apiserver/kubelet in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import type { Rng } from '../persona/rng';
import { configValue, type PersonaBasis } from '../service';
import { KUBE_BUILDS, type KubeBuild } from './versions';

export interface K8sWorkload {
  namespace: string;
  name: string;
  image: string;
  replicas: number;
  port?: number;
}

export interface K8sSecret {
  namespace: string;
  name: string;
  type: string;
  data: Record<string, string>;
}

export interface K8sPersona {
  build: KubeBuild;
  /** Creation instant of the cluster (namespaces, system pods), epoch ms. */
  createdMs: number;
  namespaces: string[];
  workloads: K8sWorkload[];
  secrets: K8sSecret[];
  /** Seeded object-name suffixes and UIDs derive from this. */
  salt: string;
  flowSchemaUid: string;
  priorityLevelUid: string;
  /** The `probes` flow schema / `exempt` level health checks are classified under. */
  probesFlowSchemaUid: string;
  exemptPriorityLevelUid: string;
  resourceVersion: number;
}

const uuid = (r: Rng): string => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${['8', '9', 'a', 'b'][r.int(0, 3)]}${r.hex(3)}-${r.hex(12)}`;
const APPS: ReadonlyArray<[string, string, number | undefined]> = [
  ['api', 'registry.gitlab.com/acme/api:2.14.1', 8080], ['frontend', 'nginx:1.25.3', 80], ['payments', 'registry.gitlab.com/acme/payments:1.9.0', 8443],
  ['worker', 'registry.gitlab.com/acme/worker:2.14.1', undefined], ['postgres', 'postgres:15.5', 5432], ['redis', 'redis:7.2.3', 6379],
  ['grafana', 'grafana/grafana:10.2.3', 3000], ['prometheus', 'quay.io/prometheus/prometheus:v2.48.1', 9090],
];
const NAMESPACES = ['prod', 'staging', 'monitoring', 'payments', 'ci', 'apps'];
const b64 = (s: string): string => Buffer.from(s).toString('base64');

export function k8sPersona(b: PersonaBasis): K8sPersona {
  const r = b.rng('k8s');
  const wanted = configValue(b, 'k8s', 'version');
  const build = KUBE_BUILDS.find((x) => x.gitVersion === wanted) ?? r.pick(KUBE_BUILDS);
  const namespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
  const pool = [...NAMESPACES];
  for (let n = r.int(1, 3); n > 0; n--) namespaces.push(pool.splice(r.int(0, pool.length - 1), 1)[0] ?? 'apps');
  const appNs = namespaces.slice(4);
  const apps = [...APPS];
  const workloads: K8sWorkload[] = [];
  for (let n = r.int(3, 5); n > 0 && apps.length > 0; n--) {
    const [name, image, port] = apps.splice(r.int(0, apps.length - 1), 1)[0] ?? ['api', 'nginx', 80];
    workloads.push({ namespace: r.pick(appNs), name, image, replicas: r.int(1, 3), ...(port ? { port } : {}) });
  }
  const domain = b.domain;
  const pw = (): string => `${r.pick(['Pr0d', 'Kube', 'Acme', 'S3cret'])}${r.hex(6)}!${r.int(10, 99)}`;
  const ns0 = appNs[0] ?? 'default';
  const secrets: K8sSecret[] = [
    { namespace: ns0, name: 'db-credentials', type: 'Opaque', data: { username: b64('app'), password: b64(pw()), host: b64(`postgres.${ns0}.svc.cluster.local`) } },
    { namespace: ns0, name: 'registry-pull', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [`registry.${domain}`]: { username: 'ci-bot', password: pw(), auth: b64(`ci-bot:${pw()}`) } } })) } },
    { namespace: appNs.at(-1) ?? ns0, name: 'aws-s3-backup', type: 'Opaque', data: { AWS_ACCESS_KEY_ID: b64(`AKIA${r.hex(16).toUpperCase()}`), AWS_SECRET_ACCESS_KEY: b64(Buffer.from(r.hex(30), 'hex').toString('base64').slice(0, 40)) } },
    { namespace: 'kube-system', name: 'bootstrap-token-' + r.hex(6), type: 'bootstrap.kubernetes.io/token', data: { 'token-id': b64(r.hex(6)), 'token-secret': b64(r.hex(16)), 'usage-bootstrap-authentication': b64('true') } },
  ];
  const snapMs = Date.parse(`${b.snap.date}T00:00:00Z`);
  return {
    build, createdMs: snapMs + r.int(1, 20) * 86_400_000 + r.int(0, 86_399) * 1000, namespaces, workloads, secrets, salt: r.hex(16),
    flowSchemaUid: uuid(r), priorityLevelUid: uuid(r), probesFlowSchemaUid: uuid(r), exemptPriorityLevelUid: uuid(r),
    resourceVersion: r.int(100_000, 9_000_000),
  };
}

export function k8sProcesses(b: PersonaBasis): ShellProcessSeed[] {
  return [
    { user: 'root', command: `kube-apiserver --advertise-address=${b.ip} --allow-privileged=true --authorization-mode=Node,RBAC --client-ca-file=/etc/kubernetes/pki/ca.crt --enable-admission-plugins=NodeRestriction --enable-bootstrap-token-auth=true --etcd-servers=https://127.0.0.1:2379 --secure-port=6443 --service-cluster-ip-range=10.96.0.0/12 --tls-cert-file=/etc/kubernetes/pki/apiserver.crt --tls-private-key-file=/etc/kubernetes/pki/apiserver.key`, rssKb: 380_000 },
    { user: 'root', command: 'etcd --advertise-client-urls=https://127.0.0.1:2379 --data-dir=/var/lib/etcd --listen-client-urls=https://127.0.0.1:2379', rssKb: 120_000 },
    { user: 'root', command: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock', rssKb: 90_000 },
  ];
}
