// A runner group (local runtime, `main.ts --group ID`): one process that hosts several deckies, so
// they share one Node's baseline memory. The agent drives it with JSON lines on stdin: {"start":{
// "decky","argv"}} (a single runner's command line, --log-file required), {"stop":"<decky>"} and
// {"logFile":"<n>.log","decky"}; every status line on stderr names its decky (`ready`, `skipped`,
// `startFailed`, `stopped`, `logFull`, `logSwitched`, `uncaught` when known). EOF on stdin: the agent
// is gone, so after the grace period every decky stops and the process exits.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable } from 'node:stream';
import { DECKY_NAME_RE } from '@decnet/protocol';
import { z } from 'zod';
import { switchLog } from './agent-link';
import { CliError, parseRunnerArgs } from './cli-args';
import { readCommandLines } from './command-lines';
import { hostDecky, type HostedDecky, type Status } from './decky-host';

/** A start command carries a decky's whole config (the agent caps it at 100 KiB); more is not ours. */
const MAX_COMMAND_BYTES = 1024 * 1024;
const GROUP_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_ORPHAN_GRACE_MS = 60_000;

const DeckyName = z.string().regex(DECKY_NAME_RE);
const Command = z.union([
  z.object({ start: z.object({ decky: DeckyName, argv: z.array(z.string().max(MAX_COMMAND_BYTES)).max(64) }) }),
  z.object({ stop: DeckyName }),
  z.object({ logFile: z.string().max(64), decky: DeckyName }),
]);

export interface GroupArgs {
  group: string;
  orphanGraceMs: number;
}

/** `--group ID [--orphan-grace-ms MS]`, or undefined when argv is a single decky's command line. */
export function parseGroupArgs(argv: readonly string[]): GroupArgs | undefined {
  if (argv[0] !== '--group') return undefined;
  const group = argv[1] ?? '';
  if (!GROUP_ID_RE.test(group)) throw new CliError('--group: want an id of letters, digits, - and _');
  const rest = argv.slice(2);
  if (rest.length === 0) return { group, orphanGraceMs: DEFAULT_ORPHAN_GRACE_MS };
  if (rest.length !== 2 || rest[0] !== '--orphan-grace-ms' || !/^\d{1,9}$/.test(rest[1]!)) throw new CliError('group mode takes only --orphan-grace-ms MS');
  return { group, orphanGraceMs: Number(rest[1]) };
}

interface Entry {
  /** Settles once the decky is serving (or failed to start). */
  started: Promise<HostedDecky | undefined>;
  stopping?: Promise<void>;
}

export interface GroupOptions extends GroupArgs {
  input: Readable;
  status: Status;
  /** Called once, after every decky has stopped (SIGTERM, or the agent gone for the grace period). */
  onDone: () => void;
}

export interface RunnerGroupHandle {
  /** Stops every decky, then onDone. */
  stopAll(): Promise<void>;
  /** The decky whose code is running now, when the async context knows it (for `uncaught` reports). */
  currentDecky(): string | undefined;
}

export function runGroup(o: GroupOptions): RunnerGroupHandle {
  const deckies = new Map<string, Entry>();
  const context = new AsyncLocalStorage<string>();
  let done: Promise<void> | undefined;

  const start = (decky: string, argv: string[]): void => {
    const statusOf: Status = (s) => o.status({ ...s, decky });
    if (deckies.has(decky)) return statusOf({ startFailed: decky, reason: 'already running in this group' });
    const started = (async (): Promise<HostedDecky | undefined> => {
      try {
        const args = parseRunnerArgs(argv);
        if (args.decky !== decky) throw new CliError(`--decky ${args.decky.slice(0, 64)} in the start command of ${decky}`);
        if (!args.logFile) throw new CliError('a decky in a group needs --log-file');
        return await context.run(decky, () => hostDecky(args, statusOf));
      } catch (err) {
        deckies.delete(decky);
        statusOf({ startFailed: decky, usage: err instanceof CliError, reason: String((err as Error)?.message ?? err).slice(0, 1000) });
        return undefined;
      }
    })();
    deckies.set(decky, { started });
  };

  const stop = (decky: string): Promise<void> => {
    const e = deckies.get(decky);
    if (!e) {
      o.status({ stopped: decky, decky });
      return Promise.resolve();
    }
    return (e.stopping ??= e.started.then(async (h) => {
      if (!h) return; // it failed to start and said so
      await h.close();
      deckies.delete(decky);
      o.status({ stopped: decky, decky });
    }));
  };

  const stopAll = (): Promise<void> =>
    (done ??= Promise.all([...deckies.keys()].map(stop)).then(() => o.onDone()));

  readCommandLines({
    input: o.input,
    maxLineBytes: MAX_COMMAND_BYTES,
    // The agent died: keep serving for a while (every line still lands in the files, which the next
    // agent's collector resumes; that agent also reaps this group), then stop rather than run unobserved.
    onEnd: () => void setTimeout(() => void stopAll(), o.orphanGraceMs),
    onCommand: (raw) => {
      const parsed = Command.safeParse(raw);
      if (!parsed.success || done) return;
      const cmd = parsed.data;
      if ('start' in cmd) start(cmd.start.decky, cmd.start.argv);
      else if ('stop' in cmd) void stop(cmd.stop);
      else void deckies.get(cmd.decky)?.started.then((h) => h?.sink && switchLog(h.sink, cmd.logFile, o.status, { decky: cmd.decky }));
    },
  });
  return { stopAll, currentDecky: () => context.getStore() };
}
