// Per-decky runner process: `tsx templates/src/runner/main.ts --decky NAME ...` derives the persona,
// starts every service's template and writes the RFC 5424 event stream to stdout (docker collects
// it) or, with --log-file, straight to a file (the local runtime). Status goes to stderr as JSON lines.
import { archetype as archetypeOf } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import { serviceListeners, templateFor } from '../registry';
import { linkAgent } from './agent-link';
import { CliError, HelpRequested, parseRunnerArgs, USAGE } from './cli-args';
import { LogFileSink } from './log-file-sink';
import { startDeckyRunner, type ListenerSpec } from './runner';

/** Lines queued for a slow stdout reader beyond this are dropped (and counted) rather than buffered. */
const MAX_STDOUT_BACKLOG_BYTES = 16 * 1024 * 1024;

const status = (o: Record<string, unknown>): void => void process.stderr.write(`${JSON.stringify(o)}\n`);

async function main(): Promise<void> {
  // A reader that went away (the agent was killed) must not turn every later write into an uncaught error.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const args = parseRunnerArgs(process.argv.slice(2));
  const services = args.services ?? (args.archetype ? [...archetypeOf(args.archetype).services] : ['ssh']);
  const persona = derivePersona({ deckyName: args.decky, archetype: args.archetype, distro: args.distro, nmapOs: args.nmapOs, ip: args.ip, serviceConfig: args.config, services, nowMs: Date.now() });
  const listeners: ListenerSpec[] = [];
  for (const service of services) {
    const template = templateFor(service);
    if (!template) {
      status({ skipped: service, reason: 'no template' });
      continue;
    }
    // Every address (a multi-homed decky listens on each of its LANs), the same port on each.
    for (const l of serviceListeners(service) ?? []) {
      for (const host of args.hosts) {
        listeners.push({ service, key: l.key, template: l.template, host, port: args.portMap[l.key] ?? l.port, servicePort: l.port, tls: l.tls, config: args.config[service] ?? {} });
      }
    }
  }
  if (listeners.length === 0) throw new CliError(`no runnable service among: ${services.join(', ')}`);

  let dropped = 0;
  const sink = args.logFile ? new LogFileSink(args.logFile, args.logFileMaxBytes, (name) => status({ logFull: name })) : undefined;
  const out = sink
    ? (line: string): void => sink.write(line)
    : (line: string): void => {
        if (process.stdout.writableLength > MAX_STDOUT_BACKLOG_BYTES) {
          dropped++;
          return;
        }
        process.stdout.write(`${line}\n`);
      };
  const runner = await startDeckyRunner({ decky: args.decky, persona, listeners, out, artifactsDir: args.artifacts, strictMsgids: false });
  status({ ready: true, decky: args.decky, hostname: persona.hostname, ports: runner.ports });

  process.on('uncaughtException', (err) => {
    // Last resort: a template bug outside any session guard is logged, the runner keeps serving.
    status({ uncaught: String(err?.stack ?? err).slice(0, 2000) });
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void runner.close().then(() => {
      dropped += sink?.dropped ?? 0;
      if (dropped > 0) status({ droppedLines: dropped });
      sink?.close();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (sink) {
    // Its agent died: keep serving for a while (every line still lands in the file, which the next
    // agent's collector resumes; that agent also reaps this runner), then stop rather than run unobserved.
    linkAgent({ input: process.stdin, sink, status, onAgentGone: () => setTimeout(stop, args.orphanGraceMs) });
  }
}

main().catch((err: unknown) => {
  if (err instanceof HelpRequested) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  process.stderr.write(`${err instanceof CliError ? `${err.message}\n${USAGE}` : String((err as Error)?.stack ?? err)}\n`);
  process.exit(err instanceof CliError ? 2 : 1);
});
