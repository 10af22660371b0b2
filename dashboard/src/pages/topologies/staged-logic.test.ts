// The staged-op buffer and the apply dialog's diff text, against protocol's op applier.
import type { TopologyBody, TopologyMutationOp } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { applyTopologyOps } from './apply-ops';
import { countsOf, describeBatch } from './diff-logic';
import { batchOf, conflictMessage, emptyStaged, rebase, stage, undo } from './staged-logic';

const BODY: TopologyBody = {
  name: 'maze',
  hostId: 'h1',
  lans: [
    { name: 'dmz', subnet: '10.100.0.0/24', dmz: true, pos: { x: 0, y: 0 } },
    { name: 'inner', subnet: '10.100.1.0/24', dmz: false, pos: { x: 0, y: 200 } },
  ],
  deckies: [
    { name: 'gw', services: ['ssh'], serviceConfig: { ssh: { hostname: 'gw' } }, homes: [{ lan: 'dmz', ip: '10.100.0.2' }, { lan: 'inner', ip: '10.100.1.2' }], forwards: true, pos: { x: 0, y: 100 } },
    { name: 'db', services: ['mysql'], serviceConfig: {}, homes: [{ lan: 'inner', ip: '10.100.1.3' }], forwards: false, pos: { x: 50, y: 250 } },
  ],
};
const move = (decky: string, x: number): TopologyMutationOp => ({ op: 'update_decky', decky, patch: { pos: { x, y: 0 } } });

describe('staged buffer', () => {
  it('collects ops against a version, merges consecutive moves of one node, undoes the last', () => {
    let s = emptyStaged(7);
    s = stage(s, move('gw', 1));
    s = stage(s, move('gw', 2));
    s = stage(s, move('gw', 3));
    expect(s.ops).toEqual([move('gw', 3)]);
    s = stage(s, move('db', 1));
    s = stage(s, { op: 'update_decky', decky: 'db', patch: { services: ['mysql', 'ssh'] } });
    s = stage(s, move('db', 2));
    // A move after another kind of op is its own change (undo takes back exactly that move).
    expect(s.ops).toHaveLength(4);
    expect(batchOf(s)).toEqual({ version: 7, ops: s.ops, trigger: 'dashboard' });
    s = undo(s);
    expect(s.ops.map((o) => o.op === 'update_decky' && Object.keys(o.patch))).toEqual([['pos'], ['pos'], ['services']]);
    expect(rebase(s, 9)).toEqual({ baseVersion: 9, ops: s.ops });
    expect(undo(emptyStaged(1)).ops).toEqual([]);
  });
  it('moving a node added in the same batch changes the add instead of staging a move', () => {
    const add: TopologyMutationOp = { op: 'add_lan', lan: { name: 'lab', subnet: '10.100.2.0/24', dmz: false, pos: { x: 0, y: 0 } } };
    const s = stage(stage(emptyStaged(1), add), { op: 'update_lan', lan: 'lab', patch: { pos: { x: 40, y: 50 } } });
    expect(s.ops).toEqual([{ ...add, lan: { ...add.lan, pos: { x: 40, y: 50 } } }]);
  });
  it('says what a conflict means', () => {
    expect(conflictMessage(12, 3)).toBe('Someone else changed this topology (now version 12). Reload to see their changes; your 3 staged changes are kept until you choose to keep or discard them.');
    expect(conflictMessage(undefined, 1)).toBe('Someone else changed this topology. Reload to see their changes; your 1 staged change is kept until you choose to keep or discard them.');
  });
});

describe('diff text', () => {
  it('describes every op against the body before it, with old → new values and the resulting counts', () => {
    const ops: TopologyMutationOp[] = [
      { op: 'add_decky', decky: { name: 'web', archetype: 'linux-server', services: ['http'], serviceConfig: { http: { server_header: 'nginx' } }, homes: [{ lan: 'inner', ip: '10.100.1.9' }], forwards: false, pos: { x: 0, y: 0 } } },
      { op: 'update_decky', decky: 'gw', patch: { serviceConfig: { ssh: { hostname: 'edge-gw', auth_failure_delay_ms: '0' } } } },
      { op: 'update_decky', decky: 'db', patch: { forwards: true }, force: true },
      { op: 'attach_decky', decky: 'db', home: { lan: 'dmz', ip: '10.100.0.7' } },
      { op: 'detach_decky', decky: 'gw', lan: 'inner' },
      { op: 'update_lan', lan: 'inner', patch: { pos: { x: 5, y: 5 } } },
      { op: 'remove_lan', lan: 'inner' },
      { op: 'remove_decky', decky: 'web' },
    ];
    const { lines, before, after } = describeBatch(BODY, ops, (b, o) => applyTopologyOps(b, o));
    expect(lines.map((l) => [l.kind, l.text])).toEqual([
      ['add', 'Add decky “web”'],
      ['change', 'Change decky “gw”'],
      ['change', 'Change decky “db”'],
      ['add', 'Attach “db” to LAN “dmz” at 10.100.0.7'],
      ['remove', 'Detach “gw” from LAN “inner” (10.100.1.2)'],
      ['change', 'Move LAN “inner” on the canvas'],
      ['remove', 'Remove LAN “inner”'],
      ['remove', 'Remove decky “web”'],
    ]);
    expect(lines[0]!.details).toEqual(['archetype: linux-server', 'services: http', 'on inner at 10.100.1.9', 'http.server_header: — → nginx']);
    expect(lines[1]!.details).toEqual(['ssh.auth_failure_delay_ms: — → 0', 'ssh.hostname: gw → edge-gw']);
    expect(lines[2]!.details).toEqual(['forwarding: off → on (forced: the decky is recreated)']);
    // By the time the LAN goes, gw has left it: only db and web are detached.
    expect(lines[6]!.details).toEqual(['detaches db, web']);
    expect(before).toEqual({ lans: 2, deckies: 2, homes: 3, forwarders: 1 });
    expect(after).toEqual({ lans: 1, deckies: 2, homes: 2, forwarders: 2 });
    expect(countsOf(BODY)).toEqual(before);
  });
});

describe('inspector drafts', () => {
  const gw = BODY.deckies[0]!;
  it('stage only what changed, drop config of removed services and empty values', async () => {
    const { deckyUpdateOp, draftOf, forwardsOp, deckyNameProblem, lanNameProblem } = await import('./inspector-logic');
    expect(deckyUpdateOp(gw, draftOf(gw))).toBeNull();
    const draft = draftOf(gw);
    draft.services = ['ssh', 'http'];
    draft.config = { ssh: { hostname: 'gw', auth_failure_delay_ms: '' }, http: { server_header: 'IIS' }, ftp: { banner: 'x' } };
    expect(deckyUpdateOp(gw, draft)).toEqual({ op: 'update_decky', decky: 'gw', patch: { services: ['ssh', 'http'], serviceConfig: { ssh: { hostname: 'gw' }, http: { server_header: 'IIS' } } } });
    expect(forwardsOp(gw, false, true)).toEqual({ op: 'update_decky', decky: 'gw', patch: { forwards: false }, force: true });
    expect(forwardsOp(gw, false, false)).toEqual({ op: 'update_decky', decky: 'gw', patch: { forwards: false } });
    expect(deckyNameProblem('gw', ['gw'])).toMatch(/already exists/);
    expect(deckyNameProblem('bad name', [])).toMatch(/^Name:/);
    expect(deckyNameProblem('web-02', ['gw'])).toBeNull();
    expect(lanNameProblem('Inner', [])).toMatch(/lower-case/);
  });
});
