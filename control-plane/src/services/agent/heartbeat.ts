// Heartbeats: record agent version, worker health and spool counters on the host row, and each
// decky's reported state on its row. Answers with the desired-state version so agents notice changes.
import type { Heartbeat } from '@decnet/protocol';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, hosts, type HostRow } from '../../db/schema';
import { applyTopologyReports } from '../topologies/report';
import { heartbeatFactStatements } from '../webhooks/host-facts';
import { rawQuery } from '../webhooks/outbox';

export async function recordHeartbeat(deps: AppDeps, host: HostRow, hb: Heartbeat): Promise<{ ok: true; desiredVersion: number }> {
  const now = deps.now();
  const updates = [
    deps.db
      .update(hosts)
      .set({ agentVersion: hb.agentVersion, lastHeartbeatAtMs: now, heartbeatJson: JSON.stringify(hb) })
      .where(eq(hosts.id, host.id)),
    // Webhook facts (decky states compared with the rows as they were) commit with the heartbeat.
    ...heartbeatFactStatements(host, hb, now).map((s) => rawQuery(deps.db, s)),
    ...hb.deckies.map((d) =>
      deps.db
        .update(deckies)
        .set({
          reportedState: d.state,
          reportedServicesJson: JSON.stringify(d.services),
          reportedError: d.error ?? null,
          reportedAtMs: now,
        })
        .where(and(eq(deckies.hostId, host.id), eq(deckies.name, d.name))),
    ),
  ] as const;
  await deps.db.batch(updates);
  await applyTopologyReports(deps, host, hb);
  return { ok: true, desiredVersion: host.desiredVersion };
}
