// Attribution state per observed trait of an identity (inventory §8.2): unknown with fewer than 3
// observations; categorical traits use a window of the last 5 with a majority of 4; numeric traits
// an EWMA (α 0.3), stable under 20% dispersion, drifting when the mean moved over 30%, conflicted
// over 100%. Two values used at the same time from different addresses read as multi_actor.
export type TraitState = 'unknown' | 'stable' | 'drifting' | 'conflicted' | 'multi_actor';

export interface TraitObservation {
  tsMs: number;
  /** Last time the value was seen (same as tsMs for point observations). */
  untilMs: number;
  attackerId: string;
  value: string | number;
}

const MIN_OBS = 3;
const WINDOW = 5;
const MAJORITY = 4;
const ALPHA = 0.3;

function counts(values: readonly (string | number)[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** Two values each held by a different address over overlapping spans of time. */
function concurrent(obs: readonly TraitObservation[]): boolean {
  const spans = new Map<string, { from: number; to: number; who: Set<string> }>();
  for (const o of obs) {
    const k = String(o.value);
    const s = spans.get(k) ?? { from: o.tsMs, to: o.untilMs, who: new Set<string>() };
    s.from = Math.min(s.from, o.tsMs);
    s.to = Math.max(s.to, o.untilMs);
    s.who.add(o.attackerId);
    spans.set(k, s);
  }
  const list = [...spans.values()];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [a, b] = [list[i]!, list[j]!];
      const disjointHolders = [...a.who].some((w) => !b.who.has(w)) && [...b.who].some((w) => !a.who.has(w));
      if (disjointHolders && a.from <= b.to && b.from <= a.to) return true;
    }
  }
  return false;
}

export function categoricalState(observations: readonly TraitObservation[]): TraitState {
  if (observations.length < MIN_OBS) return 'unknown';
  const obs = [...observations].sort((a, b) => a.tsMs - b.tsMs);
  const recent = obs.slice(-WINDOW);
  const need = Math.min(MAJORITY, recent.length);
  const [top] = counts(recent.map((o) => o.value));
  if (top && top[1] >= need) {
    const [firstTop] = counts(obs.slice(0, WINDOW).map((o) => o.value));
    return firstTop && firstTop[0] !== top[0] ? 'drifting' : 'stable';
  }
  return concurrent(obs) ? 'multi_actor' : 'conflicted';
}

export function numericState(observations: readonly TraitObservation[]): TraitState {
  if (observations.length < MIN_OBS) return 'unknown';
  const xs = [...observations].sort((a, b) => a.tsMs - b.tsMs).map((o) => Number(o.value));
  let ewma = xs[0]!;
  for (const x of xs.slice(1)) ewma = ALPHA * x + (1 - ALPHA) * ewma;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  const dispersion = mean === 0 ? (sd === 0 ? 0 : Infinity) : sd / Math.abs(mean);
  const head = xs.slice(0, MIN_OBS).reduce((s, x) => s + x, 0) / MIN_OBS;
  const shift = head === 0 ? (ewma === 0 ? 0 : Infinity) : Math.abs(ewma - head) / Math.abs(head);
  if (dispersion > 1) return 'conflicted';
  if (shift > 0.3) return 'drifting';
  return dispersion < 0.2 ? 'stable' : 'drifting';
}

/** `multi_actor_suspected`: two or more traits read multi_actor. */
export function multiActorSuspected(states: readonly TraitState[]): boolean {
  return states.filter((s) => s === 'multi_actor').length >= 2;
}
