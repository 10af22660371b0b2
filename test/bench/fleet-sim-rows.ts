// The rows of one fleet-simulation run (fleet-sim-driver.ts): latency percentiles, events/s against the
// requested rate with what limited it, CPU and memory of the control plane and the load generator, errors.
import { cpus } from 'node:os';
import { EVENTS_PER_S, MAX_BATCH, type FleetRun } from './fleet-sim-driver';
import { mb } from './proc-tree';
import type { BenchRow } from './table';

export const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (v: number) => `${Number.isNaN(v) ? '-' : v.toFixed(1)} ms`;

export const errorCount = (r: FleetRun): number => [...r.errors.values()].reduce((n, e) => n + e.n, 0);
export const errorText = (r: FleetRun): string => (errorCount(r) === 0 ? 'none' : [...r.errors].map(([k, e]) => `${k} ${e.n} (${e.sample})`).join('; '));
export const achievedPerS = (r: FleetRun): number => r.accepted / r.wallS;
export const rateHeld = (r: FleetRun): boolean => achievedPerS(r) >= r.agents * EVENTS_PER_S * 0.95;

/**
 * The five rows of one run. `server` names the control plane's process(es) in the text; `limitNote`
 * replaces the generic CPU-based diagnosis when the caller knows more (e.g. workerd's busiest thread).
 */
export function fleetRows(r: FleetRun, label: string, o: { server: string; enrollS: number; limitNote?: string; rateNote?: string }): BenchRow[] {
  const requested = r.agents * EVENTS_PER_S;
  const achieved = achievedPerS(r);
  const serverPct = (100 * r.serverCpuS) / r.wallS;
  const clientPct = (100 * r.clientCpuS) / r.wallS;
  const errTotal = errorCount(r);
  const held = rateHeld(r);
  const limit =
    o.limitNote ??
    (held
      ? 'target rate held'
      : serverPct >= 85 && serverPct >= clientPct
        ? `rate not held: ${o.server} CPU-bound (${serverPct.toFixed(0)} % of a core, single process)`
        : clientPct >= 85
          ? `rate not held: load generator CPU-bound (${clientPct.toFixed(0)} % of a core)`
          : `rate not held: neither process saturated a core (server ${serverPct.toFixed(0)} %, client ${clientPct.toFixed(0)} %) but the ${o.server}'s threads waited ${r.serverWaitS.toFixed(1)} s (summed) for a CPU in the ${r.wallS.toFixed(0)} s window: machine shared, load ${r.loadPeak.toFixed(1)} on ${cpus().length} cores`);
  return [
    { name: `${label}: heartbeat latency`, value: `p50 ${ms(pct(r.hb, 50))}, p99 ${ms(pct(r.hb, 99))} (${r.hb.length} heartbeats)`, target: 'p99 < 200 ms', met: pct(r.hb, 99) < 200, note: 'every 30 s per agent, phases spread evenly' },
    { name: `${label}: ingest latency`, value: `p50 ${ms(pct(r.ingest, 50))}, p99 ${ms(pct(r.ingest, 99))} (${r.ingest.length} uploads)`, target: 'p99 < 200 ms', met: pct(r.ingest, 99) < 200, note: `${EVENTS_PER_S} events/s per agent, batched each second (larger when behind, max ${MAX_BATCH})` },
    { name: `${label}: events/s`, value: `${Math.round(achieved).toLocaleString('en')} of ${requested.toLocaleString('en')} requested (${((100 * achieved) / requested).toFixed(0)} %)`, target: '>= 95 % of requested', met: held, note: `${limit}; backlog ${r.pendingAt0} at start, ${r.backlog} at end${o.rateNote ? `; ${o.rateNote}` : ''}` },
    { name: `${label}: CPU and memory`, value: `${o.server} ${serverPct.toFixed(0)} % of a core (threads waited ${r.serverWaitS.toFixed(1)} s for a CPU, summed), peak RSS ${mb(r.rssPeak)}; load generator ${clientPct.toFixed(0)} % of a core (threads waited ${r.clientWaitS.toFixed(1)} s, summed)`, note: `load average peak ${r.loadPeak.toFixed(1)} on ${cpus().length} cores (shared machine); enrollment of ${r.agents} took ${o.enrollS.toFixed(1)} s; ${r.pollsAnswered} long-poll answers` },
    { name: `${label}: errors`, value: errorText(r), met: errTotal === 0, target: '0' },
  ];
}
