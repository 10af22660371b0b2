// `decnet-agent run`: the daemon. Stops cleanly on SIGINT/SIGTERM (systemd); a SIGKILL loses
// nothing either, since every event is in the spool before anything else happens to it. The daemon
// works from its data directory, never from the caller's (a root home is closed to the service user).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Agent } from '../agent/agent';
import { supervise } from '../agent/updater/supervise';
import { RESTART_EXIT_CODE } from '../agent/updater/updater';
import { configPath, loadConfig } from '../config/load';
import { consoleLog, parse } from './usage';

export async function runCommand(argv: string[]): Promise<number> {
  const a = parse(argv, { config: { type: 'string' }, offline: { type: 'boolean', default: false }, supervise: { type: 'boolean', default: false } });
  const path = configPath(a.config);
  const loaded = loadConfig(path);
  const config = { ...loaded, dataDir: resolve(loaded.dataDir), ...(loaded.bus.socketPath && { bus: { ...loaded.bus, socketPath: resolve(loaded.bus.socketPath) } }) };
  mkdirSync(config.dataDir, { recursive: true, mode: 0o750 });
  process.chdir(config.dataDir); // everything it spawns (runner processes, worker threads' helpers) starts there
  // --supervise: this process only runs the agent from releases/current (self-update, rollback).
  if (a.supervise) process.exit(await supervise({ configPath: resolve(path), dataDir: config.dataDir, log: consoleLog }));
  let restarting = false;
  const restart = () => {
    if (restarting) return;
    restarting = true;
    void agent.stop().finally(() => process.exit(RESTART_EXIT_CODE));
  };
  const selfUpdate = { supervised: process.env.DECNET_AGENT_SUPERVISED === '1', restart, healthDeadlineMs: config.updateHealthDeadlineMs };
  const agent = await Agent.start({ config, log: consoleLog, offline: a.offline, selfUpdate });
  const s = agent.status();
  consoleLog(
    `decnet-agent running (pid ${process.pid}): bus on ${s.bus.socketPath} and ${s.bus.tcpHost}:${s.bus.tcpPort}; ` +
      (s.offline ? 'OFFLINE (events stay in the spool)' : `control plane ${config.controlPlane?.mtlsUrl}`),
  );
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    consoleLog(`${sig}: stopping`);
    agent.stop().then(
      () => process.exit(0),
      (e) => {
        consoleLog(`stop failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: under systemd the agent gets SIGTERM from the unit and from its supervisor; the
  // second one must not kill it in the middle of its clean stop.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return 0;
}
