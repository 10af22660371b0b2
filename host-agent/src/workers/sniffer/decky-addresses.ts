// Which addresses belong to which decky, and where to capture, for the sniffer: the local runtime's
// loopback addresses (capture on `lo`), the docker runtime's macvlan addresses (capture on the
// macvlan parent, where the children's frames pass).
import type { AgentConfig } from '../../config/schema';
import type { DeckyRuntime } from '../../runtime/decky-runtime';
import { listManaged } from '../../runtime/docker/apply-fleet';
import { DockerRuntime } from '../../runtime/docker/docker-runtime';

export type AddressMap = ReadonlyMap<string, string>;

export function addressSource(rt: DeckyRuntime): () => Promise<AddressMap> {
  if (rt instanceof DockerRuntime) {
    return async () => new Map((await listManaged(rt.docker, rt.options)).filter((o) => o.role === 'base' && o.ip && o.decky).map((o) => [o.ip!, o.decky!]));
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
