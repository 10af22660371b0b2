// uPlot wrapper: creates the chart once, feeds new data with setData, follows the container's
// width (ResizeObserver) and destroys the instance on unmount. Styled for the dark theme.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import { formatCompact } from '../format/number';
import type { XYData } from './chart-data';

const AXIS = { stroke: '#8593ab', grid: { stroke: 'rgba(148,163,184,0.08)', width: 1 }, ticks: { stroke: 'rgba(148,163,184,0.12)', width: 1 }, font: '11px Inter, system-ui, sans-serif' };

function options(width: number, height: number, label: string, intervalS: number): uPlot.Options {
  const bars = uPlot.paths.bars!({ size: [0.72, 48], gap: 1 });
  return {
    width,
    height,
    padding: [12, 24, 0, 0],
    cursor: { points: { show: false }, drag: { x: false, y: false } },
    legend: { show: true, live: true },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
    axes: [
      { ...AXIS, space: 70 },
      { ...AXIS, size: 46, values: (_u, vals) => vals.map((v) => formatCompact(v)) },
    ],
    series: [
      { value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toLocaleString(undefined, intervalS >= 86_400 ? { dateStyle: 'medium' } : { dateStyle: 'short', timeStyle: 'short' })) },
      { label, stroke: '#38bdf8', width: 1, fill: 'rgba(56,189,248,0.55)', paths: bars, points: { show: false } },
    ],
  };
}

export function BarTimeChart({ data, label, intervalS, height = 220 }: { data: XYData; label: string; intervalS: number; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current!;
    const u = new uPlot(options(el.clientWidth || 600, height, label, intervalS), data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [height, label, intervalS]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div class="chart" ref={host} role="img" aria-label={`${label} over time`} />;
}
