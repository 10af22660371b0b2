// Trigger listings: per token (newest first) and per attacker (the canaries an address set off).
import type { CanaryTrigger } from '@decnet/protocol';
import { desc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { canaryTriggers, type CanaryTriggerRow } from '../../db/schema';

function parse(s: string | null): Record<string, unknown> | null {
  if (s == null) return null;
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function toTriggerView(t: CanaryTriggerRow): CanaryTrigger {
  return {
    id: t.id, tokenId: t.tokenId, via: t.via as CanaryTrigger['via'], at: new Date(t.tsMs).toISOString(), srcIp: t.srcIp, attackerId: t.attackerId,
    userAgent: t.userAgent, headers: (parse(t.headersJson) ?? {}) as Record<string, string>, dnsName: t.dnsName, decky: t.decky, service: t.service,
    principal: t.principal, fingerprint: parse(t.fingerprintJson), fingerprintVerified: t.fingerprintVerified,
  };
}

export async function listTriggers(deps: AppDeps, by: { tokenId?: string; attackerId?: string }, limit = 200): Promise<CanaryTrigger[]> {
  const where = by.tokenId ? eq(canaryTriggers.tokenId, by.tokenId) : by.attackerId ? eq(canaryTriggers.attackerId, by.attackerId) : undefined;
  const rows = await deps.db.select().from(canaryTriggers).where(where).orderBy(desc(canaryTriggers.tsMs)).limit(limit);
  return rows.map(toTriggerView);
}
