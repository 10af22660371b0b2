// "Next free address" of a LAN: asked of the API (which knows every address on the host), with the
// addresses staged in the preview excluded; a LAN that is only staged is computed locally.
import type { TopologyBody } from '@decnet/protocol';
import { Topologies } from '../../api';
import { nextFreeAddress } from './apply-ops';

export async function freeAddress(topologyId: string, preview: TopologyBody, lanName: string, lanStaged: boolean): Promise<string> {
  const taken = preview.deckies.flatMap((d) => d.homes.filter((h) => h.lan === lanName).map((h) => h.ip));
  if (lanStaged) {
    const lan = preview.lans.find((l) => l.name === lanName);
    const ip = lan ? nextFreeAddress(lan.subnet, taken) : null;
    if (!ip) throw new Error(`No free address left in ${lanName}`);
    return ip;
  }
  return (await Topologies.nextAddress(topologyId, lanName, taken.slice(0, 256))).ip;
}
