// One line per mutation op for the topology history panel.
import type { TopologyMutationOp } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { describeOp, describeOps } from './history-logic';

describe('describeOp', () => {
  it('names what each op changes', () => {
    const ops: TopologyMutationOp[] = [
      { op: 'add_lan', lan: { name: 'inner', subnet: '10.1.1.0/24', dmz: false, pos: { x: 0, y: 0 } } },
      { op: 'attach_decky', decky: 'fw', home: { lan: 'inner', ip: '10.1.1.2' } },
      { op: 'detach_decky', decky: 'fw', lan: 'dmz' },
      { op: 'update_decky', decky: 'fw', patch: { forwards: true }, force: true },
      { op: 'update_lan', lan: 'dmz', patch: { pos: { x: 1, y: 2 } } },
      { op: 'remove_decky', decky: 'db' },
    ];
    expect(ops.map(describeOp)).toEqual([
      'add LAN inner (10.1.1.0/24)', 'attach fw to inner as 10.1.1.2', 'detach fw from dmz', 'update decky fw: forwards (forced)', 'update LAN dmz: pos', 'remove decky db',
    ]);
    expect(describeOps(ops, 2)).toEqual(['add LAN inner (10.1.1.0/24)', 'attach fw to inner as 10.1.1.2', '+4 more']);
  });
});
