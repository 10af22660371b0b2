// Topology status transitions: every change of status is written with its audited status event in
// the same batch (from, to, reason, at).
import type { TopologyStatus } from '@decnet/protocol';
import { eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { hosts, topologies, topologyStatusEvents, type TopologyRow } from '../../db/schema';
import { bumpDesired } from '../hosts/desired-bump';
import type { Stmt } from './store';

export function statusEventStatement(deps: AppDeps, topologyId: string, from: TopologyStatus | null, to: TopologyStatus, reason: string | null, now: number): Stmt {
  return deps.db.insert(topologyStatusEvents).values({ id: crypto.randomUUID(), topologyId, fromStatus: from, toStatus: to, reason, atMs: now });
}

/** Statements moving `row` to `to` (none when it is already there with the same reason). */
export function transitionStatements(deps: AppDeps, row: TopologyRow, to: TopologyStatus, reason: string | null, now: number, extra: Partial<TopologyRow> = {}): Stmt[] {
  if (row.status === to && row.statusReason === reason) return [];
  const stmts: Stmt[] = [deps.db.update(topologies).set({ status: to, statusReason: reason, updatedAtMs: now, ...extra }).where(eq(topologies.id, row.id))];
  if (row.status !== to) stmts.push(statusEventStatement(deps, row.id, row.status, to, reason, now));
  return stmts;
}

/** Wakes the host agent's desired-state long-poll. */
export function bumpHostStatements(deps: AppDeps, hostId: string): Stmt[] {
  return [...bumpDesired(deps, inArray(hosts.id, [hostId]))];
}
