// The mongodb persona part: a mongod release the distro's MongoDB repository shipped (version with its
// real gitVersion, wire version, build distmod and OpenSSL), a seeded database list, and mongod in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface MongodbPersona {
  version: string;
  gitVersion: string;
  maxWireVersion: number;
  /** buildEnvironment.distmod, e.g. "ubuntu2204", "rhel90", "windows". */
  distmod: string;
  targetOs: 'linux' | 'windows' | 'freebsd';
  distarch: string;
  openssl?: string;
  storageEngines: string[];
  /** Application databases (admin, config and local are always there), sizes in bytes. */
  databases: Array<{ name: string; sizeOnDisk: number }>;
  /** topologyVersion.processId / serverStatus identity, fixed per decky. */
  processId: string;
  pid: number;
  connectionIdStart: number;
}

/** Releases whose gitVersion is known from real buildInfo/explain output. */
const GIT: Readonly<Record<string, string>> = {
  '4.4.6': '72e66213c2c3eab37d9358d5e78ad7f5c1d0d0d7',
  '4.4.8': '83b8bb8b6b325d8d8d3dfd2ad9f744bdad7d6ca0',
  '4.4.10': '58971da1ef93435a9f62bf4708a81713def6e88c',
  '4.4.13': 'df25c71b8674a78e17468f48bcda5285decb9246',
  '6.0.5': 'c9a99c120371d4d4c52cbb15dac34a36ce8d3b1d',
  '7.0.2': '02b3c655e1302209ef046da6ba3ef6749dd0b62a',
};

/** Which builds the MongoDB repository offers per distro (MongoDB's supported-platform tables). */
const BY_DISTRO: Readonly<Record<string, { distmod: string; versions: readonly string[] }>> = {
  ubuntu22: { distmod: 'ubuntu2204', versions: ['6.0.5', '7.0.2', '7.0.2'] },
  ubuntu20: { distmod: 'ubuntu2004', versions: ['4.4.10', '4.4.13', '6.0.5'] },
  debian: { distmod: 'debian12', versions: ['7.0.2'] },
  kali: { distmod: 'debian12', versions: ['7.0.2'] },
  arch: { distmod: 'debian12', versions: ['7.0.2'] },
  rocky9: { distmod: 'rhel90', versions: ['6.0.5', '7.0.2'] },
  fedora: { distmod: 'rhel90', versions: ['7.0.2'] },
  centos7: { distmod: 'rhel70', versions: ['4.4.6', '4.4.8', '4.4.13'] },
  // No Alpine package exists: the official (Ubuntu-based) container image.
  alpine: { distmod: 'ubuntu2204', versions: ['6.0.5', '7.0.2'] },
};

/** maxWireVersion per release series (the drivers' wire-version table). */
export function wireVersionOf(version: string): number {
  const [maj = 0, min = 0] = version.split('.').map((x) => Number.parseInt(x, 10));
  const table: Array<[number, number, number]> = [[8, 0, 25], [7, 0, 21], [6, 0, 17], [5, 0, 13], [4, 4, 9], [4, 2, 8], [4, 0, 7], [3, 6, 6]];
  for (const [a, b, w] of table) if (maj > a || (maj === a && min >= b)) return w;
  return 6;
}

const APP_DBS = ['app', 'production', 'shop', 'crm', 'inventory', 'analytics', 'users', 'orders', 'cms', 'payments', 'billing', 'telemetry', 'reporting', 'sessions', 'customers'];
const IOT_DBS = ['telemetry', 'devices', 'sensors', 'iot', 'events'];
const DEV_DBS = ['gitlab', 'ci', 'registry', 'jobs', 'artifacts'];

/** The facts that follow from a release: its gitVersion (seeded when unknown), wire version, engines. */
export function releaseFacts(version: string, seedHex: () => string): Pick<MongodbPersona, 'version' | 'gitVersion' | 'maxWireVersion' | 'storageEngines'> {
  const major = Number.parseInt(version, 10);
  const storageEngines = major >= 7 ? ['devnull', 'wiredTiger'] : major >= 5 ? ['devnull', 'ephemeralForTest', 'wiredTiger'] : ['biggie', 'devnull', 'ephemeralForTest', 'wiredTiger'];
  return { version, gitVersion: GIT[version] ?? seedHex(), maxWireVersion: wireVersionOf(version), storageEngines };
}

export function mongodbPersona(b: PersonaBasis): MongodbPersona {
  const rng = b.rng('mongodb');
  const row = BY_DISTRO[b.release.slug] ?? { distmod: 'ubuntu2204', versions: ['7.0.2'] };
  const picked = rng.pick(row.versions);
  const release = releaseFacts(configValue(b, 'mongodb', 'version', 32) ?? picked, () => b.rng('mongodb:git').hex(40));
  const windows = b.foreign === 'windows' || b.foreign === 'windows_server';
  const distmod = windows ? 'windows' : b.foreign === 'bsd' ? 'freebsd' : row.distmod;
  const targetOs = windows ? 'windows' : b.foreign === 'bsd' ? 'freebsd' : 'linux';
  const ssl = windows ? undefined : b.release.slug === 'alpine' ? 'OpenSSL 3.0.2 15 Mar 2022' : b.snap.openssl;
  const pool = b.archetype === 'iot-device' ? IOT_DBS : b.archetype === 'devops-host' ? DEV_DBS : APP_DBS;
  const names = new Set<string>();
  const count = rng.int(1, 3);
  for (let i = 0; i < 8 && names.size < count; i++) names.add(rng.pick(pool));
  const databases = [...names].map((name) => ({ name, sizeOnDisk: 4096 * rng.int(40, 600_000) }));
  return {
    ...release, distmod, targetOs, distarch: b.arch === 'aarch64' ? 'aarch64' : 'x86_64',
    openssl: ssl, databases, processId: rng.hex(24), pid: rng.int(600, 4000), connectionIdStart: rng.int(3, 900),
  };
}

export function mongodbProcesses(b: PersonaBasis): ShellProcessSeed[] {
  return [{ user: b.release.family === 'rhel' ? 'mongod' : 'mongodb', command: `/usr/bin/mongod --config /etc/mongod.conf`, rssKb: 160_000 }];
}
