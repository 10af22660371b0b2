// Pure deploy helpers: the archetype form rendered as DECNET INI (so both deploy paths share the
// server's INI validation and amount= expansion), and deploy progress from polled decky states.
import type { Decky } from '../../api/types';

export interface DeployForm {
  name: string;
  amount: number;
  archetype: string;
  services: string[];
  nmapOs: string;
  mutateIntervalMin: string;
  ip: string;
}

export const DECKY_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

export function formProblem(f: DeployForm): string | null {
  if (!DECKY_NAME_RE.test(f.name)) return 'Name: letters, digits, - and _ (not at the ends), at most 63 characters.';
  if (!Number.isInteger(f.amount) || f.amount < 1 || f.amount > 64) return 'Amount must be between 1 and 64.';
  if (f.amount > 1 && f.ip.trim()) return 'A fixed IP only works with amount 1.';
  if (!f.archetype && f.services.length === 0) return 'Pick an archetype or at least one service.';
  const m = f.mutateIntervalMin.trim();
  if (m && !(/^\d+$/.test(m) && Number(m) >= 1 && Number(m) <= 525_600)) return 'Rotation interval: whole minutes, 1 to 525600.';
  return null;
}

export function formToIni(f: DeployForm): string {
  const lines = [`[${f.name}]`];
  if (f.archetype) lines.push(`archetype = ${f.archetype}`);
  if (f.services.length) lines.push(`services = ${f.services.join(',')}`);
  if (f.nmapOs) lines.push(`nmap_os = ${f.nmapOs}`);
  if (f.mutateIntervalMin.trim()) lines.push(`mutate_interval = ${f.mutateIntervalMin.trim()}`);
  if (f.ip.trim()) lines.push(`ip = ${f.ip.trim()}`);
  if (f.amount > 1) lines.push(`amount = ${f.amount}`);
  return `${lines.join('\n')}\n`;
}

const TERMINAL = new Set(['running', 'failed', 'degraded']);

export interface ProgressItem {
  name: string;
  state: string;
  error: string | null;
}

export interface Progress {
  items: ProgressItem[];
  done: boolean;
  running: number;
  failed: number;
}

/**
 * State of each deployed decky. A report older than the deploy (`deployedAt`, the server's
 * updatedAt) belongs to the previous version of that decky, so it counts as pending.
 */
export function deployProgress(names: readonly string[], deckies: readonly Decky[], deployedAt: Record<string, string>): Progress {
  const byName = new Map(deckies.map((d) => [d.name, d]));
  const items = names.map((name): ProgressItem => {
    const d = byName.get(name);
    const r = d?.reported;
    const since = deployedAt[name];
    const fresh = r && (!since || Date.parse(r.at) >= Date.parse(since));
    if (!d) return { name, state: 'removed', error: null };
    return { name, state: fresh ? r.state : 'pending', error: fresh ? r.error : null };
  });
  const running = items.filter((i) => i.state === 'running' || i.state === 'degraded').length;
  const failed = items.filter((i) => i.state === 'failed' || i.state === 'removed').length;
  return { items, running, failed, done: items.every((i) => TERMINAL.has(i.state) || i.state === 'removed') };
}

/** Reported state for display; deckies the agent has not reported on yet are pending. */
export function deckyState(d: Decky): string {
  return d.reported?.state ?? 'pending';
}
