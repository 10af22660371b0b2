// The public view of a sensor host, with liveness derived from its last heartbeat.
import type { HostRow } from '../../db/schema';

export const HOST_ONLINE_MS = 90_000;
export const HOST_STALE_MS = 300_000;

export type HostLiveness = 'pending' | 'online' | 'stale' | 'offline' | 'decommissioned';

export interface HostView {
  id: string;
  name: string;
  status: HostLiveness;
  agentVersion: string | null;
  certFingerprint: string | null;
  lastHeartbeatAt: string | null;
  createdAt: string;
  heartbeat: unknown;
}

export function hostLiveness(h: Pick<HostRow, 'status' | 'lastHeartbeatAtMs'>, nowMs: number): HostLiveness {
  if (h.status === 'decommissioned') return 'decommissioned';
  if (h.lastHeartbeatAtMs == null) return 'pending';
  const age = nowMs - h.lastHeartbeatAtMs;
  return age <= HOST_ONLINE_MS ? 'online' : age <= HOST_STALE_MS ? 'stale' : 'offline';
}

export function toHostView(h: HostRow, nowMs: number): HostView {
  let heartbeat: unknown = null;
  try {
    heartbeat = h.heartbeatJson ? JSON.parse(h.heartbeatJson) : null;
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
  };
}
