// `decnet-agent run --supervise`: the small, never-updated parent that makes self-update safe. It
// starts the agent from `current` (else its own install), restarts it at once when it asks (exit 75,
// a new version was switched in) and with backoff when it crashes. While a switch is on trial it
// watches update.json: a new version that exits, or is not healthy by the deadline, is stopped and
// `current` goes back to the previous version, with the reason kept for the next report.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { AGENT_ROOT } from '../../version';
import { LAUNCHER_REL, sameDir, UpdateLayout } from './layout';
import { RESTART_EXIT_CODE } from './updater';

export interface SuperviseOptions {
  configPath: string;
  dataDir: string;
  log(m: string): void;
  /** This install's own root: what runs when `current` is unset or broken. */
  ownRoot?: string;
  stopGraceMs?: number;
  /** Stops the supervisor and its agent (tests; the daemon stops on SIGTERM/SIGINT). */
  signal?: AbortSignal;
}

const TAIL_BYTES = 400;

export async function supervise(o: SuperviseOptions): Promise<number> {
  const layout = new UpdateLayout(o.dataDir);
  const own = o.ownRoot ?? AGENT_ROOT;
  let child: ChildProcess | undefined;
  let stopping = false;
  let backoffMs = 1000;
  const onSignal = (sig: NodeJS.Signals) => {
    stopping = true;
    child?.kill(sig);
  };
  const onAbort = () => onSignal('SIGTERM');
  if (!o.signal) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  o.signal?.addEventListener('abort', onAbort);
  try {
    while (!stopping) {
      const root = layout.currentRoot() ?? own;
      const trial = layout.readState();
      const onTrial = trial?.phase === 'switching' && sameDir(trial.toRoot, root) ? trial : undefined;
      o.log(`supervisor: starting the agent from ${root}${onTrial ? ` (version ${onTrial.version} on trial)` : ''}`);
      const started = Date.now();
      let tail = '';
      child = spawn(process.execPath, [join(root, LAUNCHER_REL), 'run', '--config', o.configPath], {
        cwd: o.dataDir,
        env: { ...process.env, DECNET_AGENT_SUPERVISED: '1' },
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      child.stderr!.on('data', (d: Buffer) => {
        process.stderr.write(d);
        tail = (tail + d.toString()).slice(-TAIL_BYTES);
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child!.once('exit', (code, signal) => ok({ code, signal })));
      let timedOut = false;
      const watch = onTrial
        ? setInterval(() => {
            const s = layout.readState();
            if (s?.phase !== 'switching' || s.id !== onTrial.id) return clearInterval(watch);
            if (Date.now() > (s.deadlineMs ?? 0)) {
              clearInterval(watch);
              timedOut = true;
              void stopChild(child!, o.stopGraceMs ?? 10_000);
            }
          }, 250)
        : undefined;
      const { code, signal } = await exited;
      clearInterval(watch);
      if (stopping) return code ?? 0;
      const s = layout.readState();
      if (onTrial && s?.phase === 'switching' && s.id === onTrial.id) {
        const lastLine = tail.trim().split('\n').pop()?.slice(0, 300);
        const why = timedOut
          ? `version ${onTrial.version} was not healthy within ${Math.round(((onTrial.deadlineMs ?? started) - started) / 1000)} s (workers up and a heartbeat through); switched back to ${onTrial.fromVersion ?? 'the previous version'}`
          : `version ${onTrial.version} exited (${signal ?? `code ${code}`}) before it was healthy${lastLine ? `: ${lastLine}` : ''}; switched back to ${onTrial.fromVersion ?? 'the previous version'}`;
        layout.rollBack(s, why);
        o.log(`supervisor: ROLLED BACK: ${why}`);
        continue;
      }
      if (code === RESTART_EXIT_CODE) {
        backoffMs = 1000;
        continue;
      }
      o.log(`supervisor: the agent exited (${signal ?? `code ${code}`}); restarting in ${backoffMs} ms`);
      await new Promise((r) => setTimeout(r, backoffMs));
      if (Date.now() - started > 60_000) backoffMs = 1000;
      else backoffMs = Math.min(backoffMs * 2, 30_000);
    }
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

async function stopChild(p: ChildProcess, graceMs: number): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  p.kill('SIGTERM');
  const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
  await new Promise((ok) => p.once('exit', ok));
  clearTimeout(t);
}
