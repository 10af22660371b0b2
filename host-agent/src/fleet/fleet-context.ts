// Where `deploy`/`teardown` find the host's fleet: the agent config (optional when not enrolled),
// its data directory, whether the control plane owns this host, and whether an agent is running.
import { isRunning, readStatus } from '../agent/status';
import { configPath, loadConfigIfExists } from '../config/load';
import { agentPaths } from '../config/paths';
import { DEFAULT_DATA_DIR } from '../config/schema';
import { localRuntimePaths, readLocalState, type LocalDeckyState } from '../runtime/local/state-file';
import { localDesiredPath } from './local-desired';

export interface FleetContext {
  dataDir: string;
  desiredFile: string;
  /** Enrolled agents take their deckies from the control plane only. */
  controlPlaneUrl: string | undefined;
  runtime: string;
  agentRunning(): boolean;
  /** The running agent's local deckies (undefined when its local runtime wrote no state). */
  localDeckies(): LocalDeckyState[] | undefined;
}

export function fleetContext(flags: { 'agent-config'?: string | undefined; 'data-dir'?: string | undefined }): FleetContext {
  const config = loadConfigIfExists(configPath(flags['agent-config']));
  const dataDir = flags['data-dir'] ?? config?.dataDir ?? DEFAULT_DATA_DIR;
  const paths = agentPaths({ dataDir, ...(config && { bus: config.bus }) });
  const staleAfterMs = Math.max(10_000, (config?.statusIntervalMs ?? 2000) * 3);
  return {
    dataDir,
    desiredFile: localDesiredPath(dataDir),
    controlPlaneUrl: config?.controlPlane?.mtlsUrl,
    runtime: config?.runtime ?? 'local',
    agentRunning: () => {
      const s = readStatus(paths.status);
      return Boolean(s && isRunning(s, staleAfterMs));
    },
    localDeckies: () => readLocalState(localRuntimePaths(dataDir).state)?.deckies,
  };
}

/** Polls until `done` holds or timeoutMs passes; true when it held. */
export async function waitFor(done: () => boolean, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
