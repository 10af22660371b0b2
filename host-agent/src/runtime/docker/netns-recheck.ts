// After a container restart outside apply() (docker's restart policy, a daemon restart, `docker
// restart`), a base container gets a fresh network namespace: the routes the agent set in the old one
// are gone and a services container started before its base is stranded in a dead one. This re-check,
// run on docker events, puts both right without recreating anything.
import { readlink } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { mapLimit } from './apply-fleet';
import type { Observed } from './converge';
import { reconcileMember } from './topology-attach';
import type { MemberPlan } from './topology-plan';

export interface RecheckResult {
  /** Deckies whose base had a new netns: their services container was restarted and/or routes re-set. */
  rehomed: string[];
  errors: string[];
}

const netnsOf = (pid: number): Promise<string> => readlink(`/proc/${pid}/ns/net`);

/** What was last made right, per decky, as the base pid it was done for. */
export interface NetnsSeen {
  /** Set by apply's topology pass and by the re-check: LANs and routes reconciled in this pid's netns. */
  routed: Map<string, number>;
  /** Set by the re-check only: the services container was found in (or moved to) this pid's netns. */
  homed: Map<string, number>;
}

/**
 * For each running base whose pid differs from what was last seen: restarts a services container
 * that is not in the base's netns, and re-applies a topology member's LANs and routes. A decky whose
 * base pid is unchanged costs one inspect.
 */
export async function recheckNetns(
  docker: Dockerode,
  observed: readonly Observed[],
  members: ReadonlyMap<string, MemberPlan>,
  seen: NetnsSeen,
  concurrency: number,
): Promise<RecheckResult> {
  const out: RecheckResult = { rehomed: [], errors: [] };
  const bases = observed.filter((o) => o.role === 'base' && o.decky && o.state === 'running');
  await mapLimit(bases, concurrency, async (base) => {
    const decky = base.decky!;
    const m = members.get(decky);
    try {
      const pid = (await docker.getContainer(base.id).inspect()).State.Pid;
      if (!pid || (seen.homed.get(decky) === pid && (!m || seen.routed.get(decky) === pid))) return;
      let changed = false;
      if (seen.homed.get(decky) !== pid) {
        const svc = observed.find((o) => o.decky === decky && o.role === 'services' && o.networkMode === `container:${base.id}`);
        const svcPid = svc ? (await docker.getContainer(svc.id).inspect()).State.Pid : 0;
        if (svc && svcPid && (await netnsOf(svcPid)) !== (await netnsOf(pid))) {
          await docker.getContainer(svc.id).restart({ t: 2 });
          changed = true;
        }
        seen.homed.set(decky, pid);
      }
      if (m && seen.routed.get(decky) !== pid) {
        await reconcileMember(docker, base.id, m);
        seen.routed.set(decky, pid);
        changed = true;
      }
      if (changed) out.rehomed.push(decky);
    } catch (e) {
      out.errors.push(`decky ${decky}: ${(e as Error).message}`);
    }
  });
  return out;
}
