// `decnet-agent teardown --all | --id NAME [--id NAME ...]`: removes local deckies from the local
// fleet file; a running agent stops their runners within a second and this command waits for it.
import { consoleIo, type CliIo } from '../fleet/cli-io';
import { fleetContext, waitFor } from '../fleet/fleet-context';
import { readLocalDesired, removeDeckies, writeLocalDesired } from '../fleet/local-desired';
import { parse, UsageError } from './usage';

export const TEARDOWN_USAGE = 'decnet-agent teardown (--all | --id NAME [--id NAME ...]) [--no-wait] [--timeout S] [--agent-config PATH] [--data-dir DIR]';

export async function teardownCommand(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const a = parse(argv, {
    all: { type: 'boolean', default: false }, id: { type: 'string', multiple: true }, 'no-wait': { type: 'boolean', default: false },
    timeout: { type: 'string' }, 'agent-config': { type: 'string' }, 'data-dir': { type: 'string' },
  });
  const ids = a.id ?? [];
  if (a.all === ids.length > 0) throw new UsageError('give --all or --id NAME (not both)');
  const ctx = fleetContext(a);
  if (ctx.controlPlaneUrl) {
    io.err(`this agent is enrolled (${ctx.controlPlaneUrl}): remove deckies on the control plane`);
    return 1;
  }
  const current = readLocalDesired(ctx.desiredFile);
  const r = removeDeckies(current.deckies, a.all ? 'all' : ids);
  for (const n of r.unknown) io.err(`no local decky named ${n}`);
  if (r.removed.length > 0) {
    const next = writeLocalDesired(ctx.desiredFile, r.deckies);
    io.out(`local fleet v${next.version}: removed ${r.removed.join(', ')}; ${next.deckies.length} left`);
  } else if (a.all) {
    io.out('no local deckies');
  }
  if (r.removed.length > 0 && ctx.agentRunning() && !a['no-wait']) {
    const timeoutS = a.timeout === undefined ? 30 : Number(a.timeout);
    if (!(Number.isInteger(timeoutS) && timeoutS > 0 && timeoutS <= 3600)) throw new UsageError('--timeout must be 1-3600 seconds');
    const gone = () => !(ctx.localDeckies() ?? []).some((d) => r.removed.includes(d.name));
    if (!(await waitFor(gone, timeoutS * 1000))) {
      io.err(`the agent still reports ${r.removed.join(', ')} after ${timeoutS} s; see \`decnet-agent status\``);
      return 1;
    }
    io.out(`stopped: ${r.removed.join(', ')}`);
  }
  return r.unknown.length > 0 ? 1 : 0;
}
