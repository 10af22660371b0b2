// kube-apiserver persona over real TLS against real clients: curl -k (version, health, discovery,
// the exact system:anonymous 403 for secrets, 401 for Basic, bait secrets for a bearer token, the
// captured token with its service-account subject), kubectl with a token, and nmap -sV over SSL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, serveTemplate, type Served } from '../_testing';
import { k8sTemplate, type K8sConfig } from './index';

const curl = async (port: number, path: string, extra: string[] = []): Promise<{ head: string; body: string }> => {
  const r = await runCli('curl', ['-s', '-i', '-k', '--max-time', '30', ...extra, `https://127.0.0.1:${port}${path}`]);
  const at = r.stdout.indexOf('\r\n\r\n');
  return { head: r.stdout.slice(0, at), body: r.stdout.slice(at + 4) };
};
const jwt = (sub: string): string => `eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.${Buffer.from(JSON.stringify({ iss: 'https://kubernetes.default.svc.cluster.local', sub })).toString('base64url')}.c2lnbmF0dXJl`;

describe.skipIf(!hasBinary('curl'))('k8s kube-apiserver (curl -k over TLS)', () => {
  let s: Served<K8sConfig>;
  let hard: Served<K8sConfig>;
  beforeAll(async () => {
    s = await serveTemplate(k8sTemplate, { config: { version: 'v1.28.3' } });
    hard = await serveTemplate(k8sTemplate, { config: { anonymous: 'none', token: 'reject' } });
  });
  afterAll(async () => {
    await s.close();
    await hard.close();
  });

  it('serves /version, health and discovery with the apiserver headers', async () => {
    const v = await curl(s.port, '/version');
    expect(v.head.split('\r\n').map((l) => (l.includes(': ') ? l.slice(0, l.indexOf(':')) : l))).toEqual(['HTTP/1.1 200 OK', 'Audit-Id', 'Cache-Control', 'Content-Type', 'X-Kubernetes-Pf-Flowschema-Uid', 'X-Kubernetes-Pf-Prioritylevel-Uid', 'Date', 'Content-Length']);
    expect(JSON.parse(v.body)).toMatchObject({ major: '1', minor: '28', gitVersion: 'v1.28.3', gitCommit: 'a8a1abc25cad87333840cd7d54be2efaf31a3177', goVersion: 'go1.20.10' });
    expect(v.body.startsWith('{\n  "major": "1",')).toBe(true);
    expect((await curl(s.port, '/healthz')).body).toBe('ok');
    expect((await curl(s.port, '/readyz?verbose')).body).toContain('readyz check passed');
    const api = JSON.parse((await curl(s.port, '/api')).body) as { kind: string; serverAddressByClientCIDRs: Array<{ serverAddress: string }> };
    expect(api.kind).toBe('APIVersions');
    expect(api.serverAddressByClientCIDRs[0]?.serverAddress).toBe(`${s.contexts[0]?.persona.shell.ip ?? ''}:6443`);
    expect(JSON.parse((await curl(s.port, '/apis')).body)).toMatchObject({ kind: 'APIGroupList' });
    expect(JSON.parse((await curl(s.port, '/openapi/v2')).body)).toMatchObject({ swagger: '2.0', info: { version: 'v1.28.3' } });
  });

  it('lists namespaces and pods to anonymous but refuses secrets in kube-apiserver words', async () => {
    const ns = JSON.parse((await curl(s.port, '/api/v1/namespaces')).body) as { kind: string; items: Array<{ metadata: { name: string } }> };
    expect(ns.kind).toBe('NamespaceList');
    expect(ns.items.map((i) => i.metadata.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    const pods = JSON.parse((await curl(s.port, '/api/v1/namespaces/kube-system/pods')).body) as { items: Array<{ metadata: { name: string }; spec: { containers: Array<{ image: string }> } }> };
    expect(pods.items.some((p) => p.spec.containers[0]?.image === 'registry.k8s.io/kube-apiserver:v1.28.3')).toBe(true);
    const denied = await curl(s.port, '/api/v1/namespaces/default/secrets');
    expect(denied.head).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(denied.head).toContain('X-Content-Type-Options: nosniff');
    expect(JSON.parse(denied.body)).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" in the namespace "default"',
      reason: 'Forbidden', details: { kind: 'secrets' }, code: 403,
    });
    const all = JSON.parse((await curl(s.port, '/api/v1/secrets', ['-A', 'python-requests/2.31'])).body) as { message: string };
    expect(all.message).toBe('secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" at the cluster scope');
    const reqs = s.events().filter((e) => e.msgid === 'request');
    expect(reqs.some((e) => e.fields.resource === 'secrets' && e.fields.status === 403 && e.fields.user === 'system:anonymous')).toBe(true);
  });

  it('baits a bearer token with the secrets and captures it with its service-account subject', async () => {
    const token = jwt('system:serviceaccount:ci:deployer');
    const list = JSON.parse((await curl(s.port, '/api/v1/secrets', ['-H', `Authorization: Bearer ${token}`])).body) as { kind: string; items: Array<{ metadata: { name: string }; data: Record<string, string> }> };
    expect(list.kind).toBe('SecretList');
    const db = list.items.find((i) => i.metadata.name === 'db-credentials');
    expect(Buffer.from(db?.data.password ?? '', 'base64').toString().length).toBeGreaterThan(8);
    const auth = s.events().find((e) => e.msgid === 'auth_attempt');
    expect(auth?.fields).toMatchObject({ secret_kind: 'http_bearer', secret_printable: token, principal: 'system:serviceaccount:ci:deployer', outcome: 'success', auth_scheme: 'bearer' });
    const missing = await curl(s.port, '/api/v1/namespaces/kube-system/pods/etcd-x/exec?command=id', ['-X', 'POST', '-H', `Authorization: Bearer ${token}`]);
    expect(missing.body).toContain('"message": "pods \\"etcd-x\\" not found"');
    const etcd = `etcd-${s.contexts[0]?.persona.hostname ?? ''}`;
    const exec = await curl(s.port, `/api/v1/namespaces/kube-system/pods/${etcd}/exec?command=sh&command=-c&command=id`, ['-X', 'POST', '-H', `Authorization: Bearer ${token}`]);
    expect(exec.body).toContain('"message": "Upgrade request required"');
    expect(s.events().find((e) => e.fields.resource === 'pods/exec' && e.fields.name === etcd)?.fields.command).toBe('["sh","-c","id"]');
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pwn' }, spec: { hostPID: true, containers: [{ name: 'x', image: 'alpine', securityContext: { privileged: true } }] } });
    const created = await curl(s.port, '/api/v1/namespaces/default/pods', ['-X', 'POST', '-H', `Authorization: Bearer ${token}`, '-H', 'Content-Type: application/json', '--data', pod]);
    expect(created.head).toMatch(/^HTTP\/1\.1 201 Created/);
    const ev = s.events().find((e) => e.msgid === 'request' && e.fields.verb === 'create' && e.fields.resource === 'pods');
    expect(ev?.fields).toMatchObject({ resource: 'pods', namespace: 'default', name: 'pwn', user: 'system:serviceaccount:ci:deployer' });
    expect(s.contexts.flatMap((c) => c.captures).some((c) => Buffer.from(c.data).toString() === pod)).toBe(true);
  });

  it('refuses Basic (removed) and, when hardened, anonymous discovery and every token', async () => {
    const basic = await curl(s.port, '/api/v1/pods', ['-u', 'admin:admin']);
    expect(basic.head).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(JSON.parse(basic.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    expect(s.events().some((e) => e.msgid === 'auth_attempt' && e.fields.principal === 'admin' && e.fields.secret_kind === 'plaintext' && e.fields.outcome === 'failure')).toBe(true);
    expect(JSON.parse((await curl(hard.port, '/api')).body)).toMatchObject({ code: 403, message: 'forbidden: User "system:anonymous" cannot get path "/api"' });
    expect(JSON.parse((await curl(hard.port, '/version')).body)).toMatchObject({ major: '1' });
    expect((await curl(hard.port, '/api/v1/secrets', ['-H', 'Authorization: Bearer abc'])).head).toMatch(/^HTTP\/1\.1 401/);
  });

  it('is listed by kubectl with a token (server-side Table)', async () => {
    if (!hasBinary('kubectl')) return;
    const cache = mkdtempSync(join(tmpdir(), 'decnet-kube-'));
    try {
      const k = (...args: string[]): ReturnType<typeof runCli> => runCli('kubectl', ['--kubeconfig', '/dev/null', '--cache-dir', cache, '--server', `https://127.0.0.1:${s.port}`, '--insecure-skip-tls-verify', '--token', jwt('system:serviceaccount:default:default'), ...args], { timeoutMs: 30_000 });
      const pods = await k('get', 'pods', '-A');
      expect(pods.stdout).toMatch(/kube-system\s+kube-apiserver-\S+\s+1\/1\s+Running/);
      const secrets = await k('get', 'secrets', '-A');
      expect(secrets.stdout).toMatch(/db-credentials\s+Opaque\s+3/);
      const v = await k('version');
      expect(v.stdout).toContain('Server Version: v1.28.3');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);

  it('speaks TLS and HTTP to nmap -sV, which (as for a real apiserver) has no kube-apiserver signature', async () => {
    if (!hasBinary('nmap')) return;
    // 6443 is one of the SSLSessionReq ports: on the real port nmap opens TLS first, as here.
    const line = await nmapServiceLine(hard.port, { asPorts: ['SSLSessionReq'], extra: ['--version-intensity', '2'] });
    expect(line).toMatch(/open\s+ssl\//);
  }, 90_000);
});
