// Distro profiles (inventory §2.2, decnet/distros.py): the image that holds a decky's IP, the
// base for service images, and the hostname style. DECNET pins digests; we keep tags here.

export const HOSTNAME_STYLES = ['generic', 'rhel', 'minimal', 'rolling'] as const;
export type HostnameStyle = (typeof HOSTNAME_STYLES)[number];

export interface DistroProfile {
  slug: string;
  displayName: string;
  /** Image of the base (IP-holder) container. */
  baseImage: string;
  /** BASE_IMAGE build arg for service Dockerfiles (apt-only, so non-Debian distros use debian). */
  buildBase: string;
  hostnameStyle: HostnameStyle;
  /** Example of the style, for docs and UI hints. */
  hostnameExample: string;
}

const DEBIAN_BASE = 'debian:bookworm-slim';

export const DISTROS = [
  { slug: 'debian', displayName: 'Debian 12', baseImage: DEBIAN_BASE, buildBase: DEBIAN_BASE, hostnameStyle: 'generic', hostnameExample: 'SRV-ATLAS-07' },
  { slug: 'ubuntu22', displayName: 'Ubuntu 22.04', baseImage: 'ubuntu:22.04', buildBase: 'ubuntu:22.04', hostnameStyle: 'generic', hostnameExample: 'SRV-ORION-12' },
  { slug: 'ubuntu20', displayName: 'Ubuntu 20.04', baseImage: 'ubuntu:20.04', buildBase: 'ubuntu:20.04', hostnameStyle: 'generic', hostnameExample: 'SRV-VEGA-03' },
  { slug: 'rocky9', displayName: 'Rocky Linux 9', baseImage: 'rockylinux:9-minimal', buildBase: DEBIAN_BASE, hostnameStyle: 'rhel', hostnameExample: 'cobalt04.localdomain' },
  { slug: 'centos7', displayName: 'CentOS 7', baseImage: 'centos:7', buildBase: DEBIAN_BASE, hostnameStyle: 'rhel', hostnameExample: 'falcon11.localdomain' },
  { slug: 'fedora', displayName: 'Fedora 39', baseImage: 'fedora:39', buildBase: DEBIAN_BASE, hostnameStyle: 'rhel', hostnameExample: 'maple22.localdomain' },
  { slug: 'alpine', displayName: 'Alpine 3.19', baseImage: 'alpine:3.19', buildBase: DEBIAN_BASE, hostnameStyle: 'minimal', hostnameExample: 'relay-05' },
  { slug: 'kali', displayName: 'Kali Rolling', baseImage: 'kalilinux/kali-rolling', buildBase: 'kalilinux/kali-rolling', hostnameStyle: 'rolling', hostnameExample: 'quiet-harbor' },
  { slug: 'arch', displayName: 'Arch Linux', baseImage: 'archlinux:latest', buildBase: DEBIAN_BASE, hostnameStyle: 'rolling', hostnameExample: 'amber-summit' },
] as const satisfies readonly DistroProfile[];

export type DistroSlug = (typeof DISTROS)[number]['slug'];
export const DISTRO_SLUGS = DISTROS.map((d) => d.slug) as DistroSlug[];

export function isDistroSlug(s: string): s is DistroSlug {
  return (DISTRO_SLUGS as string[]).includes(s);
}

export function distroProfile(slug: DistroSlug): DistroProfile {
  const d = DISTROS.find((x) => x.slug === slug);
  if (!d) throw new Error(`unknown distro ${slug}`);
  return d;
}
