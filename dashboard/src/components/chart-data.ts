// Turns the histogram API response into uPlot's columnar data, filling empty buckets with zero so
// quiet periods show as gaps in activity rather than as interpolated lines.
import type { Histogram } from '../api/types';

export type XYData = [number[], number[]];

/** Unix-seconds x values every `intervalS` from `fromIso` up to `toIso`, with counts (0 if absent). */
export function histogramSeries(h: Histogram, fromIso: string, toIso: string): XYData {
  const step = h.intervalS;
  const byTs = new Map<number, number>();
  for (const b of h.buckets) {
    const t = Math.floor(Date.parse(b.ts) / 1000);
    if (Number.isFinite(t)) byTs.set(Math.floor(t / step) * step, (byTs.get(Math.floor(t / step) * step) ?? 0) + b.count);
  }
  const start = Math.floor(Date.parse(fromIso) / 1000 / step) * step;
  const end = Math.floor(Date.parse(toIso) / 1000 / step) * step;
  const xs: number[] = [];
  const ys: number[] = [];
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [xs, ys];
  for (let t = start; t <= end && xs.length < 10_000; t += step) {
    xs.push(t);
    ys.push(byTs.get(t) ?? 0);
  }
  return [xs, ys];
}

export function seriesTotal(data: XYData): number {
  return data[1].reduce((a, b) => a + b, 0);
}
