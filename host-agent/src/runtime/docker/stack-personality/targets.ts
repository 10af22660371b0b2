// Which running deckies need a stack personality, read from docker: the base container's pid (its
// netns) and every address it holds (macvlan and topology LANs), with the stack profile of its persona.
import type Dockerode from 'dockerode';
import type { DeckySpec } from '@decnet/protocol';
import { derivePersona, stackProfileOf } from '@decnet/templates';
import type { Observed } from '../converge';
import type { PersonalityTarget } from './manager';

export async function personalityTargets(docker: Dockerode, desired: readonly DeckySpec[], observed: readonly Observed[]): Promise<PersonalityTarget[]> {
  const out: PersonalityTarget[] = [];
  for (const spec of desired) {
    const base = observed.find((o) => o.decky === spec.name && o.role === 'base' && o.state === 'running');
    if (!base) continue;
    try {
      const info = await docker.getContainer(base.id).inspect();
      const pid = info.State.Pid;
      const addresses = Object.values(info.NetworkSettings.Networks ?? {}).map((n) => n.IPAddress).filter((a): a is string => !!a);
      // The persona is a pure function of the spec (distro and kernel are seeded from the name).
      const persona = derivePersona({ deckyName: spec.name, archetype: spec.archetype, nmapOs: spec.nmapOs, serviceConfig: spec.serviceConfig, services: spec.services });
      if (pid > 0 && addresses.length > 0) out.push({ decky: spec.name, family: persona.osFamily, profile: stackProfileOf(persona), pid, addresses });
    } catch {
      // gone since the listing: the next pass sees it
    }
  }
  return out;
}
