// Time formatting for tables and cards: absolute (local, 24 h), relative ("3 min ago"), durations.

const pad = (n: number) => String(n).padStart(2, '0');

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `2026-05-01 14:03:07` in local time; '—' when missing or invalid. */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `14:03:07` local time. */
export function formatClock(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : '—';
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago", or "in 5 min" for future times. */
export function formatRelative(iso: string | null | undefined, nowMs = Date.now()): string {
  const d = parse(iso);
  if (!d) return 'never';
  const diffS = Math.round((nowMs - d.getTime()) / 1000);
  const abs = Math.abs(diffS);
  let text: string;
  if (abs < 5) return 'just now';
  if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)} min`;
  else if (abs < 86_400) text = `${Math.floor(abs / 3600)} h`;
  else text = `${Math.floor(abs / 86_400)} d`;
  return diffS >= 0 ? `${text} ago` : `in ${text}`;
}

/** `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 10 min`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(Math.floor(s % 60))} s`;
  return `${Math.floor(m / 60)} h ${pad(m % 60)} min`;
}

export interface TimeRange {
  key: string;
  label: string;
  durationS: number;
  intervalS: 60 | 300 | 3600 | 86400;
}

export const TIME_RANGES: readonly TimeRange[] = [
  { key: '1h', label: 'Last hour', durationS: 3600, intervalS: 60 },
  { key: '24h', label: 'Last 24 hours', durationS: 86_400, intervalS: 3600 },
  { key: '7d', label: 'Last 7 days', durationS: 7 * 86_400, intervalS: 3600 },
  { key: '30d', label: 'Last 30 days', durationS: 30 * 86_400, intervalS: 86_400 },
];

/** ISO bounds of a range ending now; `from` is aligned down to the bucket interval. */
export function rangeBounds(range: TimeRange, nowMs = Date.now()): { from: string; to: string } {
  const stepMs = range.intervalS * 1000;
  const fromMs = Math.floor((nowMs - range.durationS * 1000) / stepMs) * stepMs;
  return { from: new Date(fromMs).toISOString(), to: new Date(nowMs).toISOString() };
}
