// Lays the fleet technique counts out as an ATT&CK matrix: one column per tactic (kill-chain order),
// its techniques ordered by how many attackers used them, each with a heat level for its colour.
import type { AttackMatrix } from '../../api/attack-api';

export interface MatrixCell { techniqueId: string; name: string; attackers: number; tags: number; heat: 0 | 1 | 2 | 3 | 4 }
export interface MatrixColumn { short: string; name: string; id: string; cells: MatrixCell[]; attackers: number }

/** 0 = unused; 1..4 by the share of the busiest technique's attacker count (log scale: a few big
 * scanners should not wash out the rest). */
export function heatOf(attackers: number, max: number): MatrixCell['heat'] {
  if (attackers <= 0 || max <= 0) return 0;
  const r = Math.log1p(attackers) / Math.log1p(max);
  return r > 0.75 ? 4 : r > 0.5 ? 3 : r > 0.25 ? 2 : 1;
}

export function matrixColumns(m: AttackMatrix, onlyUsed = false): MatrixColumn[] {
  const max = Math.max(0, ...m.techniques.map((t) => t.attackers));
  return m.tactics.map((tac) => {
    const cells = m.techniques
      .filter((t) => t.tactics.includes(tac.short) && (!onlyUsed || t.attackers > 0))
      .map((t) => ({ techniqueId: t.techniqueId, name: t.name, attackers: t.attackers, tags: t.tags, heat: heatOf(t.attackers, max) }))
      .sort((a, b) => b.attackers - a.attackers || a.techniqueId.localeCompare(b.techniqueId));
    return { short: tac.short, name: tac.name, id: tac.id, cells, attackers: cells.reduce((n, c) => Math.max(n, c.attackers), 0) };
  });
}
