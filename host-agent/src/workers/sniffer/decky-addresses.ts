// Which addresses belong to which decky, and where to capture, for the sniffer: the local runtime's
// loopback addresses (capture on `lo`), the docker runtime's macvlan addresses on every network a base
// container joined (capture on the macvlan parent and on each topology LAN's host link, the lower
// device of that LAN's macvlan network, where the children's frames pass, child to child included).
import type { AgentConfig } from '../../config/schema';
import type { DeckyRuntime } from '../../runtime/decky-runtime';
import { labelKeys } from '../../runtime/docker/options';
import { DockerRuntime } from '../../runtime/docker/docker-runtime';
import { listLinks, type HostLink } from '../../runtime/docker/topology-links';

export type AddressMap = ReadonlyMap<string, string>;

export function addressSource(rt: DeckyRuntime): () => Promise<AddressMap> {
  if (rt instanceof DockerRuntime) {
    const k = labelKeys(rt.options.labelPrefix);
    return async () => {
      const all = await rt.docker.listContainers({ filters: { label: [`${k.managed}=true`, `${k.role}=base`] } });
      const out = new Map<string, string>();
      for (const c of all) {
        const decky = c.Labels[k.decky];
        if (!decky) continue;
        // Every network: the fleet's own and each topology LAN the decky is attached to.
        for (const n of Object.values(c.NetworkSettings?.Networks ?? {})) {
          if (n.IPAddress) out.set(n.IPAddress, decky);
          if (n.GlobalIPv6Address) out.set(n.GlobalIPv6Address, decky);
        }
      }
      return out;
    };
  }
  const local = rt as Partial<{ endpoints(): Array<{ decky: string; host: string }> }>;
  if (typeof local.endpoints === 'function') return async () => new Map(local.endpoints!().map((e) => [e.host, e.decky]));
  return async () => new Map();
}

/** Interfaces to capture on: configured ones, else the runtime's natural one. */
export function captureInterfaces(config: AgentConfig): string[] {
  if (config.sniffer.interfaces?.length) return config.sniffer.interfaces;
  if (config.runtime === 'docker' && config.docker) return [config.docker.network.parent];
  return ['lo'];
}

/** The interfaces, re-read each refresh: on docker, plus the host link of every topology LAN that exists now. */
export function interfaceSource(config: AgentConfig, rt: DeckyRuntime): () => Promise<string[]> {
  const base = captureInterfaces(config);
  if (config.sniffer.interfaces?.length || !(rt instanceof DockerRuntime)) return async () => base;
  const prefix = rt.options.labelPrefix;
  return async () => [...new Set([...base, ...topologyCaptureLinks(await listLinks().catch(() => []), prefix)])];
}

/**
 * Topology LAN links to capture on: this runtime's (alias `<prefix>.topology=...`) macvlan parents,
 * i.e. the `dtl*` end of an inner LAN's veth pair or a DMZ's host macvlan link (topology-plan
 * `linkNames`); the `dtp*` peer end sees none of the LAN's unicast traffic.
 */
export function topologyCaptureLinks(links: readonly HostLink[], labelPrefix: string): string[] {
  const alias = `${labelPrefix}.topology=`;
  return links.filter((l) => l.up && l.alias?.startsWith(alias) && /^dtl/.test(l.ifname) && (l.kind === 'veth' || l.kind === 'macvlan')).map((l) => l.ifname).slice(0, 64);
}

/**
 * A BPF filter matching TCP to or from the given addresses (tcpdump syntax; addresses are validated IPs),
 * and ICMPv6 when a decky has an IPv6 address: Neighbor Solicitations for it go to a multicast group,
 * so only the sniffer can tell (from the target) that one is for a decky (ipv6_link_local_leak).
 */
export function bpfFor(addresses: Iterable<string>): string | undefined {
  const hosts = [...addresses].filter((a) => /^[0-9a-fA-F:.]{2,45}$/.test(a)).slice(0, 512);
  if (hosts.length === 0) return undefined;
  const tcp = `tcp and (${hosts.map((h) => `host ${h}`).join(' or ')})`;
  return hosts.some((h) => h.includes(':')) ? `(${tcp}) or icmp6` : tcp;
}
