// One convergence pass: network, plans (addresses, personas, hashes), then remove what is stale or
// undesired and create or start what is missing. Per-decky failures are recorded, never thrown.
import { chown, mkdir } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import type { DeckySpec } from '@decnet/protocol';
import { baseContainerSpec, servicesContainerSpec } from './container-specs';
import { converge, observe, type DeckyActions, type Observed } from './converge';
import { applyCustomServices } from './custom-containers';
import { applyHighInteraction, HI_ROLE } from './hi-container';
import { releaseHiDisk } from './hi-disk';
import { planDecky, type DeckyPlan, type ImageIds, type Placement } from './decky-plan';
import type { DeckyNotes } from './decky-state';
import { allocateIps } from './ip-alloc';
import { ensureNetwork, isNotFound, removeManagedNetworks } from './macvlan-network';
import { labelKeys, RUNNER_UID, type ResolvedOptions } from './options';

export interface FleetContext {
  docker: Dockerode;
  opts: ResolvedOptions;
  /** Stops a services container and lets its log followers drain before it is removed. */
  retire(id: string): Promise<void>;
  deckyDone(name: string, notes: DeckyNotes): void;
  warn(message: string): void;
}

export async function listManaged(docker: Dockerode, opts: ResolvedOptions): Promise<Observed[]> {
  const all = await docker.listContainers({ all: true, filters: { label: [`${labelKeys(opts.labelPrefix).managed}=true`] } });
  return all.map((c) => observe(c, opts.labelPrefix, opts.network.name));
}

export async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Never throws: a container that cannot be removed is reported and retried on the next pass. */
export async function removeContainer(ctx: FleetContext, o: Observed): Promise<void> {
  try {
    if (o.role === 'services' && o.state === 'running') await ctx.retire(o.id);
    await ctx.docker.getContainer(o.id).remove({ force: true, v: true });
    if (o.role === HI_ROLE && o.decky) await releaseHiDisk(ctx.opts, o.decky);
  } catch (e) {
    if (!isNotFound(e)) ctx.warn(`remove ${o.name}: ${(e as Error).message}`);
  }
}

async function imageIds(docker: Dockerode, opts: ResolvedOptions): Promise<ImageIds> {
  const id = async (ref: string): Promise<string> => {
    try {
      return (await docker.getImage(ref).inspect()).Id;
    } catch (e) {
      throw new Error(isNotFound(e) ? `image ${ref} not found: build templates/Dockerfile (scripts/docker/build-base-image.sh for an offline base)` : `image ${ref}: ${(e as Error).message}`);
    }
  };
  return { image: await id(opts.image), baseImage: opts.baseImage === opts.image ? await id(opts.image) : await id(opts.baseImage) };
}

async function ensureArtifactsDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o750 });
  // The runner runs as the image's unprivileged user; without root we leave ownership alone.
  await chown(dir, RUNNER_UID, RUNNER_UID).catch(() => undefined);
}

/** Creates or starts what a decky is missing; returns its base container's id. */
async function realize(ctx: FleetContext, a: DeckyActions): Promise<string> {
  const { docker, opts } = ctx;
  const { plan } = a;
  let baseId = a.base?.id;
  if (!baseId) {
    const c = await docker.createContainer(baseContainerSpec(opts, plan, plan.baseHash));
    baseId = c.id;
    await c.start();
  } else if (a.base?.state !== 'running') {
    await docker.getContainer(baseId).start();
  }
  if (!a.svc) {
    await ensureArtifactsDir(plan.hostArtifactsDir);
    const c = await docker.createContainer(servicesContainerSpec(opts, plan, plan.svcHash, baseId));
    await c.start();
  } else if (a.svc.state === 'exited' || a.svc.state === 'created') {
    await docker.getContainer(a.svc.id).start();
  } else if (a.svc.state === 'running' && (await startedAfter(docker, baseId, a.svc.id))) {
    // The base restarted under a running services container (new netns): rejoin it.
    await docker.getContainer(a.svc.id).restart({ t: 5 });
  }
  return baseId;
}

async function startedAfter(docker: Dockerode, baseId: string, svcId: string): Promise<boolean> {
  const [b, s] = await Promise.all([docker.getContainer(baseId).inspect(), docker.getContainer(svcId).inspect()]);
  return Date.parse(b.State.StartedAt) > Date.parse(s.State.StartedAt);
}

/**
 * Converges docker on `specs`; outcomes go to `ctx.deckyDone` per decky. `placements` put topology
 * deckies on their first LAN (an Error: the decky cannot be placed and is not run).
 */
export async function applyFleet(ctx: FleetContext, specs: readonly DeckySpec[], placements: ReadonlyMap<string, Placement | Error> = new Map()): Promise<void> {
  const { docker, opts } = ctx;
  const desired = new Set(specs.map((s) => s.name));
  let observed = await listManaged(docker, opts);
  let images: ImageIds;
  try {
    images = await imageIds(docker, opts);
    await ensureNetwork(docker, opts, async () => {
      await mapLimit(observed, opts.concurrency, (o) => removeContainer(ctx, o));
      observed = [];
    });
  } catch (e) {
    // Cannot create anything: drop only what is not desired, leave running deckies alone.
    await mapLimit(observed.filter((o) => !o.decky || !desired.has(o.decky)), opts.concurrency, (o) => removeContainer(ctx, o));
    for (const s of specs) ctx.deckyDone(s.name, { error: (e as Error).message });
    return;
  }
  // Topology deckies on the configured network (a DMZ sharing it) hold their addresses: flat ones avoid them.
  const held = [...placements].flatMap(([name, p]) => (p instanceof Error || p.network !== opts.network.name ? [] : [{ name: `\0${name}`, explicit: p.ip }]));
  const ips = allocateIps(
    [...held, ...specs.filter((s) => !placements.has(s.name)).map((s) => ({ name: s.name, explicit: s.ip, current: observed.find((o) => o.decky === s.name && o.role === 'base')?.ip }))],
    opts.network,
  );
  const plans: DeckyPlan[] = [];
  for (const s of specs) {
    const placed = placements.get(s.name);
    const ip = placed instanceof Error ? placed : (placed?.ip ?? ips.get(s.name));
    const plan = ip instanceof Error || ip === undefined ? (ip ?? new Error('no address')) : planDecky(s, ip, opts, images, placed instanceof Error ? undefined : placed);
    if (plan instanceof Error) ctx.deckyDone(s.name, { error: plan.message });
    else plans.push(plan);
  }
  const result = converge(observed, plans);
  await mapLimit(result.remove, opts.concurrency, (o) => removeContainer(ctx, o));
  await mapLimit(result.deckies, opts.concurrency, async (a) => {
    try {
      const baseId = await realize(ctx, a);
      const customProblems = await applyCustomServices(docker, opts, a.plan.spec, baseId, observed);
      customProblems.push(...(await applyHighInteraction(docker, opts, a.plan.spec, baseId, observed)).problems);
      ctx.deckyDone(a.plan.name, { missingServices: a.plan.missingServices, ...(customProblems.length > 0 && { customProblems }) });
    } catch (e) {
      ctx.deckyDone(a.plan.name, { error: `docker: ${(e as Error).message}` });
    }
  });
  for (const err of await removeManagedNetworks(docker, opts, true)) ctx.warn(err);
}
