// Bring-your-own services on the docker runtime: each custom service of a decky (INI
// `[custom-<name>]`, carried as that service's config) runs as its own container from the operator's
// image, in the decky's network namespace, with the same limits as the runner. Its stdout lines
// become events: RFC 5424 lines pass as they are, any other line is wrapped (`wrapCustomLine`).
import type Dockerode from 'dockerode';
import { customServiceOf, formatRfc5424, isServiceSlug, type CustomServiceDefinition, type DeckySpec } from '@decnet/protocol';
import type { Observed } from './converge';
import { shortHash } from './decky-plan';
import { isNotFound } from './macvlan-network';
import { labelKeys, type ResolvedOptions } from './options';

export const CUSTOM_ROLE = 'custom';
const REUSABLE = new Set(['running', 'restarting', 'exited', 'created']);

/** The custom services of a decky (names with no built-in template whose config defines an image). */
export function customServicesOf(spec: DeckySpec): CustomServiceDefinition[] {
  return spec.services.filter((s) => !isServiceSlug(s)).flatMap((s) => customServiceOf(spec, s) ?? []);
}

export function customContainerName(opts: Pick<ResolvedOptions, 'namePrefix'>, decky: string, service: string): string {
  // Decky names never contain '.', so `<decky>.c-<svc>` cannot collide with a base or services name.
  return `${opts.namePrefix}${decky}.c-${service}`;
}

export function customContainerSpec(opts: ResolvedOptions, decky: string, def: CustomServiceDefinition, baseId: string, hash: string): Dockerode.ContainerCreateOptions {
  const k = labelKeys(opts.labelPrefix);
  return {
    name: customContainerName(opts, decky, def.name),
    Image: def.image,
    // exec= is what runs (DECNET's meaning): it replaces the image's entrypoint; none keeps the image's own.
    ...(def.argv.length > 0 && { Entrypoint: def.argv.slice(0, 1), Cmd: def.argv.slice(1) }),
    Labels: { [k.managed]: 'true', [k.decky]: decky, [k.role]: CUSTOM_ROLE, [k.specHash]: hash, [`${opts.labelPrefix}.service`]: def.name },
    StopTimeout: 5,
    HostConfig: {
      // The operator's image may need its own root filesystem, but never a capability or more.
      CapDrop: ['ALL'],
      CapAdd: ['NET_BIND_SERVICE'],
      SecurityOpt: ['no-new-privileges'],
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      NetworkMode: `container:${baseId}`,
      Init: true,
      Memory: opts.memoryBytes,
      PidsLimit: 256,
      LogConfig: { Type: 'json-file', Config: { 'max-size': opts.logMaxSize, 'max-file': String(opts.logMaxFiles) } },
    },
  };
}

/** Hash of what would be created (the base id is checked apart through the network mode). */
export function customHash(opts: ResolvedOptions, decky: string, def: CustomServiceDefinition, imageId: string): string {
  return shortHash({ v: 1, spec: customContainerSpec(opts, decky, def, 'BASE', ''), imageId });
}

/**
 * Converges one decky's custom containers on its spec, given its running base: keeps what matches,
 * (re)creates the rest, removes custom containers of services it no longer has. Returns one
 * message per custom service that could not run (its image is missing, docker refused it).
 */
export async function applyCustomServices(docker: Dockerode, opts: ResolvedOptions, spec: DeckySpec, baseId: string, observed: readonly Observed[]): Promise<string[]> {
  const defs = customServicesOf(spec);
  const mine = observed.filter((o) => o.decky === spec.name && o.role === CUSTOM_ROLE);
  const problems: string[] = [];
  const keep = new Set<string>();
  for (const def of defs) {
    let imageId: string;
    try {
      imageId = (await docker.getImage(def.image).inspect()).Id;
    } catch (e) {
      problems.push(`${def.name}: image ${def.image} ${isNotFound(e) ? 'is not on this host (docker pull or load it first)' : `cannot be read: ${(e as Error).message}`}`);
      continue;
    }
    const hash = customHash(opts, spec.name, def, imageId);
    const name = customContainerName(opts, spec.name, def.name);
    const current = mine.find((o) => o.name === name && o.specHash === hash && o.networkMode === `container:${baseId}` && REUSABLE.has(o.state));
    try {
      if (current) {
        keep.add(current.id);
        if (current.state !== 'running') await docker.getContainer(current.id).start();
        continue;
      }
      const stale = mine.find((o) => o.name === name);
      if (stale) await docker.getContainer(stale.id).remove({ force: true }).catch(() => undefined);
      const c = await docker.createContainer(customContainerSpec(opts, spec.name, def, baseId, hash));
      keep.add(c.id);
      await c.start();
    } catch (e) {
      problems.push(`${def.name}: ${(e as Error).message}`);
    }
  }
  for (const o of mine) if (!keep.has(o.id) && !defs.some((d) => customContainerName(opts, spec.name, d.name) === o.name)) await docker.getContainer(o.id).remove({ force: true }).catch(() => undefined);
  return problems;
}

/**
 * A custom service's stdout line as an event line: an RFC 5424 line naming this decky as its host
 * passes as it is; anything else (plain output, or a line claiming another decky) is wrapped as `log`.
 */
export function wrapCustomLine(line: string, decky: string, service: string, at: Date): string {
  if (/^<\d{1,3}>1 /.test(line) && line.split(' ', 4)[2] === decky) return line;
  return formatRfc5424({ hostname: decky, appName: service, msgid: 'log', timestamp: at, params: { line } });
}
