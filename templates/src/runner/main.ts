// Per-decky runner process: `tsx templates/src/runner/main.ts --decky NAME ...` derives the persona,
// starts every service's template and writes the RFC 5424 event stream to stdout (the host agent's
// local and docker runtimes collect it). Bound ports also go to stderr as one JSON line.
import { archetype as archetypeOf } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import { templateFor } from '../registry';
import { CliError, HelpRequested, parseRunnerArgs, USAGE } from './cli-args';
import { startDeckyRunner, type ListenerSpec } from './runner';

/** Lines queued for a slow stdout reader beyond this are dropped (and counted) rather than buffered. */
const MAX_STDOUT_BACKLOG_BYTES = 16 * 1024 * 1024;

async function main(): Promise<void> {
  const args = parseRunnerArgs(process.argv.slice(2));
  const services = args.services ?? (args.archetype ? [...archetypeOf(args.archetype).services] : ['ssh']);
  const persona = derivePersona({ deckyName: args.decky, archetype: args.archetype, distro: args.distro, nmapOs: args.nmapOs, ip: args.ip, serviceConfig: args.config, services, nowMs: Date.now() });
  const listeners: ListenerSpec[] = [];
  for (const service of services) {
    const template = templateFor(service);
    if (!template) {
      process.stderr.write(`${JSON.stringify({ skipped: service, reason: 'no template' })}\n`);
      continue;
    }
    listeners.push({ service, template, host: args.host, port: args.portMap[service] ?? template.defaultPorts[0] ?? 0, config: args.config[service] ?? {} });
  }
  if (listeners.length === 0) throw new CliError(`no runnable service among: ${services.join(', ')}`);

  let dropped = 0;
  const out = (line: string): void => {
    if (process.stdout.writableLength > MAX_STDOUT_BACKLOG_BYTES) {
      dropped++;
      return;
    }
    process.stdout.write(`${line}\n`);
  };
  const runner = await startDeckyRunner({ decky: args.decky, persona, listeners, out, artifactsDir: args.artifacts, strictMsgids: false });
  process.stderr.write(`${JSON.stringify({ ready: true, decky: args.decky, hostname: persona.hostname, ports: runner.ports })}\n`);

  process.on('uncaughtException', (err) => {
    // Last resort: a template bug outside any session guard is logged, the runner keeps serving.
    process.stderr.write(`${JSON.stringify({ uncaught: String(err?.stack ?? err).slice(0, 2000) })}\n`);
  });
  const stop = (): void => {
    void runner.close().then(() => {
      if (dropped > 0) process.stderr.write(`${JSON.stringify({ droppedLines: dropped })}\n`);
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  if (err instanceof HelpRequested) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  process.stderr.write(`${err instanceof CliError ? `${err.message}\n${USAGE}` : String((err as Error)?.stack ?? err)}\n`);
  process.exit(err instanceof CliError ? 2 : 1);
});
