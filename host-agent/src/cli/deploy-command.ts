// `decnet-agent deploy`: local deckies for an agent that is not enrolled. The deckies go into the
// local fleet file (`<dataDir>/local-desired.json`, atomic); a running agent picks the change up
// within a second and this command waits until its runtime reports them, then prints where they listen.
import { isArchetypeSlug, type DeckySpec } from '@decnet/protocol';
import { readFileSync } from 'node:fs';
import { consoleIo, table, type CliIo } from '../fleet/cli-io';
import { deckiesFromFlags, deckiesFromIni, type DeployPlan } from '../fleet/deploy-spec';
import { fleetContext, waitFor } from '../fleet/fleet-context';
import { readLocalDesired, upsertDeckies, writeLocalDesired } from '../fleet/local-desired';
import { availableServices } from '../fleet/service-catalogue';
import type { LocalDeckyState } from '../runtime/local/state-file';
import { parse, UsageError } from './usage';

export const DEPLOY_USAGE = 'decnet-agent deploy (--config FLEET.ini | [--deckies N] --archetype A | --services a,b | --randomize-services) [--prefix NAME] [--mutate-interval MIN] [--replace] [--dry-run] [--no-wait] [--timeout S] [--agent-config PATH] [--data-dir DIR]';

const SETTLED = new Set(['running', 'degraded', 'failed']);

export async function deployCommand(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const a = parse(argv, {
    config: { type: 'string', short: 'c' }, deckies: { type: 'string', short: 'n' }, archetype: { type: 'string', short: 'a' },
    services: { type: 'string' }, prefix: { type: 'string' }, 'randomize-services': { type: 'boolean', default: false }, 'mutate-interval': { type: 'string' },
    replace: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, 'no-wait': { type: 'boolean', default: false },
    timeout: { type: 'string' }, 'agent-config': { type: 'string' }, 'data-dir': { type: 'string' },
  });
  const mutate = a['mutate-interval'] === undefined ? undefined : int(a['mutate-interval'], '--mutate-interval', 0, 525_600);
  const plan = buildPlan(a, mutate || undefined);
  for (const w of plan.warnings) io.err(`warning: ${w}`);
  if (a['dry-run']) {
    io.out(JSON.stringify(plan.deckies, null, 2));
    return 0;
  }
  const ctx = fleetContext(a);
  if (ctx.controlPlaneUrl) {
    io.err(`this agent is enrolled (${ctx.controlPlaneUrl}): its deckies come from the control plane; deploy from the dashboard or the control plane API`);
    return 1;
  }
  const current = readLocalDesired(ctx.desiredFile);
  const next = writeLocalDesired(ctx.desiredFile, upsertDeckies(current.deckies, plan.deckies, a.replace));
  io.out(`local fleet v${next.version}: ${next.deckies.length} decky(ies); deployed ${plan.deckies.map((d) => d.name).join(', ')} (${ctx.desiredFile})`);
  if (!ctx.agentRunning()) {
    io.out('the agent is not running: start it with `decnet-agent run --offline` and it will run them');
    return 0;
  }
  if (a['no-wait']) return 0;
  const timeoutMs = (a.timeout === undefined ? 60 : int(a.timeout, '--timeout', 1, 3600)) * 1000;
  const settled = (): LocalDeckyState[] | undefined => {
    const have = ctx.localDeckies() ?? [];
    const got = plan.deckies.map((d) => have.find((h) => h.name === d.name && sameServices(h.services, d) && SETTLED.has(h.state)));
    return got.every(Boolean) ? (got as LocalDeckyState[]) : undefined;
  };
  if (!(await waitFor(() => settled() !== undefined, timeoutMs))) {
    io.err(`the agent has not reported all of them after ${timeoutMs / 1000} s; see \`decnet-agent status\``);
    return 1;
  }
  const states = settled()!;
  io.out(renderDeckies(states));
  return states.some((s) => s.state === 'failed') ? 1 : 0;
}

function buildPlan(a: Record<string, string | boolean | undefined>, mutate: number | undefined): DeployPlan {
  const pool = availableServices();
  if (typeof a.config === 'string') {
    if (a.deckies || a.archetype || a.services || a.prefix || a['randomize-services']) throw new UsageError('--config takes the whole fleet from the INI file; drop the other fleet flags');
    let text: string;
    try {
      text = readFileSync(a.config, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${a.config}: ${(e as Error).message}`);
    }
    return deckiesFromIni(text, pool, mutate);
  }
  const arch = a.archetype as string | undefined;
  if (arch !== undefined && !isArchetypeSlug(arch)) throw new UsageError(`unknown archetype "${arch}" (see decnet-agent archetypes)`);
  const services = typeof a.services === 'string' ? a.services.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const count = typeof a.deckies === 'string' ? int(a.deckies, '--deckies', 1, 100) : 1;
  const prefix = typeof a.prefix === 'string' ? a.prefix : undefined;
  return deckiesFromFlags({ count, ...(prefix && { prefix }), ...(arch && { archetype: arch }), ...(services && { services }), randomizeServices: Boolean(a['randomize-services']), ...(mutate && { mutateIntervalMin: mutate }) }, pool);
}

function int(v: string, flag: string, min: number, max: number): number {
  const n = /^\d{1,7}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be an integer ${min}-${max}`);
  return n;
}

const sameServices = (a: readonly string[], d: DeckySpec): boolean => a.length === d.services.length && d.services.every((s) => a.includes(s));

export function renderDeckies(states: readonly LocalDeckyState[]): string {
  const rows = states.map((s) => [
    s.name, s.state, s.address,
    s.endpoints.map((e) => `${e.service} ${e.host}:${e.port}${e.mapped ? ` (real ${e.wantedPort})` : ''}`).join(', ') || '-',
    s.error ?? '',
  ]);
  return table(['DECKY', 'STATE', 'ADDRESS', 'LISTENING', 'NOTE'], rows);
}
