// Starts what the browser tour needs: the dashboard build, a real Node control plane serving it
// (temp data dir), seeded users, an enrolled fake agent with a deployed fleet and a day of events,
// and a list of the intelligence routes this control plane does not have yet.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceEvent } from '@decnet/protocol';
import { startControlPlane, type RunningControlPlane } from '../../control-plane/src/runtime/node';
import { buildDataset, FLEET_INI, liveEvent } from './dataset';
import { enrollFakeAgent, startHeartbeats, uploadEvents, type AgentIdentity } from './fake-agent';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DIST = join(REPO, 'dashboard', 'dist');

export const USERS = {
  admin: { username: 'admin', initial: 'first-admin-password-1', password: 'seed-admin-password-1' },
  operator: { username: 'operator', initial: 'temporary-pass-123', password: 'operator-new-password-1' },
  viewer: { username: 'analyst', password: 'viewer-password-123' },
};

/** Route probes: path and method, as the dashboard calls them. */
const PROBES: [string, string][] = [
  ['GET', '/events?limit=1'],
  ['GET', '/events/histogram?intervalS=3600'],
  ['GET', '/stats'],
  ['GET', '/attackers'],
  ['GET', '/attackers/probe-id'],
  ['GET', '/attackers/export?format=csv'],
  ['GET', '/sessions'],
  ['GET', '/credentials'],
  ['GET', '/credentials/reuse'],
  ['GET', '/catalogue'],
  ['POST', '/stream/ticket'],
];

export interface Stack {
  baseUrl: string;
  cp: RunningControlPlane;
  hostId: string;
  /** The fake agent's mutual-TLS identity (for uploads on its agent routes). */
  agent: AgentIdentity;
  events: (ServiceEvent & { seq: number; hostId: string })[];
  /** Paths (without query) the control plane answers with 404 "No route". */
  missing: Set<string>;
  stop(): Promise<void>;
}

export function ensureBuild(force = false): void {
  if (!force && existsSync(join(DIST, 'index.html'))) return;
  execFileSync(join(REPO, 'node_modules', '.bin', 'vite'), ['build', 'dashboard'], { cwd: REPO, stdio: 'inherit' });
}

async function api(cpUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${cpUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { text }; // CSV exports
  }
  return { status: res.status, json };
}

export async function startStack(opts: { rebuild?: boolean; heartbeatMs?: number; liveEventMs?: number } = {}): Promise<Stack> {
  ensureBuild(opts.rebuild);
  const dir = mkdtempSync(join(tmpdir(), 'decnet-dash-'));
  const cp = await startControlPlane({
    env: { DECNET_ADMIN_USER: USERS.admin.username, DECNET_ADMIN_PASSWORD: USERS.admin.initial, DECNET_LOGIN_MAX_PER_IP: '500', DECNET_DASHBOARD_DIR: DIST },
    dataDir: dir,
    port: 0,
    mtlsPort: 0,
  });
  const first = await api(cp.url, 'POST', '/auth/login', undefined, { username: USERS.admin.username, password: USERS.admin.initial });
  const session = await api(cp.url, 'POST', '/auth/change-password', first.json.token, { currentPassword: USERS.admin.initial, newPassword: USERS.admin.password });
  const token = session.json.token as string;
  await api(cp.url, 'POST', '/users', token, { username: USERS.operator.username, password: USERS.operator.initial, role: 'admin', mustChangePassword: true });
  await api(cp.url, 'POST', '/users', token, { username: USERS.viewer.username, password: USERS.viewer.password, role: 'viewer', mustChangePassword: false });

  const agent = await enrollFakeAgent(cp.url, token, 'sensor-lab-1');
  const deploy = await api(cp.url, 'POST', '/deckies/deploy', token, { iniContent: FLEET_INI, hostId: agent.hostId });
  if (deploy.status !== 200) throw new Error(`deploy: ${deploy.status} ${JSON.stringify(deploy.json)}`);
  await api(cp.url, 'POST', '/hosts/enrollment-tokens', token, { hostName: 'sensor-branch-2' }); // stays pending
  const stopBeats = startHeartbeats(cp.mtlsUrl, cp.caCertPem, agent, { intervalMs: opts.heartbeatMs ?? 1500, failing: ['dc-01'] });

  const dataset = buildDataset(Date.now());
  await uploadEvents(cp.mtlsUrl, cp.caCertPem, agent, dataset);
  const events = dataset.map((e, i) => ({ ...e, seq: i + 1, hostId: agent.hostId }));

  const stopTrickle = startLiveTrickle(cp, agent, opts.liveEventMs ?? 2000);

  const missing = new Set<string>();
  for (const [method, path] of PROBES) {
    const r = await api(cp.url, method, path, token);
    if (r.status === 404 && /^No route/.test(r.json?.error?.message ?? '')) missing.add(path.split('?')[0]!);
  }

  return {
    baseUrl: cp.url,
    cp,
    hostId: agent.hostId,
    agent,
    events,
    missing,
    async stop() {
      stopBeats();
      stopTrickle();
      await cp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** New events every `everyMs`, so the live feed and stream have something to show. */
function startLiveTrickle(cp: RunningControlPlane, agent: AgentIdentity, everyMs: number): () => void {
  let seq = 0;
  const timer = setInterval(() => {
    const { seq: _seq, ...ev } = liveEvent(++seq, Date.now());
    void uploadEvents(cp.mtlsUrl, cp.caCertPem, agent, [{ ...ev, id: `live-${Date.now()}-${seq}` }]).catch(() => undefined);
  }, everyMs);
  return () => clearInterval(timer);
}
