// The topology history panel's pure parts: one short line per mutation op ("attach fw-1 to inner as
// 10.0.1.2"), and the badge tone of a mutation's status.
import type { TopologyMutation, TopologyMutationOp } from '@decnet/protocol';
import type { Tone } from '../../components/badge';

export function describeOp(op: TopologyMutationOp): string {
  switch (op.op) {
    case 'add_lan':
      return `add LAN ${op.lan.name} (${op.lan.subnet}${op.lan.dmz ? ', DMZ' : ''})`;
    case 'remove_lan':
      return `remove LAN ${op.lan}`;
    case 'update_lan':
      return `update LAN ${op.lan}${Object.keys(op.patch).length ? `: ${Object.keys(op.patch).join(', ')}` : ''}`;
    case 'add_decky':
      return `add decky ${op.decky.name} on ${op.decky.homes.map((h) => `${h.lan} ${h.ip}`).join(', ')}`;
    case 'remove_decky':
      return `remove decky ${op.decky}`;
    case 'attach_decky':
      return `attach ${op.decky} to ${op.home.lan} as ${op.home.ip}`;
    case 'detach_decky':
      return `detach ${op.decky} from ${op.lan}`;
    case 'update_decky':
      return `update decky ${op.decky}${Object.keys(op.patch).length ? `: ${Object.keys(op.patch).join(', ')}` : ''}${op.force ? ' (forced)' : ''}`;
  }
}

/** At most `max` op lines, then "+N more" (a batch can hold hundreds of moves). */
export function describeOps(ops: readonly TopologyMutationOp[], max = 4): string[] {
  const lines = ops.slice(0, max).map(describeOp);
  if (ops.length > max) lines.push(`+${ops.length - max} more`);
  return lines;
}

export const MUTATION_TONES: Record<TopologyMutation['status'], Tone> = { pending: 'neutral', applying: 'info', applied: 'ok', failed: 'bad' };
