// The stack profile a persona answers nmap's OS probes with (protocol's STACK_PROFILES): from its OS
// family, role, userland, kernel and printer vendor, so the wire, the TTL and the shell tell one story.
import { stackProfileFor, STACK_PROFILES, type StackProfileId } from '@decnet/protocol';
import { ouisOf } from './mac';
import type { Persona } from './types';

export function stackProfileOf(p: Pick<Persona, 'osFamily' | 'archetype' | 'distro' | 'mac' | 'windows'> & { shell: Pick<Persona['shell'], 'kernelRelease'> }): StackProfileId {
  const oui = p.mac.toLowerCase().slice(0, 8);
  const printerVendor = ouisOf('hp-printer').includes(oui) ? 'hp' : ouisOf('brother-printer').includes(oui) ? 'brother' : undefined;
  return stackProfileFor({ osFamily: p.osFamily, archetype: p.archetype, distro: p.distro, kernelRelease: p.shell.kernelRelease, windowsBuild: p.windows?.build, printerVendor });
}

/** The IP TTL the persona's packets start with (its stack profile's). */
export function personaTtl(p: Parameters<typeof stackProfileOf>[0]): number {
  return STACK_PROFILES[stackProfileOf(p)].ttl;
}
