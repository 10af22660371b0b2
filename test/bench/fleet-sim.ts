// Fleet simulation: enrolls N simulated agents (each its own key, CSR and certificate) against a real
// Node control plane, then runs per agent a heartbeat every 30 s, a held desired-state long-poll and
// 5 events/s uploads (batched each second) over mutual TLS; prints latency, rate, CPU, RSS and load.
import { cpus, loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { spawnControlPlane } from './spawn-control-plane';
import { syntheticBatch } from './synthetic-events';
import { descendants, mb, treeCpuMs } from './proc-tree';
import type { BenchRow } from './table';
import { EC_ALG, privateKeyPem, x509 } from '../../control-plane/src/pki/x509';

const HEARTBEAT_MS = 30_000;
const EVENTS_PER_S = 5;
/** Upper bound of one upload (a real agent's spool drains in bounded batches too). */
const MAX_BATCH = 500;
const ENROLL_CONCURRENCY = 16;

interface SimAgent {
  i: number;
  pool: Pool;
  version: number;
  pending: number;
  uploading: boolean;
  heartbeats: number;
}

interface Stats {
  hb: number[];
  ingest: number[];
  accepted: number;
  errors: Map<string, { n: number; sample: string }>;
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (v: number) => `${Number.isNaN(v) ? '-' : v.toFixed(1)} ms`;

function fail(st: Stats, kind: string, e: unknown): void {
  const msg = e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e);
  const cur = st.errors.get(kind) ?? { n: 0, sample: msg.slice(0, 160) };
  cur.n++;
  st.errors.set(kind, cur);
}

async function enrollOne(url: string, token: string, i: number) {
  const hostName = `sim-${String(i).padStart(5, '0')}`;
  const tr = await fetch(`${url}/api/v1/hosts/enrollment-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ hostName }) });
  if (!tr.ok) throw new Error(`enrollment token ${tr.status}: ${(await tr.text()).slice(0, 200)}`);
  const tok = (await tr.json()) as { token: string };
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${hostName}`, keys, signingAlgorithm: EC_ALG });
  const er = await fetch(`${url}/agent/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tok.token, csrPem: csr.toString('pem'), hostname: hostName, agentVersion: '0.1.0' }) });
  if (!er.ok) throw new Error(`enroll ${er.status}: ${(await er.text()).slice(0, 200)}`);
  const res = (await er.json()) as { certificatePem: string; caCertificatePem: string; controlPlaneMtlsUrl: string };
  return { ...res, keyPem: await privateKeyPem(keys.privateKey) };
}

/** A heartbeat shaped like a small real host's (protocol/src/agent/heartbeat.ts). */
function heartbeatBody(a: SimAgent, startedAt: number): string {
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

async function post(a: SimAgent, path: string, body: string): Promise<string> {
  const res = await a.pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const txt = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${path} ${res.statusCode}: ${txt.slice(0, 160)}`);
  return txt;
}

