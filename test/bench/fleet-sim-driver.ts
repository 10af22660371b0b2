// Fleet simulation driver shared by the Node and workerd suites: enrolls agents through a target's own
// transport, then runs per agent a heartbeat every 30 s, a held desired-state long-poll and 5 events/s
// uploads (batched each second) and measures latency, rates, CPU, RSS and load (rows: fleet-sim-rows.ts).
import { setMaxListeners } from 'node:events';
import { loadavg } from 'node:os';
import { x509, EC_ALG, privateKeyPem } from '../../control-plane/src/pki/x509';
import { syntheticBatch } from './synthetic-events';
import { treeCpuMs } from './proc-tree';
import { treeRss, treeRunDelayS } from './fleet-sim-proc';

export const HEARTBEAT_MS = 30_000;
export const EVENTS_PER_S = 5;
/** Upper bound of one upload (a real agent's spool drains in bounded batches too). */
export const MAX_BATCH = 500;
const ENROLL_CONCURRENCY = 16;

/** One enrolled agent's way to the control plane (an undici pool over mTLS, or workerd's dispatchFetch). */
export interface SimClient {
  request(method: 'GET' | 'POST', path: string, body?: string, signal?: AbortSignal): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export interface Enrolled {
  certificatePem: string;
  caCertificatePem: string;
  controlPlaneMtlsUrl: string;
  keyPem: string;
}

/** Token, key pair, CSR and certificate of one agent, over plain HTTP to the control plane's API. */
export async function enrollOne(url: string, token: string, i: number): Promise<Enrolled> {
  const hostName = `sim-${String(i).padStart(5, '0')}`;
  const tr = await fetch(`${url}/api/v1/hosts/enrollment-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ hostName }) });
  if (!tr.ok) throw new Error(`enrollment token ${tr.status}: ${(await tr.text()).slice(0, 200)}`);
  const tok = (await tr.json()) as { token: string };
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${hostName}`, keys, signingAlgorithm: EC_ALG });
  const er = await fetch(`${url}/agent/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tok.token, csrPem: csr.toString('pem'), hostname: hostName, agentVersion: '0.1.0' }) });
  if (!er.ok) throw new Error(`enroll ${er.status}: ${(await er.text()).slice(0, 200)}`);
  const res = (await er.json()) as Omit<Enrolled, 'keyPem'>;
  return { ...res, keyPem: await privateKeyPem(keys.privateKey) };
}

/** Grows `clients` to `agents` entries, ENROLL_CONCURRENCY at a time; returns the seconds it took. */
export async function enrollFleet(clients: SimClient[], agents: number, make: (i: number) => Promise<SimClient>): Promise<number> {
  const t0 = performance.now();
  let next = clients.length;
  await Promise.all(
    Array.from({ length: ENROLL_CONCURRENCY }, async () => {
      while (next < agents) {
        const i = next++;
        clients[i] = await make(i);
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

export interface FleetRun {
  agents: number;
  durationS: number;
  wallS: number;
  hb: number[];
  ingest: number[];
  /** Events accepted in the measured window (what the rate is computed from). */
  accepted: number;
  /** Events the control plane answered as accepted over the whole run (warm-up and drain included). */
  acceptedAll: number;
  errors: Map<string, { n: number; sample: string }>;
  serverCpuS: number;
  serverWaitS: number;
  clientCpuS: number;
  clientWaitS: number;
  rssPeak: number;
  loadPeak: number;
  pollsAnswered: number;
  pendingAt0: number;
  backlog: number;
}

interface AgentState {
  c: SimClient;
  i: number;
  version: number;
  pending: number;
  uploading: boolean;
  /** A failed batch, sent again with the same ids (as the agent's spool does; ingest is idempotent). */
  retry?: { body: string; n: number };
}

/** A heartbeat shaped like a small real host's (protocol/src/agent/heartbeat.ts). */
function heartbeatBody(a: AgentState, startedAt: number): string {
  const now = new Date().toISOString();
  return JSON.stringify({
    agentVersion: '0.1.0',
    uptimeS: Math.round((performance.now() - startedAt) / 1000),
    workers: ['syslog', 'sniffer', 'prober'].map((name) => ({ name, status: 'ok', lastSeenTs: now, state: 'running', restarts: 0 })),
    deckies: [],
    spool: { pending: a.pending, dropped: 0 },
    catalogue: { runtime: 'docker', services: [{ slug: 'ssh', ports: [22], description: 'OpenSSH' }, { slug: 'http', ports: [80], description: 'Web server' }] },
    bus: { connected: true },
  });
}

/** Event ids stay unique across runs of one process, so a later step never sends a duplicate. */
let nextEventId = 0;

/**
 * Runs the enrolled `clients` for `durationS` after a 3 s warm-up; CPU, run delay and RSS are read from
 * `serverPid` and its descendants. Uploads and heartbeats in flight at the end are awaited (so
 * `acceptedAll` is final), held long-polls are aborted.
 */
export interface RunOptions {
  /** Called at the measured window's start and end (e.g. per-thread CPU readings). */
  start?(): void;
  end?(): void;
  /** false: only the held long-polls run (no uploads, no heartbeats), to see what they cost alone. */
  traffic?: boolean;
}

export async function runFleet(clients: SimClient[], durationS: number, serverPid: number, o: RunOptions = {}): Promise<FleetRun> {
  const agents = clients.length;
  const sims: AgentState[] = clients.map((c, i) => ({ c, i, version: 0, pending: 0, uploading: false }));
  const errors = new Map<string, { n: number; sample: string }>();
  const hb: number[] = [];
  const ingest: number[] = [];
  let stopping = false;
  let measuring = false;
  let accepted = 0;
  let acceptedAll = 0;
  let pollsAnswered = 0;
  const inflight = new Set<Promise<void>>();
  const abort = new AbortController();
  setMaxListeners(100_000, abort.signal); // one listener per held poll, by design (0 trips undici's Request)
  const startedAt = performance.now();
  const fail = (kind: string, e: unknown) => {
    if (stopping && kind === 'desired-state') return;
    const msg = e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e);
    const cur = errors.get(kind) ?? { n: 0, sample: msg.slice(0, 160) };
    cur.n++;
    errors.set(kind, cur);
  };
  const post = async (a: AgentState, path: string, body: string): Promise<string> => {
    const res = await a.c.request('POST', path, body);
    if (res.status !== 200) throw new Error(`${path} ${res.status}: ${res.text.slice(0, 160)}`);
    return res.text;
  };
  const track = (p: Promise<void>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  // Desired-state long-poll per agent, held open (25 s) and re-issued at once, as the agent does.
  const firstPolls = sims.map(
    (a) =>
      new Promise<void>((first) => {
        void (async () => {
          let answered = false;
          while (!stopping) {
            try {
              const q = answered ? `?sinceVersion=${a.version}&waitS=25` : '?waitS=0';
              const res = await a.c.request('GET', `/agent/v1/desired-state${q}`, undefined, abort.signal);
              if (res.status !== 200) throw new Error(`desired-state ${res.status}: ${res.text.slice(0, 160)}`);
              a.version = (JSON.parse(res.text) as { version: number }).version;
              pollsAnswered++;
              answered = true;
            } catch (e) {
              if (stopping) break;
              fail('desired-state', e);
              await new Promise((r) => setTimeout(r, 1000));
            }
            first();
          }
          first();
        })();
      }),
  );
  await Promise.all(firstPolls);

  // Event uploads: 5 events/s accrue per agent; whatever is pending goes up when no upload is in flight.
  const upload = async (a: AgentState) => {
    if (a.uploading || a.pending === 0 || stopping) return;
    const n = a.retry?.n ?? Math.min(MAX_BATCH, a.pending);
    a.uploading = true;
    const body = a.retry?.body ?? JSON.stringify({ events: syntheticBatch(nextEventId, n) });
    if (!a.retry) nextEventId += n;
    const t0 = performance.now();
    try {
      const res = JSON.parse(await post(a, '/agent/v1/events', body)) as { accepted: number };
      a.pending -= n;
      a.retry = undefined;
      acceptedAll += res.accepted;
      if (measuring) {
        ingest.push(performance.now() - t0);
        accepted += n;
      }
    } catch (e) {
      a.retry = { body, n };
      fail('events', e);
    } finally {
      a.uploading = false;
    }
  };
  const heartbeat = async (a: AgentState) => {
    if (stopping) return;
    const t0 = performance.now();
    try {
      await post(a, '/agent/v1/heartbeat', heartbeatBody(a, startedAt));
      if (measuring) hb.push(performance.now() - t0);
    } catch (e) {
      fail('heartbeat', e);
    }
  };

  // Phases spread evenly: agent i uploads at i/N of each second and heartbeats at i/N of each 30 s.
  const timers: NodeJS.Timeout[] = [];
  for (const a of o.traffic === false ? [] : sims) {
    const evOff = (a.i / agents) * 1000;
    const hbOff = (a.i / agents) * HEARTBEAT_MS;
    timers.push(setTimeout(() => timers.push(setInterval(() => { a.pending += EVENTS_PER_S; track(upload(a)); }, 1000)), evOff));
    timers.push(setTimeout(() => { track(heartbeat(a)); timers.push(setInterval(() => track(heartbeat(a)), HEARTBEAT_MS)); }, hbOff));
  }

  // A short warm-up (connections open, JIT), then the measured window.
  await new Promise((r) => setTimeout(r, 3000));
  const pendingAt0 = sims.reduce((n, a) => n + a.pending, 0);
  measuring = true;
  const cpuServer0 = treeCpuMs(serverPid);
  const waitServer0 = treeRunDelayS(serverPid);
  const waitClient0 = treeRunDelayS(process.pid);
  const cpuClient0 = process.cpuUsage();
  o.start?.();
  const t0 = performance.now();
  let rssPeak = 0;
  let loadPeak = 0;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, treeRss(serverPid));
    loadPeak = Math.max(loadPeak, loadavg()[0]!);
  }, 1000);
  await new Promise((r) => setTimeout(r, durationS * 1000));
  measuring = false;
  const wallS = (performance.now() - t0) / 1000;
  o.end?.();
  const serverCpuS = (treeCpuMs(serverPid) - cpuServer0) / 1000;
  const serverWaitS = treeRunDelayS(serverPid) - waitServer0;
  const clientWaitS = treeRunDelayS(process.pid) - waitClient0;
  const cu = process.cpuUsage(cpuClient0);
  clearInterval(sampler);
  const backlog = sims.reduce((n, a) => n + a.pending, 0);
  stopping = true;
  for (const t of timers) clearTimeout(t);
  for (const t of timers) clearInterval(t);
  abort.abort();
  while (inflight.size > 0) await Promise.all([...inflight]);
  // A batch whose upload failed last goes once more: it may have been stored before its answer was lost,
  // and its retry then reports it as a duplicate, so D1's count and `acceptedAll` stay comparable.
  await Promise.all(
    sims.filter((a) => a.retry).map(async (a) => {
      try {
        acceptedAll += (JSON.parse(await post(a, '/agent/v1/events', a.retry!.body)) as { accepted: number }).accepted;
      } catch (e) {
        fail('events', e);
      }
    }),
  );
  return { agents, durationS, wallS, hb, ingest, accepted, acceptedAll, errors, serverCpuS, serverWaitS, clientCpuS: (cu.user + cu.system) / 1e6, clientWaitS, rssPeak, loadPeak, pollsAnswered, pendingAt0, backlog };
}
