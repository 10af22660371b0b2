// The public view of a sensor host, with liveness derived from its last heartbeat.
import type { Heartbeat, Host, HostStatus } from '@decnet/protocol';
import type { HostRow } from '../../db/schema';

export const HOST_ONLINE_MS = 90_000;
export const HOST_STALE_MS = 300_000;

export type HostLiveness = HostStatus;

/** The API's Host (protocol): the compiler keeps this view and the OpenAPI schema in step. */
export type HostView = Host;

export function hostLiveness(h: Pick<HostRow, 'status' | 'lastHeartbeatAtMs'>, nowMs: number): HostLiveness {
  if (h.status === 'decommissioned') return 'decommissioned';
  if (h.lastHeartbeatAtMs == null) return 'pending';
  const age = nowMs - h.lastHeartbeatAtMs;
  return age <= HOST_ONLINE_MS ? 'online' : age <= HOST_STALE_MS ? 'stale' : 'offline';
}

export function toHostView(h: HostRow, nowMs: number): HostView {
  let heartbeat: Heartbeat | null = null;
  try {
    // Stored only after HeartbeatSchema accepted it (services/agent/heartbeat.ts).
    heartbeat = h.heartbeatJson ? (JSON.parse(h.heartbeatJson) as Heartbeat) : null;
  } catch {
    heartbeat = null;
  }
  return {
    id: h.id,
    name: h.name,
    status: hostLiveness(h, nowMs),
    agentVersion: h.agentVersion,
    certFingerprint: h.certFingerprint,
    lastHeartbeatAt: h.lastHeartbeatAtMs == null ? null : new Date(h.lastHeartbeatAtMs).toISOString(),
    createdAt: new Date(h.createdAtMs).toISOString(),
    heartbeat,
    proberEnabled: h.proberEnabled ?? null,
    site: h.site ?? null,
    maxDeckies: h.maxDeckies ?? null,
    rotationIntervalMin: h.rotationIntervalMin ?? null,
    decommission: h.status !== 'decommissioned' ? null : h.decommissionAckedAtMs == null ? 'pending' : 'done',
  };
}
