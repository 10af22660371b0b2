// The release table of every distro slug of protocol's DISTROS. Arch has no table of its own: it is
// rendered as Debian 12, the base DECNET builds its service images on.
import type { DistroSlug } from '@decnet/protocol';
import type { DistroRelease } from './release-types';
import { DEBIAN12, KALI, UBUNTU20, UBUNTU22 } from './releases-debian';
import { ALPINE319, CENTOS7, FEDORA39, ROCKY9 } from './releases-other';

export const RELEASES: Readonly<Record<DistroSlug, DistroRelease>> = {
  debian: DEBIAN12,
  ubuntu22: UBUNTU22,
  ubuntu20: UBUNTU20,
  rocky9: ROCKY9,
  centos7: CENTOS7,
  fedora: FEDORA39,
  alpine: ALPINE319,
  kali: KALI,
  arch: DEBIAN12,
};

export function releaseOf(distro: DistroSlug): DistroRelease {
  return RELEASES[distro];
}
