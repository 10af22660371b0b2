// The macvlan network deckies live on: created when missing, recreated when a network this runtime
// manages no longer matches its options, and managed networks of other names reaped.
import type Dockerode from 'dockerode';
import { labelKeys, type ResolvedOptions } from './options';

export function isNotFound(e: unknown): boolean {
  return (e as { statusCode?: number } | null)?.statusCode === 404;
}

function matches(info: Dockerode.NetworkInspectInfo, opts: ResolvedOptions): boolean {
  const cfg = info.IPAM?.Config?.[0];
  return (
    info.Driver === 'macvlan' &&
    info.Options?.['parent'] === opts.network.parent &&
    cfg?.Subnet === opts.network.subnet &&
    (cfg?.Gateway ?? '') === opts.network.gateway &&
    (cfg?.IPRange ?? opts.network.subnet) === opts.network.ipRange
  );
}

/**
 * Makes sure the configured network exists as configured. `dropContainers` removes the managed
 * containers attached to a stale managed network before it is recreated.
 */
export async function ensureNetwork(docker: Dockerode, opts: ResolvedOptions, dropContainers: () => Promise<void>): Promise<string> {
  const k = labelKeys(opts.labelPrefix);
  const { name, parent, subnet, gateway, ipRange } = opts.network;
  try {
    const info = (await docker.getNetwork(name).inspect()) as Dockerode.NetworkInspectInfo;
    if (matches(info, opts)) return info.Id;
    if (info.Labels?.[k.managed] !== 'true') {
      throw new Error(`docker network ${name} exists but is not a macvlan on ${parent} with subnet ${subnet} (and this runtime does not manage it)`);
    }
    await dropContainers();
    await docker.getNetwork(name).remove();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const created = await docker.createNetwork({
    Name: name,
    Driver: 'macvlan',
    CheckDuplicate: true,
    Options: { parent, macvlan_mode: 'bridge' },
    IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: gateway, ...(ipRange !== subnet ? { IPRange: ipRange } : {}) }] },
    Labels: { [k.managed]: 'true' },
  });
  return created.id;
}

/** Managed networks, optionally all but the configured one (leftovers of earlier runs). */
export async function removeManagedNetworks(docker: Dockerode, opts: ResolvedOptions, keepConfigured: boolean): Promise<string[]> {
  const k = labelKeys(opts.labelPrefix);
  const nets = await docker.listNetworks({ filters: { label: [`${k.managed}=true`] } });
  const errors: string[] = [];
  for (const n of nets) {
    // Topology LAN networks are kept and reaped by their own reaper (topology-networks.ts).
    if (keepConfigured && (n.Name === opts.network.name || n.Labels?.[`${opts.labelPrefix}.topology`])) continue;
    try {
      await docker.getNetwork(n.Id).remove();
    } catch (e) {
      if (!isNotFound(e)) errors.push(`network ${n.Name}: ${(e as Error).message}`);
    }
  }
  return errors;
}
