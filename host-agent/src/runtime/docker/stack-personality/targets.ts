// Which running deckies need a stack personality, read from docker: the base container's pid (its
// netns) and every address it holds (macvlan and topology LANs), with the family from the spec.
import type Dockerode from 'dockerode';
import { resolveNmapOs, type DeckySpec } from '@decnet/protocol';
import type { Observed } from '../converge';
import { personalityFor } from './families';
import type { PersonalityTarget } from './manager';

export async function personalityTargets(docker: Dockerode, desired: readonly DeckySpec[], observed: readonly Observed[]): Promise<PersonalityTarget[]> {
  const out: PersonalityTarget[] = [];
  for (const spec of desired) {
    const family = resolveNmapOs(spec.nmapOs, spec.archetype);
    if (!personalityFor(family)) continue;
    const base = observed.find((o) => o.decky === spec.name && o.role === 'base' && o.state === 'running');
    if (!base) continue;
    try {
      const info = await docker.getContainer(base.id).inspect();
      const pid = info.State.Pid;
      const addresses = Object.values(info.NetworkSettings.Networks ?? {}).map((n) => n.IPAddress).filter((a): a is string => !!a);
      if (pid > 0 && addresses.length > 0) out.push({ decky: spec.name, family, pid, addresses });
    } catch {
      // gone since the listing: the next pass sees it
    }
  }
  return out;
}
