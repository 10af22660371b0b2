// Summaries of a host's last heartbeat: worker health, decky states, upload spool.
import type { Host } from '../../api/types';

export function workerHealth(h: Host): { ok: number; total: number; bad: string[] } | null {
  const w = h.heartbeat?.workers;
  if (!w) return null;
  const bad = w.filter((x) => x.status !== 'ok').map((x) => x.name);
  return { ok: w.length - bad.length, total: w.length, bad };
}

export function deckyCounts(h: Host): { running: number; total: number } | null {
  const d = h.heartbeat?.deckies;
  if (!d) return null;
  return { running: d.filter((x) => x.state === 'running').length, total: d.length };
}

export function formatUptime(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '—';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}
