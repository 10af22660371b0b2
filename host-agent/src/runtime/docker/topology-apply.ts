// A convergence pass over topologies, around applyFleet: before it, each LAN's link and network and
// where each member's base starts; after it, each live member's LANs and routes, the orphan reaper,
// and one report per topology. Failures stay with their topology (never thrown).
import type Dockerode from 'dockerode';
import type { DeckySpec, DesiredTopology, TopologyReport } from '@decnet/protocol';
import { mapLimit } from './apply-fleet';
import type { Observed } from './converge';
import type { Placement } from './decky-plan';
import type { DeckyNotes } from './decky-state';
import type { ResolvedOptions } from './options';
import { reconcileMember } from './topology-attach';
import { listLinks, type HostLink } from './topology-links';
import { ensureLanNetwork, reapTopologyNetworks } from './topology-networks';
import { planTopologies, type TopologyPlan } from './topology-plan';

export interface TopologyPass {
  plans: TopologyPlan[];
  placements: Map<string, Placement | Error>;
  errors: Map<string, string[]>;
  /** Networks created in this pass: their members are reconnected even when their plan is unchanged. */
  created: Set<string>;
}

/** Plans the topologies, makes their LAN networks, and says where each member's base starts. */
export async function prepareTopologies(docker: Dockerode, opts: ResolvedOptions, topologies: readonly DesiredTopology[], deckies: readonly DeckySpec[]): Promise<TopologyPass> {
  const plans = planTopologies(topologies, deckies, opts);
  const errors = new Map(plans.map((p) => [p.id, [...p.errors]]));
  const placements = new Map<string, Placement | Error>();
  const created = new Set<string>();
  let links: HostLink[] | Error;
  try {
    links = await listLinks();
  } catch (e) {
    links = e as Error;
  }
  for (const p of plans) {
    const failed = new Set<string>();
    for (const lan of p.lans) {
      try {
        if (links instanceof Error) throw links;
        if (await ensureLanNetwork(docker, opts, lan, links)) created.add(lan.network);
      } catch (e) {
        errors.get(p.id)!.push(`LAN ${lan.lan}: ${(e as Error).message}`);
        failed.add(lan.network);
      }
    }
    for (const m of p.members) m.homes = m.homes.filter((h) => !failed.has(h.network));
    p.members = p.members.filter((m) => {
      if (m.homes.length > 0) return true;
      placements.set(m.decky, new Error(`topology ${p.name}: none of its LANs could be realised`));
      return false;
    });
    for (const m of p.members) placements.set(m.decky, { network: m.homes[0]!.network, ip: m.homes[0]!.ip, topologyId: p.id, forwards: m.forwards });
  }
  // A decky named by a topology but not placed must not fall back to the flat network.
  for (const t of topologies) {
    for (const m of t.members) if (!placements.has(m.decky)) placements.set(m.decky, new Error(`topology ${t.name}: decky not placed (see the topology's report)`));
  }
  return { plans, placements, errors, created };
}

/**
 * Connects/disconnects each live member's LANs and sets its routes; then reaps what no topology owns.
 * A member whose plan and base container are unchanged is skipped: a restart of its base (fresh netns)
 * is caught by the docker-event re-check, which compares `routed` pids (netns-recheck.ts).
 */
export async function finishTopologies(
  docker: Dockerode,
  opts: ResolvedOptions,
  pass: TopologyPass,
  notes: ReadonlyMap<string, DeckyNotes>,
  observed: readonly Observed[],
  warn: (m: string) => void,
  /** decky -> what was last reconciled on which base container: unchanged members are skipped. */
  done: Map<string, string> = new Map(),
  /** decky -> the base pid whose netns was last reconciled (read by the restart re-check). */
  routed: Map<string, number> = new Map(),
): Promise<void> {
  const jobs = pass.plans.flatMap((p) => p.members.map((m) => ({ p, m })));
  await mapLimit(jobs, opts.concurrency, async ({ p, m }) => {
    const errs = pass.errors.get(p.id)!;
    const note = notes.get(m.decky);
    if (note?.error) {
      errs.push(`decky ${m.decky}: ${note.error}`);
      return;
    }
    const base = observed.find((o) => o.decky === m.decky && o.role === 'base');
    if (!base) {
      errs.push(`decky ${m.decky}: no base container`);
      return;
    }
    const key = `${base.id} ${JSON.stringify(m)}`;
    if (done.get(m.decky) === key && !m.homes.some((h) => pass.created.has(h.network))) return;
    try {
      routed.set(m.decky, (await reconcileMember(docker, base.id, m)).pid);
      done.set(m.decky, key);
    } catch (e) {
      done.delete(m.decky);
      done.delete(m.decky);
      errs.push(`decky ${m.decky}: ${(e as Error).message}`);
    }
  });
  try {
    for (const err of await reapTopologyNetworks(docker, opts, pass.plans.flatMap((p) => p.lans))) warn(`topology reaper: ${err}`);
  } catch (e) {
    warn(`topology reaper: ${(e as Error).message}`);
  }
}

/** Reports of a pass; `applied` (topology id -> version realised without error) is updated. */
export function topologyReports(pass: TopologyPass, applied: Map<string, number>): TopologyReport[] {
  return pass.plans.map((p) => {
    const errs = pass.errors.get(p.id) ?? [];
    if (errs.length === 0) applied.set(p.id, p.version);
    const state = errs.length === 0 ? 'active' : p.members.length > 0 ? 'degraded' : 'failed';
    const error = errs.join('; ').slice(0, 2048);
    return { id: p.id, appliedVersion: applied.get(p.id) ?? 0, state, ...(error && { error }), isolated: true };
  });
}
