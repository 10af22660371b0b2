// Heartbeats: record agent version, worker health and spool counters on the host row, and each
// decky's reported state on its row. Answers with the desired-state version so agents notice changes.
import type { Heartbeat } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import type { HostRow } from '../../db/schema';
import { q } from '../../db/raw-sql';
import { applyTopologyReports } from '../topologies/report';
import { heartbeatFactStatements } from '../webhooks/host-facts';

export async function recordHeartbeat(deps: AppDeps, host: HostRow, hb: Heartbeat): Promise<{ ok: true; desiredVersion: number }> {
  const now = deps.now();
  // One atomic raw batch (the same on libSQL and D1): the webhook facts compare decky states with the
  // rows as they were, so they run first and commit with the heartbeat.
  await deps.rawBatch([
    ...heartbeatFactStatements(host, hb, now),
    q`UPDATE hosts SET agent_version = ${hb.agentVersion}, last_heartbeat_at_ms = ${now}, heartbeat_json = ${JSON.stringify(hb)} WHERE id = ${host.id}`,
    ...hb.deckies.map(
      (d) =>
        q`UPDATE deckies SET reported_state = ${d.state}, reported_services_json = ${JSON.stringify(d.services)}, reported_error = ${d.error ?? null}, reported_at_ms = ${now}
          WHERE host_id = ${host.id} AND name = ${d.name}`,
    ),
  ]);
  await applyTopologyReports(deps, host, hb);
  return { ok: true, desiredVersion: host.desiredVersion };
}
