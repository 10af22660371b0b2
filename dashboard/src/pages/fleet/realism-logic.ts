// What the realism report view shows first: the verdict, the failed checks before the rest, and the
// contradictions (evidence where what an attacker sees differs from what the persona would show).
import type { RealismReport } from '../../api/realism-api';

export type Verdict = 'pass' | 'fail' | 'pending' | 'never';

export function realismVerdict(report: RealismReport | null, pending: string | null): Verdict {
  if (pending) return 'pending';
  if (!report) return 'never';
  return report.checks.some((c) => c.status === 'fail') ? 'fail' : 'pass';
}

const ORDER = { fail: 0, pass: 1, skip: 2 } as const;

/** Failed checks first, then passed, then skipped (stable within each). */
export function orderedChecks(report: RealismReport): RealismReport['checks'] {
  return report.checks.map((c, i) => ({ c, i })).sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i).map((x) => x.c);
}

export interface Contradiction {
  check: string;
  layer: string;
  seen: string;
  expected: string;
}

/** Every piece of evidence of a failed check that names what the persona expected instead. */
export function contradictions(report: RealismReport): Contradiction[] {
  return report.checks
    .filter((c) => c.status === 'fail')
    .flatMap((c) => c.evidence.filter((e) => e.expected !== undefined).map((e) => ({ check: c.id, layer: e.layer, seen: e.seen, expected: e.expected! })));
}
