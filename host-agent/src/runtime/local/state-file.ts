// The local runtime's state file (`<dataDir>/local-runtime/state.json`, atomic rename): every decky
// with its address, pid and bound endpoints, for `deploy`/`teardown`/`status` in another process.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeckyReport } from '@decnet/protocol';
import type { DeckyEndpoint } from './decky-slot';

/** Where the local runtime keeps its files under the agent's data directory. */
export function localRuntimePaths(dataDir: string) {
  return {
    logs: join(dataDir, 'logs'),
    artifacts: join(dataDir, 'artifacts'),
    pids: join(dataDir, 'local-runtime', 'pids'),
    state: join(dataDir, 'local-runtime', 'state.json'),
  };
}

export interface LocalDeckyState extends DeckyReport {
  address: string;
  pid?: number;
  restarts: number;
  endpoints: DeckyEndpoint[];
}

export interface LocalRuntimeState {
  v: 1;
  /** The agent process that runs these deckies. */
  pid: number;
  updatedAt: string;
  deckies: LocalDeckyState[];
}

export function writeLocalState(path: string, state: LocalRuntimeState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o640 });
  renameSync(tmp, path);
}

export function readLocalState(path: string): LocalRuntimeState | undefined {
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as LocalRuntimeState;
    return s?.v === 1 && Array.isArray(s.deckies) ? s : undefined;
  } catch {
    return undefined;
  }
}
