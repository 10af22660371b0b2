// Catalogue helpers for the editor: the next free subnet (avoiding this topology's LANs, the host's
// deployed topologies and what the editor has staged) and the next free address in a LAN.
import { nextFreeAddress, nextFreeSubnet, type NextFreeAddress, type NextFreeSubnet } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { usedSubnetsOnHost } from './create';
import { loadTopology } from './store';

export async function nextSubnetFor(deps: AppDeps, id: string, prefix: number, exclude: string[]): Promise<NextFreeSubnet> {
  const t = await loadTopology(deps, id);
  const used = [...t.body.lans.map((l) => l.subnet), ...(await usedSubnetsOnHost(deps, t.row.hostId)), ...exclude];
  const base = t.body.lans[0]?.subnet ?? '10.100.0.0/24';
  const subnet = nextFreeSubnet(used, base, prefix) ?? nextFreeSubnet(used, '10.0.0.0/8', prefix);
  if (!subnet) throw new AppError('conflict', 'No free subnet left');
  return { subnet };
}

export async function nextAddressFor(deps: AppDeps, id: string, lan: string, exclude: string[]): Promise<NextFreeAddress> {
  const t = await loadTopology(deps, id);
  const l = t.body.lans.find((x) => x.name === lan);
  if (!l) throw new AppError('not_found', `No LAN named '${lan.slice(0, 64)}' in topology '${t.row.name}'`);
  const taken = [...t.body.deckies.flatMap((d) => d.homes.filter((h) => h.lan === lan).map((h) => h.ip)), ...exclude];
  const ip = nextFreeAddress(l.subnet, taken);
  if (!ip) throw new AppError('conflict', `LAN '${lan}' (${l.subnet}) has no free address left`);
  return { lan, ip };
}
