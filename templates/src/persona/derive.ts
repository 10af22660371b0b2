// derivePersona: one decky's complete, self-consistent identity from its name and archetype. Every
// draw comes from a labelled stream of the SHA-256 seed, so the same inputs give the same persona.
import type { ArchetypeSlug, DistroSlug, OsFamily } from '@decnet/protocol';
import { archetype as archetypeOf, distroProfile, isDistroSlug, resolveNmapOs } from '@decnet/protocol';
import type { ShellPersona } from '../_shell/persona';
import { deriveAccounts, type AccountOverrides } from './accounts';
import { baitFiles } from './bait-files';
import { addressPlan, bootedAt, chooseHardware } from './hardware';
import { pickDomain, pickHostname } from './hostnames';
import { ifaceFor, macFor } from './mac';
import { TIMEZONES } from './names';
import type { DistroRelease, ReleaseSnapshot } from './release-types';
import { RELEASES } from './releases';
import { personaSeed, rngFor, type Rng } from './rng';
import type { ForeignOs, Mta, PersonaBasis } from '../service';
import { serviceProcesses, servicePersonas } from './service-parts';
import type { Persona } from './types';
import { windowsIdentity } from './windows';

export type ServiceConfigMap = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface DerivePersonaInput {
  deckyName: string;
  archetype?: ArchetypeSlug;
  distro?: DistroSlug;
  nmapOs?: OsFamily;
  ip?: string;
  /** INI `[decky.service]` keys per service slug. */
  serviceConfig?: ServiceConfigMap;
  /** Services the decky runs (drives `ps`); default: the archetype's, else ssh. */
  services?: readonly string[];
  /** DNS domain shared by a fleet; default: seeded per decky. */
  domain?: string;
  /** Hostnames already used in the fleet; the next seeded candidate is taken instead. */
  takenHostnames?: ReadonlySet<string>;
  /** Reference instant for the boot time (default now); the boot time only moves every ~45 days. */
  nowMs?: number;
}

const FOREIGN = new Set<OsFamily>(['windows', 'windows_server', 'bsd', 'cisco']);
const PG_MAJOR: Record<string, number> = { ubuntu22: 14, ubuntu20: 12, debian: 15, kali: 16, rocky9: 13, centos7: 9, fedora: 15, alpine: 16 };
const HOSTNAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function pickDistro(arch: ArchetypeSlug | undefined, rng: Rng): DistroSlug {
  if (arch) return rng.pick(archetypeOf(arch).preferredDistros);
  return rng.weighted<DistroSlug>(['debian', 'ubuntu22', 'ubuntu20', 'rocky9', 'alpine'], [3, 3, 1, 2, 1]);
}

/** Recent snapshots are likelier: most machines get patched now and then. */
function pickSnapshot(release: DistroRelease, rng: Rng): ReleaseSnapshot {
  const snaps = release.snapshots;
  return rng.weighted(snaps, snaps.map((_, i) => i + 1));
}

/** The kernel a Raspberry Pi (aarch64) build of the distro runs. */
function armKernel(release: DistroRelease, snap: ReleaseSnapshot): [string, string] {
  if (release.family === 'alpine') return [snap.kernelRelease.replace(/-(virt|lts)$/, '-rpi'), snap.kernelVersion.replace('PREEMPT_DYNAMIC', 'PREEMPT')];
  if (release.family === 'rhel') return [snap.kernelRelease.replace(/x86_64$/, 'aarch64'), snap.kernelVersion];
  if (release.slug === 'ubuntu22') return ['5.15.0-1053-raspi', '#56-Ubuntu SMP PREEMPT Mon Apr 15 18:50:10 UTC 2024'];
  if (release.slug === 'ubuntu20') return ['5.4.0-1110-raspi', '#122-Ubuntu SMP PREEMPT Wed Jun 5 10:24:42 UTC 2024'];
  if (release.slug === 'kali') return ['6.6.31+rpt-rpi-v8', '#1 SMP PREEMPT Debian 1:6.6.31-1+rpt1 (2024-05-29)'];
  // Raspberry Pi OS reports Debian 12 with the Foundation's kernel.
  return ['6.1.0-rpi7-rpi-v8', '#1 SMP PREEMPT Debian 1:6.1.63-1+rpt1 (2023-11-24)'];
}

function configuredHostname(cfg: ServiceConfigMap): string | undefined {
  for (const svc of ['ssh', 'telnet']) {
    const h = cfg[svc]?.['hostname']?.trim();
    if (h && HOSTNAME_RE.test(h)) return h;
  }
  return undefined;
}

function accountOverrides(cfg: ServiceConfigMap): AccountOverrides {
  const get = (key: string): string | undefined => {
    const v = cfg['ssh']?.[key] ?? cfg['telnet']?.[key];
    return v !== undefined && v !== '' ? v.slice(0, 256) : undefined;
  };
  return { password: get('password'), user: get('user'), userPassword: get('user_password') };
}

function chooseMta(cfg: ServiceConfigMap): Mta {
  const m = cfg['smtp']?.['mta'] ?? cfg['smtp_relay']?.['mta'];
  return m === 'exim' || m === 'sendmail' ? m : 'postfix';
}

