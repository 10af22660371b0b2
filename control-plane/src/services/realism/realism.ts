// Realism self-test verbs (issue 17): an admin asks a decky's host for a self-test (the request rides
// in the host's desired state until answered), the agent uploads reports, views read the latest one.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { RealismReportSchema, realismPassed, type RealismReport, type RealismUpload, type SelftestRequest } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { deckies, hosts, realismReports, selftestRequests } from '../../db/schema';
import { AppError } from '../../errors';
import { bumpDesired } from '../hosts/desired-bump';

export async function requestSelftest(deps: AppDeps, deckyName: string, requestedBy?: string): Promise<{ requestId: string; hostId: string }> {
  const d = await deps.db.select({ hostId: deckies.hostId }).from(deckies).where(eq(deckies.name, deckyName)).get();
  if (!d) throw new AppError('not_found', 'Decky not found');
  if (!d.hostId) throw new AppError('conflict', 'The decky is not placed on a host yet');
  const requestId = crypto.randomUUID();
  await deps.db.batch([
    deps.db.insert(selftestRequests).values({ id: requestId, hostId: d.hostId, deckiesJson: JSON.stringify([deckyName]), requestedBy: requestedBy ?? null, requestedAtMs: deps.now() }),
    // Wakes the host's long poll so the agent sees the request now.
    ...bumpDesired(deps, eq(hosts.id, d.hostId)),
  ]);
  return { requestId, hostId: d.hostId };
}

/** The open request for the desired state of a host (oldest first, one at a time). */
export async function pendingSelftest(deps: AppDeps, hostId: string): Promise<SelftestRequest | undefined> {
  const r = await deps.db.select().from(selftestRequests).where(and(eq(selftestRequests.hostId, hostId), isNull(selftestRequests.completedAtMs))).orderBy(selftestRequests.requestedAtMs).get();
  if (!r) return undefined;
  const names = r.deckiesJson ? (JSON.parse(r.deckiesJson) as string[]) : undefined;
  return { requestId: r.id, ...(names ? { deckies: names } : {}) };
}

/** Agent upload: only the host's own deckies are stored; the requests they answer are closed. */
export async function storeRealismReports(deps: AppDeps, hostId: string, upload: RealismUpload): Promise<{ stored: number }> {
  const own = new Set((await deps.db.select({ name: deckies.name }).from(deckies).where(eq(deckies.hostId, hostId)).all()).map((r) => r.name));
  const now = deps.now();
  const rows = upload.reports.filter((r) => own.has(r.decky)).map((r) => ({
    id: crypto.randomUUID(), hostId, deckyName: r.decky, requestId: r.requestId ?? null, ranAtMs: Date.parse(r.ranAt),
    passed: realismPassed(r), failedChecks: r.checks.filter((c) => c.status === 'fail').length, reportJson: JSON.stringify(r), receivedAtMs: now,
  }));
  for (const row of rows) await deps.db.insert(realismReports).values(row);
  for (const id of new Set(upload.reports.map((r) => r.requestId).filter((x): x is string => Boolean(x)))) {
    await deps.db.update(selftestRequests).set({ completedAtMs: now }).where(and(eq(selftestRequests.id, id), eq(selftestRequests.hostId, hostId)));
  }
  return { stored: rows.length };
}

export async function latestRealismReport(deps: AppDeps, deckyName: string): Promise<{ report: RealismReport | null; pendingRequestId: string | null }> {
  const row = await deps.db.select().from(realismReports).where(eq(realismReports.deckyName, deckyName)).orderBy(desc(realismReports.ranAtMs)).get();
  const d = await deps.db.select({ hostId: deckies.hostId }).from(deckies).where(eq(deckies.name, deckyName)).get();
  if (!d) throw new AppError('not_found', 'Decky not found');
  const open = d.hostId ? await pendingSelftest(deps, d.hostId) : undefined;
  return { report: row ? RealismReportSchema.parse(JSON.parse(row.reportJson)) : null, pendingRequestId: open?.requestId ?? null };
}
