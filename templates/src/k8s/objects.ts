// The cluster's objects as kube-apiserver serialises them (metadata with seeded UIDs and stable
// creation times): namespaces, nodes, pods (control plane + workloads), services, deployments,
// service accounts, config maps and the bait secrets; and their List wrappers.
import { rngFor } from '../persona/rng';
import type { Persona } from '../persona/types';
import type { K8sPersona } from './persona';
import { minorOf } from './versions';

export type KObj = Record<string, unknown> & { metadata: { name: string; namespace?: string; creationTimestamp: string } };

export interface Cluster {
  k: K8sPersona;
  persona: Persona;
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function seeded(c: Cluster, key: string): { uid: string; suffix(n: number): string; offsetMs: number; rv: number; ip: string } {
  const r = rngFor(c.k.salt, key);
  const uid = `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${['8', '9', 'a', 'b'][r.int(0, 3)]}${r.hex(3)}-${r.hex(12)}`;
  const chars = Array.from({ length: 16 }, () => SAFE[r.int(0, SAFE.length - 1)]).join('');
  return { uid, suffix: (n) => chars.slice(0, n), offsetMs: r.int(0, 20) * 86_400_000 + r.int(0, 86_399) * 1000, rv: c.k.resourceVersion - r.int(1000, 90_000), ip: `10.244.0.${r.int(2, 250)}` };
}

function meta(c: Cluster, name: string, namespace: string | undefined, created: number, labels?: Record<string, string>): KObj['metadata'] & Record<string, unknown> {
  const s = seeded(c, `${namespace ?? ''}/${name}`);
  return { name, ...(namespace ? { namespace } : {}), uid: s.uid, resourceVersion: String(s.rv), creationTimestamp: iso(created), ...(labels ? { labels } : {}) };
}

export function namespaces(c: Cluster): KObj[] {
  return c.k.namespaces.map((n, i) => ({
    metadata: meta(c, n, undefined, c.k.createdMs + (i < 4 ? 0 : seeded(c, n).offsetMs), { 'kubernetes.io/metadata.name': n }),
    spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  }));
}

export function nodes(c: Cluster): KObj[] {
  const p = c.persona;
  return [{
    metadata: meta(c, p.hostname, undefined, c.k.createdMs, { 'kubernetes.io/hostname': p.hostname, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': p.shell.arch === 'aarch64' ? 'arm64' : 'amd64', 'node-role.kubernetes.io/control-plane': '' }),
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      capacity: { cpu: String(p.shell.cpuCount), memory: `${p.shell.memTotalKb}Ki`, pods: '110' },
      addresses: [{ type: 'InternalIP', address: p.shell.ip }, { type: 'Hostname', address: p.hostname }],
      nodeInfo: { kernelVersion: p.shell.kernelRelease, osImage: p.shell.osPrettyName, containerRuntimeVersion: 'containerd://1.7.2', kubeletVersion: c.k.build.gitVersion, kubeProxyVersion: c.k.build.gitVersion, operatingSystem: 'linux', architecture: p.shell.arch === 'aarch64' ? 'arm64' : 'amd64' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    },
  }];
}

function pod(c: Cluster, ns: string, name: string, image: string, created: number, owner?: string, port?: number): KObj {
  const s = seeded(c, `pod:${ns}/${name}`);
  const hostNet = ns === 'kube-system' && !name.startsWith('coredns');
  const ip = hostNet ? c.persona.shell.ip : s.ip;
  return {
    metadata: { ...meta(c, name, ns, created, owner ? { app: owner } : { component: name.replace(/-[^-]+$/, ''), tier: 'control-plane' }) },
    spec: { containers: [{ name: owner ?? name.replace(/-[^-]+$/, ''), image, ...(port ? { ports: [{ containerPort: port, protocol: 'TCP' }] } : {}) }], nodeName: c.persona.hostname, serviceAccountName: 'default', restartPolicy: 'Always', ...(hostNet ? { hostNetwork: true } : {}) },
    status: { phase: 'Running', hostIP: c.persona.shell.ip, podIP: ip, podIPs: [{ ip }], startTime: iso(created), qosClass: 'BestEffort', containerStatuses: [{ name: owner ?? name, ready: true, restartCount: 0, image, started: true }] },
  };
}

export function pods(c: Cluster): KObj[] {
  const { k, persona } = c;
  const v = k.build.gitVersion;
  const minor = Number(minorOf(k.build));
  const node = persona.hostname;
  const t0 = k.createdMs;
  const sys = seeded(c, 'coredns');
  const out: KObj[] = [
    pod(c, 'kube-system', `coredns-${sys.suffix(10)}-${seeded(c, 'coredns-a').suffix(5)}`, `registry.k8s.io/coredns/coredns:${minor >= 29 ? 'v1.11.1' : 'v1.10.1'}`, t0, 'kube-dns', 53),
    pod(c, 'kube-system', `coredns-${sys.suffix(10)}-${seeded(c, 'coredns-b').suffix(5)}`, `registry.k8s.io/coredns/coredns:${minor >= 29 ? 'v1.11.1' : 'v1.10.1'}`, t0, 'kube-dns', 53),
    pod(c, 'kube-system', `etcd-${node}`, `registry.k8s.io/etcd:${['3.5.7-0', '3.5.9-0', '3.5.10-0', '3.5.12-0'][Math.min(3, Math.max(0, minor - 27))]}`, t0),
    pod(c, 'kube-system', `kube-apiserver-${node}`, `registry.k8s.io/kube-apiserver:${v}`, t0),
    pod(c, 'kube-system', `kube-controller-manager-${node}`, `registry.k8s.io/kube-controller-manager:${v}`, t0),
    pod(c, 'kube-system', `kube-proxy-${seeded(c, 'kube-proxy').suffix(5)}`, `registry.k8s.io/kube-proxy:${v}`, t0),
    pod(c, 'kube-system', `kube-scheduler-${node}`, `registry.k8s.io/kube-scheduler:${v}`, t0),
  ];
  for (const w of k.workloads) {
    const rs = seeded(c, `rs:${w.namespace}/${w.name}`);
    for (let i = 0; i < w.replicas; i++) out.push(pod(c, w.namespace, `${w.name}-${rs.suffix(10)}-${seeded(c, `p:${w.name}:${i}`).suffix(5)}`, w.image, t0 + rs.offsetMs, w.name, w.port));
  }
  return out;
}

export function services(c: Cluster): KObj[] {
  const base: KObj[] = [
    { metadata: meta(c, 'kubernetes', 'default', c.k.createdMs, { component: 'apiserver', provider: 'kubernetes' }), spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] } },
    { metadata: meta(c, 'kube-dns', 'kube-system', c.k.createdMs, { 'k8s-app': 'kube-dns' }), spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }] } },
  ];
  return [...base, ...c.k.workloads.filter((w) => w.port).map((w) => {
    const s = seeded(c, `svc:${w.namespace}/${w.name}`);
    return { metadata: meta(c, w.name, w.namespace, c.k.createdMs + s.offsetMs, { app: w.name }), spec: { type: 'ClusterIP', clusterIP: `10.${96 + (s.rv % 16)}.${s.rv % 250}.${(s.rv >> 3) % 250}`, ports: [{ port: w.port, protocol: 'TCP', targetPort: w.port }] } };
  })];
}

