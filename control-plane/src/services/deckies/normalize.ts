// Turns a requested decky into what gets stored: archetype services when none are given, a seeded
// pick when neither is, only services the fleet knows, and a host to run on.
import { archetype, isArchetypeSlug, isServiceSlug, parseCustomService, type DeckySpec } from '@decnet/protocol';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { hosts } from '../../db/schema';
import { AppError } from '../../errors';

/** What DECNET does for a decky with neither services nor archetype: a random pick (seeded here). */
function seededPick(name: string, pool: readonly string[], n: number): string[] {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  const left = [...pool];
  const out: string[] = [];
  while (out.length < n && left.length) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    out.push(left.splice(h % left.length, 1)[0]!);
  }
  return out;
}

/**
 * `offered`: what the target host reported it can run. A decky with neither services nor archetype
 * gets two of those; before the host's first heartbeat there is nothing to pick from (clear error).
 */
export function normalizeSpec(spec: DeckySpec, offered?: readonly string[]): DeckySpec {
  let services = spec.services;
  if (services.length === 0) {
    services = spec.archetype && isArchetypeSlug(spec.archetype) ? [...archetype(spec.archetype).services] : seededPick(spec.name, offered ?? [], 2);
    if (services.length === 0) {
      throw new AppError('validation_failed', `Decky '${spec.name}': name its services or an archetype (the host has not reported which services it can run yet)`, { decky: spec.name });
    }
  }
  // A name that is no built-in service is a custom (BYOS) one when its config defines the image.
  const custom = services.filter((s) => !isServiceSlug(s) && spec.serviceConfig[s]?.binary !== undefined);
  for (const s of custom) {
    const d = parseCustomService(s, spec.serviceConfig[s]);
    if (typeof d === 'string') throw new AppError('validation_failed', `Decky '${spec.name}': ${d}`, { decky: spec.name, service: s });
  }
  const unknown = services.filter((s) => (!isServiceSlug(s) || s === 'sniffer') && !custom.includes(s));
  if (unknown.length) {
    throw new AppError('validation_failed', `Decky '${spec.name}': unknown service(s) ${unknown.join(', ')}`, { decky: spec.name, unknown });
  }
  const serviceConfig = Object.fromEntries(Object.entries(spec.serviceConfig).filter(([svc]) => services.includes(svc)));
  return { ...spec, services, serviceConfig };
}

/** The given active host, or the only active host when none is given. */
export async function resolveHostId(deps: AppDeps, hostId: string | undefined): Promise<string> {
  if (hostId) {
    const h = await deps.db.select({ id: hosts.id }).from(hosts).where(and(eq(hosts.id, hostId), eq(hosts.status, 'active'))).get();
    if (!h) throw new AppError('validation_failed', `No active host with id '${hostId}'`);
    return h.id;
  }
  const active = await deps.db.select({ id: hosts.id }).from(hosts).where(eq(hosts.status, 'active')).limit(2);
  if (active.length === 1) return active[0]!.id;
  throw new AppError('validation_failed', active.length ? 'hostId is required: several hosts are enrolled' : 'No host is enrolled yet: enroll a host agent first');
}