export async function benchFleetSim(agents = 1000, durationS = 60, port = 18295): Promise<BenchRow[]> {
  const cp = await spawnControlPlane(port, { DECNET_LOGIN_MAX_PER_IP: '100000' });
  const sims: SimAgent[] = [];
  let stopping = false;
  try {
    // Enrollment: every agent its own key pair, CSR and certificate signed by the control plane's CA.
    const tEnroll = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: ENROLL_CONCURRENCY }, async () => {
        while (next < agents) {
          const i = next++;
          const e = await enrollOne(cp.url, cp.token, i);
          // One small pool per agent: a client certificate is per connection, so agents cannot share sockets.
          // 3 connections: the held long-poll, uploads, and a heartbeat that need not queue behind an upload.
          const pool = new Pool(e.controlPlaneMtlsUrl, { connect: { ca: e.caCertificatePem, cert: e.certificatePem, key: e.keyPem }, connections: 3, keepAliveTimeout: 60_000, bodyTimeout: 90_000, headersTimeout: 90_000 });
          sims[i] = { i, pool, version: 0, pending: 0, uploading: false, heartbeats: 0 };
        }
      }),
    );
    const enrollS = (performance.now() - tEnroll) / 1000;
    process.stderr.write(`fleet-sim: ${agents} agents enrolled in ${enrollS.toFixed(1)} s\n`);

    const st: Stats = { hb: [], ingest: [], accepted: 0, errors: new Map() };
    let measuring = false;
    let nextEventId = 0;
    const startedAt = performance.now();

    // Desired-state long-poll per agent, held open (25 s) and re-issued at once, as the agent does.
    let pollsAnswered = 0;
    const firstPolls: Promise<void>[] = [];
    for (const a of sims) {
      let first: () => void;
      firstPolls.push(new Promise<void>((ok) => (first = ok)));
      void (async () => {
        let answered = false;
        while (!stopping) {
          try {
            const q = answered ? `?sinceVersion=${a.version}&waitS=25` : '?waitS=0';
            const res = await a.pool.request({ path: `/agent/v1/desired-state${q}`, method: 'GET' });
            const txt = await res.body.text();
            if (res.statusCode !== 200) throw new Error(`desired-state ${res.statusCode}: ${txt.slice(0, 160)}`);
            a.version = (JSON.parse(txt) as { version: number }).version;
            pollsAnswered++;
            answered = true;
          } catch (e) {
            if (stopping) break;
            fail(st, 'desired-state', e);
            await new Promise((r) => setTimeout(r, 1000));
          }
          first!();
        }
      })();
    }
    await Promise.all(firstPolls);

    // Event uploads: 5 events/s accrue per agent; whatever is pending goes up when no upload is in flight.
    const upload = async (a: SimAgent) => {
      if (a.uploading || a.pending === 0 || stopping) return;
      const n = Math.min(MAX_BATCH, a.pending);
      a.uploading = true;
      const body = JSON.stringify({ events: syntheticBatch(nextEventId, n) });
      nextEventId += n;
      const t0 = performance.now();
      try {
        await post(a, '/agent/v1/events', body);
        a.pending -= n;
        if (measuring) {
          st.ingest.push(performance.now() - t0);
          st.accepted += n;
        }
      } catch (e) {
        if (!stopping) fail(st, 'events', e);
      } finally {
        a.uploading = false;
      }
    };
    const heartbeat = async (a: SimAgent) => {
      const t0 = performance.now();
      try {
        await post(a, '/agent/v1/heartbeat', heartbeatBody(a, startedAt));
        if (measuring) st.hb.push(performance.now() - t0);
        a.heartbeats++;
      } catch (e) {
        if (!stopping) fail(st, 'heartbeat', e);
      }
    };

    // Phases spread evenly: agent i uploads at i/N of each second and heartbeats at i/N of each 30 s.
    const timers: NodeJS.Timeout[] = [];
    for (const a of sims) {
      const evOff = (a.i / agents) * 1000;
      const hbOff = (a.i / agents) * HEARTBEAT_MS;
      timers.push(setTimeout(() => timers.push(setInterval(() => { a.pending += EVENTS_PER_S; void upload(a); }, 1000)), evOff));
      timers.push(setTimeout(() => { void heartbeat(a); timers.push(setInterval(() => void heartbeat(a), HEARTBEAT_MS)); }, hbOff));
    }

    // A short warm-up (connections open, JIT), then the measured window.
    await new Promise((r) => setTimeout(r, 3000));
    const pendingAt0 = sims.reduce((n, a) => n + a.pending, 0);
    measuring = true;
    const cpuServer0 = treeCpuMs(cp.proc.pid!);
    const waitServer0 = treeRunDelayS(cp.proc.pid!);
    const waitClient0 = treeRunDelayS(process.pid);
    const cpuClient0 = process.cpuUsage();
    const t0 = performance.now();
    let rssPeak = 0;
    let loadPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, treeRss(cp.proc.pid!));
      loadPeak = Math.max(loadPeak, loadavg()[0]!);
    }, 1000);
    await new Promise((r) => setTimeout(r, durationS * 1000));
    measuring = false;
    const wallS = (performance.now() - t0) / 1000;
    const serverCpuS = (treeCpuMs(cp.proc.pid!) - cpuServer0) / 1000;
    const serverWaitS = treeRunDelayS(cp.proc.pid!) - waitServer0;
    const clientWaitS = treeRunDelayS(process.pid) - waitClient0;
    const cu = process.cpuUsage(cpuClient0);
    const clientCpuS = (cu.user + cu.system) / 1e6;
    clearInterval(sampler);
    const backlog = sims.reduce((n, a) => n + a.pending, 0);
    stopping = true;
    for (const t of timers) clearTimeout(t);
    for (const t of timers) clearInterval(t);

    const requested = agents * EVENTS_PER_S;
    const achieved = st.accepted / wallS;
    const serverPct = (100 * serverCpuS) / wallS;
    const clientPct = (100 * clientCpuS) / wallS;
    const errTotal = [...st.errors.values()].reduce((n, e) => n + e.n, 0);
    const errText = errTotal === 0 ? 'none' : [...st.errors].map(([k, e]) => `${k} ${e.n} (${e.sample})`).join('; ');
    const held = achieved >= requested * 0.95;
    const limit = held
      ? 'target rate held'
      : serverPct >= 85 && serverPct >= clientPct
        ? `rate not held: control plane CPU-bound (${serverPct.toFixed(0)} % of a core, single process)`
        : clientPct >= 85
          ? `rate not held: load generator CPU-bound (${clientPct.toFixed(0)} % of a core)`
          : `rate not held: neither process saturated a core (server ${serverPct.toFixed(0)} %, client ${clientPct.toFixed(0)} %) but the control plane's threads waited ${serverWaitS.toFixed(1)} s (summed) for a CPU in the ${wallS.toFixed(0)} s window: machine shared, load ${loadPeak.toFixed(1)} on ${cpus().length} cores`;
    const label = `fleet sim, ${agents.toLocaleString('en')} agents, ${durationS} s (Node, mTLS, libSQL file)`;
    return [
      { name: `${label}: heartbeat latency`, value: `p50 ${ms(pct(st.hb, 50))}, p99 ${ms(pct(st.hb, 99))} (${st.hb.length} heartbeats)`, target: 'p99 < 200 ms', met: pct(st.hb, 99) < 200, note: 'every 30 s per agent, phases spread evenly' },
      { name: `${label}: ingest latency`, value: `p50 ${ms(pct(st.ingest, 50))}, p99 ${ms(pct(st.ingest, 99))} (${st.ingest.length} uploads)`, target: 'p99 < 200 ms', met: pct(st.ingest, 99) < 200, note: `${EVENTS_PER_S} events/s per agent, batched each second (larger when behind, max ${MAX_BATCH})` },
      { name: `${label}: events/s`, value: `${Math.round(achieved).toLocaleString('en')} of ${requested.toLocaleString('en')} requested (${((100 * achieved) / requested).toFixed(0)} %)`, target: '>= 95 % of requested', met: held, note: `${limit}; backlog ${pendingAt0} at start, ${backlog} at end` },
      { name: `${label}: CPU and memory`, value: `control plane ${serverPct.toFixed(0)} % of a core (threads waited ${serverWaitS.toFixed(1)} s for a CPU, summed), peak RSS ${mb(rssPeak)}; load generator ${clientPct.toFixed(0)} % of a core (threads waited ${clientWaitS.toFixed(1)} s, summed)`, note: `load average peak ${loadPeak.toFixed(1)} on ${cpus().length} cores (shared machine); enrollment of ${agents} took ${enrollS.toFixed(1)} s; ${pollsAnswered} long-poll answers` },
      { name: `${label}: errors`, value: errText, met: errTotal === 0, target: '0' },
    ];
  } finally {
    stopping = true;
    await Promise.all(sims.filter(Boolean).map((a) => a.pool.destroy().catch(() => undefined)));
    await cp.stop();
  }
}

/** Seconds the threads of `pid` and its descendants spent runnable but waiting for a CPU (schedstat run_delay). */
function treeRunDelayS(pid: number): number {
  let ns = 0;
  for (const p of [pid, ...descendants(pid).map((d) => d.pid)]) {
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) ns += Number(readFileSync(`/proc/${p}/task/${t}/schedstat`, 'utf8').split(' ')[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return ns / 1e9;
}

function treeRss(pid: number): number {
  let kb = 0;
  try {
    kb = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    // exited
  }
  return kb * 1024 + descendants(pid).reduce((n, c) => n + c.rssBytes, 0);
}