export function deployments(c: Cluster): KObj[] {
  const sys: KObj = { metadata: meta(c, 'coredns', 'kube-system', c.k.createdMs, { 'k8s-app': 'kube-dns' }), spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 } };
  return [sys, ...c.k.workloads.map((w) => ({
    metadata: meta(c, w.name, w.namespace, c.k.createdMs + seeded(c, `rs:${w.namespace}/${w.name}`).offsetMs, { app: w.name }),
    spec: { replicas: w.replicas, selector: { matchLabels: { app: w.name } }, template: { spec: { containers: [{ name: w.name, image: w.image }] } } },
    status: { replicas: w.replicas, readyReplicas: w.replicas, availableReplicas: w.replicas, updatedReplicas: w.replicas },
  }))];
}

export function secrets(c: Cluster): KObj[] {
  return c.k.secrets.map((s) => ({ metadata: meta(c, s.name, s.namespace, c.k.createdMs + seeded(c, `secret:${s.name}`).offsetMs), type: s.type, data: s.data }));
}

export function serviceAccounts(c: Cluster): KObj[] {
  return c.k.namespaces.map((n) => ({ metadata: meta(c, 'default', n, c.k.createdMs) }));
}

export function configMaps(c: Cluster): KObj[] {
  // The cluster CA as kubeadm publishes it: one seeded body, the same in every namespace.
  const r = rngFor(c.k.salt, 'ca');
  const der = Buffer.from(Array.from({ length: 760 }, () => r.int(0, 255)));
  der.set([0x30, 0x82, 0x02, 0xf4, 0x30, 0x82, 0x01, 0xdc, 0xa0, 0x03, 0x02, 0x01, 0x02], 0);
  const pem = `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
  return c.k.namespaces.map((n) => ({ metadata: meta(c, 'kube-root-ca.crt', n, c.k.createdMs), data: { 'ca.crt': pem } }));
}