export function derivePersona(input: DerivePersonaInput): Persona {
  const arch = input.archetype;
  const seed = personaSeed(input.deckyName, arch);
  const cfg = input.serviceConfig ?? {};
  const osFamily = resolveNmapOs(input.nmapOs, arch);
  const requested = input.distro && isDistroSlug(input.distro) ? input.distro : pickDistro(arch, rngFor(seed, 'distro'));
  const release = RELEASES[requested];
  const snap = pickSnapshot(release, rngFor(seed, 'release'));
  const hw = chooseHardware(osFamily, arch, rngFor(seed, 'hardware'));
  const mac = macFor(hw.nic, rngFor(seed, 'mac'));
  const iface = ifaceFor(hw.nic, release.family, release.slug, rngFor(seed, 'iface'));
  const net = addressPlan(input.ip, rngFor(seed, 'address'));

  const style = distroProfile(release.slug as DistroSlug).hostnameStyle;
  let hostname = configuredHostname(cfg);
  if (!hostname) {
    const hrng = rngFor(seed, 'hostname');
    const taken = input.takenHostnames ?? new Set<string>();
    for (let i = 0; i < 64 && (!hostname || taken.has(hostname.toLowerCase())); i++) hostname = pickHostname({ os: osFamily, archetype: arch, style, nic: hw.nic, mac }, hrng);
    if (!hostname || taken.has(hostname.toLowerCase())) hostname = `${hostname ?? 'srv'}-${hrng.hex(4)}`;
  }
  const domain = input.domain ?? pickDomain(osFamily, style, arch, rngFor(seed, 'domain'));
  const fqdn = domain === 'localdomain' ? `${hostname}.localdomain` : `${hostname}.${domain}`;

  const foreign = FOREIGN.has(osFamily);
  // Printers and PLCs run their vendor's firmware (JetDirect, SIMATIC), and an embedded device is no
  // amd64 distro install: a Debian/RHEL shell behind their logins would contradict their banners and
  // their TTL 255 (issue 17's consistency test). Embedded BusyBox (Alpine) userlands keep theirs.
  const vendorFirmware = arch === 'printer' || arch === 'industrial-control' || (osFamily === 'embedded' && release.family !== 'alpine');
  const accounts = deriveAccounts(release, accountOverrides(cfg), !foreign && !vendorFirmware, rngFor(seed, 'accounts'));
  const services = input.services ?? (arch ? archetypeOf(arch).services : ['ssh']);
  const crng = rngFor(seed, 'choices');
  const otherWeb = release.defaultWeb === 'apache' ? 'nginx' : 'apache';
  const web = crng.chance(0.25) ? otherWeb : release.defaultWeb;
  const ftp = crng.pick(release.ftpOptions);
  const mta = chooseMta(cfg);
  const [kernelRelease, kernelVersion] = hw.arch === 'aarch64' ? armKernel(release, snap) : [snap.kernelRelease, snap.kernelVersion];
  const snapshot: ReleaseSnapshot = { ...snap, kernelRelease, kernelVersion };

  const printer = hw.nic === 'hp-printer' ? 'hp' : hw.nic === 'brother-printer' ? 'brother' : undefined;
  const basis: PersonaBasis = {
    seed, osFamily, foreign: foreign ? (osFamily as ForeignOs) : undefined, archetype: arch, release, snap: snapshot,
    hostname, fqdn, domain, ip: net.ip, arch: hw.arch, web, sqlServer: release.sqlServer, ftp, mta, printer,
    workers: crng.int(2, 5), showPhp: arch === 'web-server' && crng.chance(0.4), productOnly: crng.chance(0.15),
    pgMajor: PG_MAJOR[release.slug] ?? 15,
    windows: windowsIdentity(osFamily, arch, hostname, domain, rngFor(seed, 'windows')),
    config: cfg,
    rng: (label) => rngFor(seed, `service:${label}`),
  };

  const shell: ShellPersona = {
    seed,
    hostname,
    osPrettyName: snap.prettyName,
    kernelRelease,
    kernelVersion,
    arch: hw.arch,
    family: release.family,
    // An embedded device (nmap OS class "embedded") on a BusyBox userland has BusyBox's smaller set.
    ...(osFamily === 'embedded' && release.family === 'alpine' ? { embedded: true } : {}),
    users: accounts.users,
    iface,
    ip: net.ip,
    mac,
    netmask: net.netmask,
    gateway: net.gateway,
    dnsServers: net.dnsServers,
    bootedAtMs: bootedAt(input.nowMs ?? Date.now(), snap.date, rngFor(seed, 'boot')),
    cpuModel: hw.cpuModel,
    cpuCount: hw.cpuCount,
    memTotalKb: hw.memTotalKb,
    processes: serviceProcesses(services, basis),
    files: { ...snap.shellFiles, ...baitFiles(cfg) },
  };

  return {
    seed,
    deckyName: input.deckyName,
    archetype: arch,
    osFamily,
    distro: release.slug,
    hostname,
    domain,
    mac,
    timezone: rngFor(seed, 'timezone').pick(TIMEZONES),
    shell,
    services: servicePersonas(basis),
    windows: basis.windows,
    logins: accounts.logins,
    adminUser: accounts.sudoUser,
  };
}

/** Derive a fleet in order, never giving two deckies the same hostname. */
export function derivePersonas(inputs: readonly DerivePersonaInput[]): Persona[] {
  const taken = new Set<string>();
  return inputs.map((input) => {
    const p = derivePersona({ ...input, takenHostnames: taken });
    taken.add(p.hostname.toLowerCase());
    return p;
  });
}
