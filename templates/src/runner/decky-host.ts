// One decky inside a runner process, from its command line: persona, every service's listeners on
// every address, its event log (stdout, or its own file with --log-file) and its shutdown. main.ts
// hosts one decky per process; group.ts hosts several, each through this.
import { archetype as archetypeOf } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import { serviceListeners, templateFor } from '../registry';
import { CliError, type RunnerArgs } from './cli-args';
import { LogFileSink } from './log-file-sink';
import { startDeckyRunner, type DeckyRunner, type ListenerSpec } from './runner';

/** Lines queued for a slow stdout reader beyond this are dropped (and counted) rather than buffered. */
const MAX_STDOUT_BACKLOG_BYTES = 16 * 1024 * 1024;

export type Status = (o: Record<string, unknown>) => void;

export interface HostedDecky {
  readonly decky: string;
  readonly runner: DeckyRunner;
  /** Its log file (`--log-file`); undefined when it writes stdout. */
  readonly sink: LogFileSink | undefined;
  /** Closes its listeners and sessions (`shutdown` is logged), then its log file. Idempotent. */
  close(): Promise<void>;
}

/** Starts the decky and reports `skipped` services and then `ready` (with the bound ports) through `status`. */
export async function hostDecky(args: RunnerArgs, status: Status): Promise<HostedDecky> {
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
  let runner: DeckyRunner;
  try {
    runner = await startDeckyRunner({ decky: args.decky, persona, listeners, out, artifactsDir: args.artifacts, strictMsgids: false });
  } catch (err) {
    sink?.close();
    throw err;
  }
  status({ ready: true, decky: args.decky, hostname: persona.hostname, ports: runner.ports });
  let closing: Promise<void> | undefined;
  return {
    decky: args.decky,
    runner,
    sink,
    close: () =>
      (closing ??= runner.close().then(() => {
        dropped += sink?.dropped ?? 0;
        if (dropped > 0) status({ droppedLines: dropped });
        sink?.close();
      })),
  };
}
