// Start-up reaping: runner processes (groups of deckies, or single deckies of an older agent) whose
// pid file survived their agent (SIGKILL, OOM, power loss of the agent alone) are stopped, SIGTERM
// then SIGKILL, when /proc confirms they are still our runners.
import type { Log } from '../../workers/worker';
import { isRunnerOf, signalGroup, type PidFiles } from './pid-files';

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function reapOrphans(pidFiles: PidFiles, marker: string, stopTimeoutMs: number, log: Log): Promise<number> {
  let reaped = 0;
  await Promise.all(
    pidFiles.list().map(async (r) => {
      if (isRunnerOf(r, marker)) {
        log(`local runtime: stopping runner ${r.group !== undefined ? `group ${r.group}` : `of ${r.name}`} (pid ${r.pid}) left by a previous agent`);
        signalGroup(r.pid, 'SIGTERM');
        if (!(await gone(r.pid, stopTimeoutMs))) {
          signalGroup(r.pid, 'SIGKILL');
          await gone(r.pid, 2000);
        }
        reaped++;
      }
      pidFiles.remove(r.name);
    }),
  );
  return reaped;
}
