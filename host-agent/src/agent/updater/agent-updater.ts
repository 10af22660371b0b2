// How the agent builds its updater (agent.ts wires it): the mTLS identity and client it already has,
// the health it can see (workers, last heartbeat) and the restart `run` provides.
import type { MtlsClient } from '../../uplink/mtls-client';
import type { MtlsIdentity } from './fetch-bundle';
import { Updater } from './updater';

export interface SelfUpdateOptions {
  /** Started by `run --supervise` (which sets DECNET_AGENT_SUPERVISED=1). */
  supervised: boolean;
  /** Stop the agent and exit with RESTART_EXIT_CODE. */
  restart(): void;
  healthDeadlineMs?: number;
}

export interface WorkerState {
  state: string;
}

/** Healthy: no worker starting or restarting (an admin-stopped one is fine) and the last heartbeat went through. */
export function agentHealthy(workers: readonly WorkerState[], lastHeartbeatOk: boolean | undefined): boolean {
  return lastHeartbeatOk === true && workers.length > 0 && workers.every((w) => w.state === 'running' || w.state === 'stopped');
}

export function agentUpdater(o: SelfUpdateOptions, d: { dataDir: string; identity: MtlsIdentity; client: MtlsClient; log(m: string): void; healthy(): boolean }): Updater {
  // Healthy on four checks in a row (a second): a crash-looping worker is not caught "running" once.
  let streak = 0;
  return new Updater({
    dataDir: d.dataDir,
    identity: d.identity,
    call: (c) => d.client.call(c),
    supervised: o.supervised,
    restart: o.restart,
    log: d.log,
    ...(o.healthDeadlineMs !== undefined && { healthDeadlineMs: o.healthDeadlineMs }),
    healthy: () => (streak = d.healthy() ? streak + 1 : 0) >= 4,
  });
}
