// Facts the control plane learns from heartbeats: decky state changes, host back online, agent
// worker degraded (statements for the heartbeat's own batch); and host offline, found by the
// delivery tick when heartbeats stop. Ids derive from the previous heartbeat, so a repeated
// heartbeat or a second instance publishes nothing twice.
import { FactTopics, type Fact, type Heartbeat } from '@decnet/protocol';
import { q, type RawSql } from '../../db/raw-sql';
import type { HostRow } from '../../db/schema';
import { HOST_ONLINE_MS } from '../hosts/view';
import { factStatements } from './outbox';

const DECKY_ROWS_PER_STATEMENT = 40; // 2 parameters each, under D1's 100

/** Statements to run in the heartbeat's batch BEFORE the decky rows are updated. */
export function heartbeatFactStatements(host: HostRow, hb: Heartbeat, nowMs: number): RawSql[] {
  const prevMs = host.lastHeartbeatAtMs;
  const facts: Fact[] = [];
  if (prevMs == null || nowMs - prevMs > HOST_ONLINE_MS) {
    facts.push({ id: `host.online:${host.id}:${prevMs ?? 0}`, topic: FactTopics.hostStatus(host.id), type: 'host.online', ts: nowMs, payload: { hostId: host.id, host: host.name, previousHeartbeatMs: prevMs } });
  }
  const before = new Map<string, string>();
  try {
    for (const w of (host.heartbeatJson ? (JSON.parse(host.heartbeatJson) as Heartbeat).workers : [])) before.set(w.name, w.status);
  } catch {
    // an unreadable previous heartbeat: every degraded worker counts as new
  }
  for (const w of hb.workers) {
    if (w.status === 'ok' || before.get(w.name) === w.status) continue;
    facts.push({ id: `worker.degraded:${host.id}:${w.name}:${prevMs ?? 0}`, topic: FactTopics.workerHealth(host.id, w.name), type: 'worker.degraded', ts: nowMs, payload: { hostId: host.id, host: host.name, worker: w.name, status: w.status, previous: before.get(w.name) ?? null } });
  }
  const out = factStatements(facts, nowMs);
  for (let i = 0; i < hb.deckies.length; i += DECKY_ROWS_PER_STATEMENT) {
    const rows = hb.deckies.slice(i, i + DECKY_ROWS_PER_STATEMENT).map((d) => q`(${d.name}, ${d.state})`);
    out.push(q`INSERT INTO webhook_outbox (id, topic, type, ts_ms, payload_json, created_at_ms)
      SELECT 'decky.state_changed:' || d.id || ':' || coalesce(d.reported_at_ms, 0) || ':' || v.column2, 'decnet/decky/' || d.id || '/state', 'decky.state_changed', ${nowMs},
        json_object('deckyId', d.id, 'decky', d.name, 'hostId', d.host_id, 'from', d.reported_state, 'to', v.column2), ${nowMs}
      FROM (VALUES ${q.join(rows)}) v JOIN deckies d ON d.name = v.column1 AND d.host_id = ${host.id}
      WHERE d.reported_state IS NOT v.column2 ON CONFLICT(id) DO NOTHING`);
  }
  return out;
}

/** Hosts whose heartbeats stopped (within the last day): one host.offline fact per silence. */
export function hostOfflineStatement(nowMs: number): RawSql {
  return q`INSERT INTO webhook_outbox (id, topic, type, ts_ms, payload_json, created_at_ms)
    SELECT 'host.offline:' || id || ':' || last_heartbeat_at_ms, 'decnet/system/host/' || id || '/status', 'host.offline', ${nowMs},
      json_object('hostId', id, 'host', name, 'lastHeartbeatMs', last_heartbeat_at_ms), ${nowMs}
    FROM hosts WHERE status != 'decommissioned' AND last_heartbeat_at_ms < ${nowMs - HOST_ONLINE_MS} AND last_heartbeat_at_ms > ${nowMs - 86_400_000}
    ON CONFLICT(id) DO NOTHING`;
}
