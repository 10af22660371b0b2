// What one decky looks like in docker: names, address, persona (hostname, MAC, OS family), the OS
// fingerprint sysctls, the runner's argv, and the spec hashes that say when a container is stale.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DECKY_NAME_RE, type DeckySpec, type OsFamily, sysctlsFor } from '@decnet/protocol';
import { derivePersona, personaTtl, templateFor } from '@decnet/templates';
import { baseContainerSpec, servicesContainerSpec } from './container-specs';
import { customServicesOf } from './custom-containers';
import { hiServicesOf } from './hi-container';
import { CONTAINER_ARTIFACTS_DIR, type ResolvedOptions } from './options';

/** Everything a decky's containers are built from (container-specs.ts turns it into create options). */
export interface DeckyDraft {
  name: string;
  spec: DeckySpec;
  ip: string;
  hostname: string;
  domain: string;
  mac: string;
  osFamily: OsFamily;
  sysctls: Record<string, string>;
  /** Services that have no template in this build (the runner skips them). */
  missingServices: string[];
  baseName: string;
  svcName: string;
  runnerArgs: string[];
  hostArtifactsDir: string;
  /** Topology deckies: the network the base is created on (its first LAN) and the topology id. */
  network?: string;
  topologyId?: string;
}

/** Where a topology decky's base starts (its other LANs are connected to the live container). */
export interface Placement {
  network: string;
  ip: string;
  topologyId: string;
  forwards: boolean;
}

/** A draft plus the hashes of its two create specs: a container whose label differs is stale. */
export interface DeckyPlan extends DeckyDraft {
  baseHash: string;
  svcHash: string;
}

/** Deterministic JSON (sorted keys) so equal specs hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function shortHash(v: unknown): string {
  return createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 16);
}

export function containerNames(opts: Pick<ResolvedOptions, 'namePrefix'>, decky: string): { base: string; svc: string } {
  // Decky names never contain '.', so `<decky>.svc` cannot collide with another decky's base name.
  return { base: `${opts.namePrefix}${decky}`, svc: `${opts.namePrefix}${decky}.svc` };
}

export interface ImageIds {
  image: string;
  baseImage: string;
}

export function planDecky(spec: DeckySpec, ip: string, opts: ResolvedOptions, images: ImageIds, placement?: Placement): DeckyPlan | Error {
  // Names become container names and a host path: re-check even though the schema already did.
  if (!DECKY_NAME_RE.test(spec.name)) return new Error('invalid decky name');
  const custom = new Set(customServicesOf(spec).map((c) => c.name));
  const runnable = spec.services.filter((s) => templateFor(s));
  if (runnable.length === 0 && custom.size === 0) return new Error(`no runnable service among: ${spec.services.join(', ') || '(none)'}`);
  // High-interaction services are served by their own container (hi-container.ts), not by the runner.
  const hi = hiServicesOf(spec);
  const runnerServices = spec.services.filter((s) => !hi.includes(s));
  const persona = derivePersona({ deckyName: spec.name, archetype: spec.archetype, nmapOs: spec.nmapOs, ip, serviceConfig: spec.serviceConfig, services: spec.services });
  // Binding 22/80/... as the image's unprivileged user; netns-scoped, invisible from the wire.
  // The TTL is the persona's stack profile's (a Linux-userland IoT persona is 64, not embedded's 255), also without the personality relay.
  const sysctls: Record<string, string> = { ...sysctlsFor(persona.osFamily), 'net.ipv4.ip_default_ttl': String(personaTtl(persona)), 'net.ipv4.ip_unprivileged_port_start': '0' };
  // Forwarding is set at creation (the decky has no capability to flip it): a change recreates it.
  if (placement?.forwards) sysctls['net.ipv4.ip_forward'] = '1';
  const names = containerNames(opts, spec.name);
  // No service left for the runner (an ssh-only high-interaction decky): the services container idles.
  const runnerArgs = runnerServices.length === 0 ? [] : ['--decky', spec.name, '--host', '0.0.0.0', '--services', runnerServices.join(','), '--ip', ip, '--artifacts', CONTAINER_ARTIFACTS_DIR];
  if (runnerArgs.length > 0 && spec.archetype) runnerArgs.push('--archetype', spec.archetype);
  if (runnerArgs.length > 0 && spec.nmapOs) runnerArgs.push('--nmap-os', spec.nmapOs);
  if (runnerArgs.length > 0 && Object.keys(spec.serviceConfig).length > 0) runnerArgs.push('--config-json', canonicalJson(spec.serviceConfig));
  const draft: DeckyDraft = {
    name: spec.name,
    spec,
    ip,
    hostname: persona.hostname,
    domain: persona.domain,
    mac: persona.mac,
    osFamily: persona.osFamily,
    sysctls,
    missingServices: spec.services.filter((s) => !templateFor(s) && !custom.has(s)),
    baseName: names.base,
    svcName: names.svc,
    runnerArgs,
    hostArtifactsDir: join(opts.dataDir, 'artifacts', spec.name),
    ...(placement && { network: placement.network, topologyId: placement.topologyId }),
  };
  // Hash the create specs themselves (not a hand-picked subset): any change to what we would
  // create, including this code's defaults, marks the running container stale. The services
  // container's link to its base is checked apart (converge.ts), so it hashes a placeholder id.
  // A topology decky's LANs change on the live container (connect/disconnect), so its hash leaves out
  // the network it was created on.
  const baseSpec = baseContainerSpec(opts, draft, '');
  if (placement) {
    delete baseSpec.NetworkingConfig;
    delete baseSpec.HostConfig!.NetworkMode;
    delete baseSpec.Labels![`${opts.labelPrefix}.network`];
  }
  const baseHash = shortHash({ v: 1, spec: baseSpec, image: images.baseImage });
  const svcHash = shortHash({ v: 1, baseHash, spec: servicesContainerSpec(opts, draft, '', 'BASE'), image: images.image });
  return { ...draft, baseHash, svcHash };
}
