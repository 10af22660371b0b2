// Pure helpers of the Workers view: hosts grouped by site (labelled sites first, alphabetically,
// then the hosts without one), which worker actions make sense, and a command's one-line label.
import type { FleetCommandView, HostWorkers } from '../../api/fleet-control-api';

export const NO_SITE = 'No site';

export interface SiteGroup<T> {
  site: string;
  items: T[];
}

export function groupBySite<T extends { site: string | null; name?: string; hostName?: string }>(items: readonly T[]): SiteGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const key = it.site ?? NO_SITE;
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const label = (t: T) => t.hostName ?? t.name ?? '';
  return [...groups.entries()]
    .sort(([a], [b]) => (a === NO_SITE ? 1 : b === NO_SITE ? -1 : a.localeCompare(b)))
    .map(([site, list]) => ({ site, items: [...list].sort((x, y) => label(x).localeCompare(label(y))) }));
}

/** Workers that carry the control channel: restart only (stopping them would cut the host off). */
const CONTROL_CHANNEL = new Set(['desired-state', 'heartbeat']);

export function workerActions(w: HostWorkers['workers'][number]): Array<'restart' | 'stop' | 'start'> {
  if (w.liveness === 'unknown') return [];
  if (CONTROL_CHANNEL.has(w.name)) return ['restart'];
  return w.state === 'stopped' || w.status === 'stopped' ? ['start'] : ['restart', 'stop'];
}

export function commandLabel(c: Pick<FleetCommandView, 'kind' | 'target' | 'action'>): string {
  return c.kind === 'rotate' ? `rotate ${c.target}` : `${c.action} ${c.target}`;
}
