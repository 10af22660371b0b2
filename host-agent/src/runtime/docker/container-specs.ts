// dockerode create options for a decky's two containers: the idle base that owns the address, MAC,
// hostname and OS sysctls on the macvlan network, and the services container sharing its netns.
import type Dockerode from 'dockerode';
import type { DeckyDraft } from './decky-plan';
import { CONTAINER_ARTIFACTS_DIR, labelKeys, type ResolvedOptions } from './options';

export type Role = 'base' | 'services';

function labels(opts: ResolvedOptions, plan: DeckyDraft, role: Role, hash: string): Record<string, string> {
  const k = labelKeys(opts.labelPrefix);
  return {
    [k.managed]: 'true',
    [k.decky]: plan.name,
    [k.role]: role,
    [k.specHash]: hash,
    [`${opts.labelPrefix}.network`]: plan.network ?? opts.network.name,
    ...(plan.topologyId && { [`${opts.labelPrefix}.topology`]: plan.topologyId }),
  };
}

function logConfig(opts: ResolvedOptions): Dockerode.HostConfig['LogConfig'] {
  return { Type: 'json-file', Config: { 'max-size': opts.logMaxSize, 'max-file': String(opts.logMaxFiles) } };
}

// Nothing in a decky needs a capability: sysctls are written by the engine at creation, ports
// below 1024 are open to the unprivileged user through ip_unprivileged_port_start.
const HARDENING = {
  CapDrop: ['ALL'],
  SecurityOpt: ['no-new-privileges'],
  ReadonlyRootfs: true,
  // unless-stopped (as DECNET): deckies survive an agent or daemon restart.
  RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
} satisfies Dockerode.HostConfig;

/** `hash` is the label value; the hash itself is computed over the spec built with hash ''. */
export function baseContainerSpec(opts: ResolvedOptions, plan: DeckyDraft, hash: string): Dockerode.ContainerCreateOptions {
  const network = plan.network ?? opts.network.name;
  return {
    name: plan.baseName,
    Image: opts.baseImage,
    Entrypoint: ['sleep', 'infinity'],
    Cmd: [],
    Hostname: plan.hostname,
    Domainname: plan.domain === 'localdomain' ? '' : plan.domain,
    MacAddress: plan.mac,
    Labels: labels(opts, plan, 'base', hash),
    StopSignal: 'SIGKILL', // `sleep` as PID 1 ignores SIGTERM; nothing to flush
    HostConfig: {
      ...HARDENING,
      NetworkMode: network,
      Sysctls: plan.sysctls,
      Memory: 16 * 1024 * 1024,
      PidsLimit: 8,
      LogConfig: logConfig(opts),
    },
    NetworkingConfig: {
      EndpointsConfig: {
        // MacAddress here too: API >= 1.44 reads it per endpoint, older engines from Config.
        [network]: { IPAMConfig: { IPv4Address: plan.ip }, MacAddress: plan.mac } as Dockerode.EndpointSettings,
      },
    },
  };
}

export function servicesContainerSpec(opts: ResolvedOptions, plan: DeckyDraft, hash: string, baseId: string): Dockerode.ContainerCreateOptions {
  return {
    name: plan.svcName,
    Image: opts.image,
    Cmd: plan.runnerArgs,
    // Nothing for the runner (every service is high-interaction): an idle process keeps the decky's shape.
    ...(plan.runnerArgs.length === 0 && { Entrypoint: ['sleep', 'infinity'] }),
    Env: [`NODE_OPTIONS=${opts.nodeOptions}`],
    Labels: labels(opts, plan, 'services', hash),
    StopTimeout: 5,
    HostConfig: {
      ...HARDENING,
      NetworkMode: `container:${baseId}`,
      // tini as PID 1: a stop that lands before the runner installed its SIGTERM handler still ends
      // it at once (PID 1 ignores unhandled signals), and zombies of any child are reaped.
      Init: true,
      Binds: [`${plan.hostArtifactsDir}:${CONTAINER_ARTIFACTS_DIR}:rw`],
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' },
      Memory: opts.memoryBytes,
      PidsLimit: 256,
      LogConfig: logConfig(opts),
    },
  };
}
