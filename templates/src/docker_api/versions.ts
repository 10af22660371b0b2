// Docker Engine builds a persona may claim: engine version with its API range, Go toolchain, git
// commit and build time, and the containerd/runc/docker-init shipped with it, so `/version`,
// `/info` and the `Server:` header agree (D5).
export interface EngineBuild {
  version: string;
  api: string;
  minApi: string;
  go: string;
  commit: string;
  buildTime: string;
  containerd: { version: string; commit: string };
  runc: { version: string; commit: string };
}

export const ENGINE_BUILDS: readonly EngineBuild[] = [
  { version: '20.10.24', api: '1.41', minApi: '1.12', go: 'go1.19.7', commit: '5d6db84', buildTime: '2023-04-04T10:28:38.000000000+00:00', containerd: { version: '1.6.20', commit: '2806fc1057397dbaeefbea0e4e17bddfbd388f38' }, runc: { version: '1.1.5', commit: 'v1.1.5-0-gf19387a' } },
  { version: '24.0.7', api: '1.43', minApi: '1.12', go: 'go1.20.10', commit: '311b9ff', buildTime: '2023-10-26T09:08:02.000000000+00:00', containerd: { version: '1.6.24', commit: '61f9fd88f79f081d64d6fa3bb1a0dc71ec870523' }, runc: { version: '1.1.9', commit: 'v1.1.9-0-gccaecfc' } },
  { version: '25.0.3', api: '1.44', minApi: '1.24', go: 'go1.21.6', commit: 'f417435', buildTime: '2024-02-06T21:14:22.000000000+00:00', containerd: { version: '1.6.28', commit: 'ae07eda36dd25f8a1b98dfbf587313b99c0190bb' }, runc: { version: '1.1.12', commit: 'v1.1.12-0-g51d5e94' } },
  { version: '26.1.4', api: '1.45', minApi: '1.24', go: 'go1.21.11', commit: 'de5c9cf', buildTime: '2024-06-05T11:29:22.000000000+00:00', containerd: { version: '1.6.33', commit: 'd2d58213f83a351ca8f528a95fbd145f5654e957' }, runc: { version: '1.1.12', commit: 'v1.1.12-0-g51d5e94' } },
  { version: '27.3.1', api: '1.47', minApi: '1.24', go: 'go1.22.7', commit: '41ca978', buildTime: '2024-09-20T11:41:11.000000000+00:00', containerd: { version: '1.7.22', commit: '7f7fdf5fed64eb6a7caf99b3e12efcf9d60e311c' }, runc: { version: '1.1.14', commit: 'v1.1.14-0-g2c9f560' } },
];

export const ENGINE_VERSIONS = ENGINE_BUILDS.map((b) => b.version) as [string, ...string[]];

/** Compares dotted API versions ("1.9" < "1.41"). */
export function apiCompare(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}
