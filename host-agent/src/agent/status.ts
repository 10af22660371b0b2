// The status file the running agent rewrites every few seconds (dataDir/status.json, atomic
// rename) and `decnet-agent status` reads: identity, bus, spool, uplink, heartbeat, workers.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DeckyReport } from '@decnet/protocol';
import type { BrokerStats } from '../bus/broker';
import type { SpoolStats } from '../spool/spool';
import type { UplinkCounters } from '../workers/uplink/uplink-worker';
import type { HeartbeatResult } from '../workers/heartbeat/heartbeat-worker';
import type { WorkerSnapshot } from '../workers/supervisor';
import type { DeckyEndpoint } from '../runtime/local/decky-slot';

export interface AgentStatus {
  v: 1;
  pid: number;
  version: string;
  startedAt: string;
  updatedAt: string;
  offline: boolean;
  /** The control plane decommissioned this host: deckies torn down, identity forgotten. */
  decommissioned?: boolean;
  hostId?: string;
  hostname?: string;
  controlPlane?: { url: string; mtlsUrl?: string };
  bus: { socketPath: string; tcpHost: string; tcpPort?: number; stats?: BrokerStats };
  spool: SpoolStats & { quarantined: number };
  uplink?: UplinkCounters;
  heartbeat?: HeartbeatResult;
  desiredState?: { version?: number; deckies: DeckyReport[]; endpoints?: DeckyEndpoint[] };
  workers: WorkerSnapshot[];
}

export function writeStatus(path: string, status: AgentStatus): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(status, null, 2), { mode: 0o640 });
  renameSync(tmp, path);
}

export function readStatus(path: string): AgentStatus | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as AgentStatus;
  } catch {
    return undefined;
  }
}

/** Running = its pid is alive and it wrote the file recently. */
export function isRunning(s: AgentStatus, staleAfterMs: number, nowMs = Date.now()): boolean {
  if (nowMs - Date.parse(s.updatedAt) > staleAfterMs) return false;
  try {
    process.kill(s.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
