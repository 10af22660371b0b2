// The matrix layout: tactic columns in the API's order, techniques under every tactic they belong to,
// busiest first, heat levels on a log scale, and the "used only" view.
import { describe, expect, it } from 'vitest';
import { heatOf, matrixColumns } from './matrix-logic';

const m = {
  release: 'enterprise-attack 17.1',
  tactics: [
    { id: 'TA0006', short: 'credential-access', name: 'Credential Access' },
    { id: 'TA0003', short: 'persistence', name: 'Persistence' },
  ],
  techniques: [
    { techniqueId: 'T1110', name: 'Brute Force', tactics: ['credential-access'], attackers: 900, tags: 900 },
    { techniqueId: 'T1110.001', name: 'Brute Force: Password Guessing', tactics: ['credential-access'], attackers: 3, tags: 3 },
    { techniqueId: 'T1078', name: 'Valid Accounts', tactics: ['persistence', 'initial-access'], attackers: 0, tags: 0 },
    { techniqueId: 'T1053.003', name: 'Scheduled Task/Job: Cron', tactics: ['persistence'], attackers: 12, tags: 20 },
  ],
};

describe('ATT&CK matrix layout', () => {
  it('puts techniques under each of their tactics, busiest first, with heat', () => {
    const cols = matrixColumns(m);
    expect(cols.map((c) => c.short)).toEqual(['credential-access', 'persistence']);
    expect(cols[0]!.cells.map((c) => c.techniqueId)).toEqual(['T1110', 'T1110.001']);
    expect(cols[1]!.cells.map((c) => [c.techniqueId, c.heat])).toEqual([['T1053.003', 2], ['T1078', 0]]);
    expect(cols[0]!.cells[0]!.heat).toBe(4);
    expect(cols[0]!.cells[1]!.heat).toBe(1);
  });

  it('hides unused techniques on request', () => {
    expect(matrixColumns(m, true)[1]!.cells.map((c) => c.techniqueId)).toEqual(['T1053.003']);
  });

  it('scales heat logarithmically and is 0 for unused', () => {
    expect(heatOf(0, 10)).toBe(0);
    expect(heatOf(10, 10)).toBe(4);
    expect(heatOf(1, 1000)).toBe(1);
    expect(heatOf(5, 0)).toBe(0);
  });
});
