// Docker networks of topology LANs: a macvlan network per LAN on its host link (topology-links.ts),
// labelled with the topology and LAN; recreated when its shape changed; reaped (with its link) when no
// desired topology owns it.
import type Dockerode from 'dockerode';
import { isNotFound } from './macvlan-network';
import { labelKeys, type ResolvedOptions } from './options';
import { ensureLink, linkAlias, listLinks, reapLinks } from './topology-links';
import type { LanNet } from './topology-plan';

export function topologyLabel(prefix: string): string {
  return `${prefix}.topology`;
}

function matches(info: Dockerode.NetworkInspectInfo, lan: LanNet, prefix: string): boolean {
  const cfg = info.IPAM?.Config?.[0];
  return (
    info.Driver === 'macvlan' &&
    info.Options?.['parent'] === lan.link &&
    cfg?.Subnet === lan.subnet &&
    cfg?.Gateway === lan.gateway &&
    info.Labels?.[topologyLabel(prefix)] === lan.topologyId
  );
}

/** Disconnects every endpoint (docker refuses to remove a network in use) and removes the network. */
async function dropNetwork(docker: Dockerode, id: string): Promise<void> {
  const net = docker.getNetwork(id);
  const info = (await net.inspect()) as Dockerode.NetworkInspectInfo;
  for (const c of Object.keys(info.Containers ?? {})) await net.disconnect({ Container: c, Force: true }).catch(() => undefined);
  await net.remove();
}

/**
 * Makes the LAN's link and network exist as planned (a `shared` DMZ is the configured network: nothing
 * to do). Returns true when the network was (re)created: whoever was on it must be connected again.
 */
export async function ensureLanNetwork(docker: Dockerode, opts: ResolvedOptions, lan: LanNet, links?: Awaited<ReturnType<typeof listLinks>>): Promise<boolean> {
  if (lan.kind === 'shared') return false;
  await ensureLink(lan, opts.network.parent, opts.labelPrefix, links ?? (await listLinks()));
  const k = labelKeys(opts.labelPrefix);
  try {
    const info = (await docker.getNetwork(lan.network).inspect()) as Dockerode.NetworkInspectInfo;
    if (matches(info, lan, opts.labelPrefix)) return false;
    if (info.Labels?.[k.managed] !== 'true') throw new Error(`docker network ${lan.network} exists and this runtime does not manage it`);
    await dropNetwork(docker, info.Id);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await docker.createNetwork({
    Name: lan.network,
    Driver: 'macvlan',
    CheckDuplicate: true,
    Options: { parent: lan.link!, macvlan_mode: 'bridge' },
    IPAM: { Driver: 'default', Config: [{ Subnet: lan.subnet, Gateway: lan.gateway }] },
    Labels: { [k.managed]: 'true', [topologyLabel(opts.labelPrefix)]: lan.topologyId, [`${opts.labelPrefix}.lan`]: lan.lan },
  });
  return true;
}

/**
 * The orphan reaper: removes this runtime's topology networks that are not in `keep` (network names),
 * then its host links whose LAN is not kept. Returns the errors (retried on the next pass).
 */
export async function reapTopologyNetworks(docker: Dockerode, opts: ResolvedOptions, keep: readonly LanNet[]): Promise<string[]> {
  const errors: string[] = [];
  const label = topologyLabel(opts.labelPrefix);
  const keepNames = new Set(keep.map((l) => l.network));
  const nets = await docker.listNetworks({ filters: { label: [label] } });
  for (const n of nets) {
    if (keepNames.has(n.Name) || n.Labels?.[labelKeys(opts.labelPrefix).managed] !== 'true') continue;
    try {
      await dropNetwork(docker, n.Id);
    } catch (e) {
      if (!isNotFound(e)) errors.push(`network ${n.Name}: ${(e as Error).message}`);
    }
  }
  const keepAliases = new Set(keep.filter((l) => l.kind !== 'shared').map((l) => linkAlias(opts.labelPrefix, l)));
  errors.push(...(await reapLinks(opts.labelPrefix, keepAliases)));
  return errors;
}
