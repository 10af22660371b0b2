// What the topology editor's browser test needs: a fresh dashboard build (own temp dir), a real
// Node control plane on a libSQL file serving it, an admin, and a stand-in host agent enrolled
// over mutual TLS whose heartbeats report, for every topology in its desired state, the version it
// "realised" (as the real agent does once it has applied it; no deckies are started).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesiredTopology, Heartbeat } from '@decnet/protocol';
import { startControlPlane, type RunningControlPlane } from '../../control-plane/src/runtime/node';
import { hostCatalogue } from '../../host-agent/src/fleet/service-catalogue';
import { enrollFakeAgent, mtlsCall, type AgentIdentity } from './fake-agent';
import { REPO } from './stack';

export const ADMIN = { username: 'admin', initial: 'first-admin-password-1', password: 'topology-admin-password-1' };

export interface TopologyStack {
  cp: RunningControlPlane;
  token: string;
  hostId: string;
  agent: AgentIdentity;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** The fake agent reports topologies only while this is on (to watch a status change). */
  setReporting(on: boolean): void;
  stop(): Promise<void>;
}

export async function startTopologyStack(): Promise<TopologyStack> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-topo-ui-'));
  const dist = join(dir, 'dist');
  execFileSync(join(REPO, 'node_modules', '.bin', 'vite'), ['build', 'dashboard', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  const cp = await startControlPlane({
    env: { DECNET_ADMIN_USER: ADMIN.username, DECNET_ADMIN_PASSWORD: ADMIN.initial, DECNET_LOGIN_MAX_PER_IP: '500', DECNET_DASHBOARD_DIR: dist },
    dataDir: join(dir, 'data'),
    port: 0,
    mtlsPort: 0,
  });
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${cp.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  const first = await call('POST', '/auth/login', undefined, { username: ADMIN.username, password: ADMIN.initial });
  const changed = await call('POST', '/auth/change-password', first.json.token, { currentPassword: ADMIN.initial, newPassword: ADMIN.password });
  const token = changed.json.token as string;
  const agent = await enrollFakeAgent(cp.url, token, 'sensor-maze-1');

  let reporting = true;
  let stopped = false;
  const beat = async () => {
    const desired = await mtlsCall<{ deckies: { name: string; services: string[] }[]; topologies?: DesiredTopology[] }>(cp.mtlsUrl, cp.caCertPem, agent, '/agent/v1/desired-state?waitS=0');
    const hb: Heartbeat = {
      agentVersion: '0.1.0',
      uptimeS: 60,
      workers: [],
      deckies: desired.deckies.map((d) => ({ name: d.name, state: 'running', services: d.services, runtime: 'local' })),
      spool: { pending: 0, dropped: 0 },
      catalogue: hostCatalogue('local'),
      ...(reporting ? { topologies: (desired.topologies ?? []).map((t) => ({ id: t.id, appliedVersion: t.version, state: 'active' as const, isolated: false })) } : {}),
    };
    await mtlsCall(cp.mtlsUrl, cp.caCertPem, agent, '/agent/v1/heartbeat', hb);
  };
  const loop = async () => {
    while (!stopped) {
      await beat().catch((err: unknown) => console.warn('fake agent heartbeat failed:', (err as Error).message));
      await new Promise((r) => setTimeout(r, 700));
    }
  };
  await beat(); // the catalogue (with config schemas) is known before the first page load
  void loop();

  return {
    cp,
    token,
    hostId: agent.hostId,
    agent,
    api: (method, path, body) => call(method, path, token, body),
    setReporting: (on) => (reporting = on),
    async stop() {
      stopped = true;
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
