// Runner process: `tsx templates/src/runner/main.ts --decky NAME ...` derives the persona, starts every
// service's template and writes the RFC 5424 event stream to stdout (docker collects it) or, with
// --log-file, straight to a file. `main.ts --group ID` hosts several deckies that the local runtime
// starts and stops over stdin (group.ts). Status goes to stderr as JSON lines.
import { linkAgent } from './agent-link';
import { CliError, HelpRequested, parseRunnerArgs, USAGE } from './cli-args';
import { hostDecky } from './decky-host';
import { parseGroupArgs, runGroup } from './group';

const status = (o: Record<string, unknown>): void => void process.stderr.write(`${JSON.stringify(o)}\n`);

function onSignals(stop: () => void): void {
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function main(): Promise<void> {
  // A reader that went away (the agent was killed) must not turn every later write into an uncaught error.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const argv = process.argv.slice(2);
  const group = parseGroupArgs(argv);
  if (group) {
    const g = runGroup({ ...group, input: process.stdin, status, onDone: () => process.exit(0) });
    // Last resort: a template bug outside any session guard is logged (with its decky when known), the group keeps serving.
    process.on('uncaughtException', (err) => {
      const decky = g.currentDecky();
      status({ uncaught: String(err?.stack ?? err).slice(0, 2000), ...(decky && { decky }) });
    });
    onSignals(() => void g.stopAll());
    return;
  }
  const args = parseRunnerArgs(argv);
  const decky = await hostDecky(args, status);
  process.on('uncaughtException', (err) => {
    // Last resort: a template bug outside any session guard is logged, the runner keeps serving.
    status({ uncaught: String(err?.stack ?? err).slice(0, 2000) });
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void decky.close().then(() => process.exit(0));
  };
  onSignals(stop);
  if (decky.sink) {
    // Its agent died: keep serving for a while (every line still lands in the file, which the next
    // agent's collector resumes; that agent also reaps this runner), then stop rather than run unobserved.
    linkAgent({ input: process.stdin, sink: decky.sink, status, onAgentGone: () => setTimeout(stop, args.orphanGraceMs) });
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
