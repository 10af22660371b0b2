// The stack profile a persona answers nmap's OS probes with (protocol's STACK_PROFILES): from its OS
// family, role, userland, kernel and Windows build, so the wire, the TTL and the shell tell one story.
import { stackProfileFor, STACK_PROFILES, type StackProfileId } from '@decnet/protocol';
import type { Persona } from './types';

export type StackProfileBasis = Pick<Persona, 'osFamily' | 'archetype' | 'distro' | 'windows'> & { shell: Pick<Persona['shell'], 'kernelRelease'> };

export function stackProfileOf(p: StackProfileBasis): StackProfileId {
  return stackProfileFor({ osFamily: p.osFamily, archetype: p.archetype, distro: p.distro, kernelRelease: p.shell.kernelRelease, windowsBuild: p.windows?.build });
}

/** The IP TTL the persona's packets start with (its stack profile's). */
export function personaTtl(p: StackProfileBasis): number {
  return STACK_PROFILES[stackProfileOf(p)].ttl;
}
