// The convergence decision, pure: given the managed containers docker has and the planned deckies,
// which containers go, which are kept (and started), and which are created.
import type Dockerode from 'dockerode';
import type { DeckyPlan } from './decky-plan';
import { labelKeys } from './options';

/** Bring-your-own service containers (custom-containers.ts converges them after the decky's base). */
const CUSTOM_ROLE = 'custom';
/** High-interaction containers (hi-container.ts converges them after the decky's base). */
const HI_ROLE = 'hi';

export interface Observed {
  id: string;
  name: string;
  decky: string | undefined;
  role: string | undefined;
  specHash: string | undefined;
  /** created | running | paused | restarting | removing | exited | dead */
  state: string;
  status: string;
  networkMode: string | undefined;
  ip: string | undefined;
}

export function observe(c: Dockerode.ContainerInfo, labelPrefix: string, network: string): Observed {
  const k = labelKeys(labelPrefix);
  return {
    id: c.Id,
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    decky: c.Labels[k.decky],
    role: c.Labels[k.role],
    specHash: c.Labels[k.specHash],
    state: c.State,
    status: c.Status,
    networkMode: c.HostConfig?.NetworkMode,
    ip: c.NetworkSettings?.Networks?.[network]?.IPAddress || undefined,
  };
}

export interface DeckyActions {
  plan: DeckyPlan;
  /** Kept base container (started when not running), or undefined: create one. */
  base: Observed | undefined;
  /** Kept services container, or undefined: create one. */
  svc: Observed | undefined;
}

export interface ConvergeResult {
  remove: Observed[];
  deckies: DeckyActions[];
}

const REUSABLE = new Set(['running', 'restarting', 'exited', 'created']);

/**
 * @param plans desired deckies that could be planned (failed ones are absent: their containers go).
 */
export function converge(observed: readonly Observed[], plans: readonly DeckyPlan[]): ConvergeResult {
  const byDecky = new Map<string, Observed[]>();
  const remove: Observed[] = [];
  for (const o of observed) {
    if (!o.decky) remove.push(o);
    else byDecky.set(o.decky, [...(byDecky.get(o.decky) ?? []), o]);
  }
  const planned = new Set(plans.map((p) => p.name));
  for (const [decky, list] of byDecky) if (!planned.has(decky)) remove.push(...list);

  const deckies: DeckyActions[] = [];
  for (const plan of plans) {
    const mine = byDecky.get(plan.name) ?? [];
    const base = mine.find((o) => o.role === 'base' && o.name === plan.baseName && o.specHash === plan.baseHash && REUSABLE.has(o.state));
    // A base that is not running gets a fresh network namespace when started: its services
    // container must join the new one, so it is recreated too.
    const baseHealthy = base?.state === 'running';
    const svc = baseHealthy
      ? mine.find((o) => o.role === 'services' && o.name === plan.svcName && o.specHash === plan.svcHash && o.networkMode === `container:${base.id}` && REUSABLE.has(o.state))
      : undefined;
    for (const o of mine) if (o !== base && o !== svc && o.role !== CUSTOM_ROLE && o.role !== HI_ROLE) remove.push(o);
    deckies.push({ plan, base, svc });
  }
  return { remove, deckies };
}
