// Editing a decky's per-service config as rows, and turning rows back into the API's shape.
import type { ServiceConfig } from '../../api/types';

export interface ConfigRow {
  service: string;
  key: string;
  value: string;
}

export const CONFIG_KEY_RE = /^[A-Za-z0-9_.:/-]{1,64}$/;

export function configToRows(cfg: ServiceConfig): ConfigRow[] {
  return Object.entries(cfg).flatMap(([service, kv]) => Object.entries(kv).map(([key, value]) => ({ service, key, value })));
}

/** The config for the given services, or the first problem found. Blank rows are dropped. */
export function rowsToConfig(rows: readonly ConfigRow[], services: readonly string[]): { config: ServiceConfig } | { problem: string } {
  const config: ServiceConfig = {};
  for (const r of rows) {
    const key = r.key.trim();
    if (!key && !r.value) continue;
    if (!services.includes(r.service)) return { problem: `"${r.service}" is not a service of this decky.` };
    if (!CONFIG_KEY_RE.test(key)) return { problem: `Key "${key}": letters, digits and _ . : / - only (1-64).` };
    const svc = (config[r.service] ??= {});
    if (Object.hasOwn(svc, key)) return { problem: `Key "${key}" is set twice for ${r.service}.` };
    svc[key] = r.value;
  }
  return { config };
}

/** '' -> null (rotation off), otherwise whole minutes 1..525600; undefined when invalid. */
export function parseInterval(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= 525_600 ? n : undefined;
}

export function formatInterval(min: number | null): string {
  if (!min) return 'off';
  if (min % 1440 === 0) return `${min / 1440} d`;
  if (min % 60 === 0) return `${min / 60} h`;
  return `${min} min`;
}
