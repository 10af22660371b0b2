// Options of the docker decky runtime and their defaults: the macvlan network deckies live on, the
// template image, the label/name prefixes that mark what this runtime owns, and per-container limits.
import type Dockerode from 'dockerode';
import { parseIPv4Cidr } from '@decnet/protocol';
import { newDockerClient } from './dockerode-lib';
import { defaultGateway, inCidr } from './ip-alloc';

export interface DockerNetworkOptions {
  /** Docker network name, e.g. `decnet_lan`. */
  name: string;
  /** Host interface the macvlan children attach to (a NIC, or one end of a veth pair). */
  parent: string;
  subnet: string;
  /** Default: the subnet's first host. */
  gateway?: string;
  /** Where deckies without an explicit `ip` are allocated; default: the whole subnet. */
  ipRange?: string;
}

export interface DockerRuntimeOptions {
  network: DockerNetworkOptions;
  /** Template image (templates/Dockerfile), e.g. `decnet/templates:dev`. */
  image: string;
  /** Image of the idle base container; default: the template image (it has `sleep`). */
  baseImage?: string;
  /** Image of high-interaction ssh deckies (scripts/docker/build-hi-image.sh). Default `decnet/high-interaction:bookworm`. */
  hiImage?: string;
  /** Label namespace: `<prefix>.managed`, `<prefix>.decky`, `<prefix>.spec-hash`. Default `decnet`. */
  labelPrefix?: string;
  /** Container names are `<namePrefix><decky>` and `<namePrefix><decky>.svc`. Default `decnet-`. */
  namePrefix?: string;
  /** Host directory; each decky's captured artifacts go to `<dataDir>/artifacts/<decky>`. */
  dataDir: string;
  /** A ready client (tests); otherwise one on `socketPath` (default /var/run/docker.sock). */
  docker?: Dockerode;
  socketPath?: string;
  /** Memory cap of a decky's services container. Default 256 MiB. */
  memoryBytes?: number;
  /** Extra V8 flags for the runner (NODE_OPTIONS). Default trims the young generation to save RSS. */
  nodeOptions?: string;
  /** How many deckies are created in parallel. Default 10 (20 deckies: 6.4 s at 10, 8.8 s at 6). */
  concurrency?: number;
  /** json-file caps per container. Default 10m x 5 (as DECNET). */
  logMaxSize?: string;
  logMaxFiles?: number;
}

export interface ResolvedOptions extends Required<Omit<DockerRuntimeOptions, 'docker' | 'socketPath' | 'network'>> {
  network: Required<DockerNetworkOptions>;
}

/** Where the runner writes artifacts inside its container (a bind mount of the host dir). */
export const CONTAINER_ARTIFACTS_DIR = '/var/lib/decnet/artifacts';
/** The template image's USER; the host artifacts dir is chowned to it. */
export const RUNNER_UID = 65532;

const PREFIX_RE = /^[a-z0-9][a-z0-9.-]{0,30}$/;
const NAME_PREFIX_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$|^$/;

export function resolveOptions(o: DockerRuntimeOptions): ResolvedOptions {
  const { network } = o;
  if (!parseIPv4Cidr(network.subnet)) throw new Error(`network.subnet: not an IPv4 CIDR: ${network.subnet}`);
  const gateway = network.gateway ?? defaultGateway(network.subnet);
  if (!inCidr(gateway, network.subnet)) throw new Error(`network.gateway ${gateway} is outside ${network.subnet}`);
  const ipRange = network.ipRange ?? network.subnet;
  if (!parseIPv4Cidr(ipRange)) throw new Error(`network.ipRange: not an IPv4 CIDR: ${ipRange}`);
  if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(network.parent)) throw new Error(`network.parent: not an interface name: ${network.parent}`);
  const labelPrefix = o.labelPrefix ?? 'decnet';
  if (!PREFIX_RE.test(labelPrefix)) throw new Error(`labelPrefix: ${labelPrefix}`);
  const namePrefix = o.namePrefix ?? 'decnet-';
  if (!NAME_PREFIX_RE.test(namePrefix)) throw new Error(`namePrefix: ${namePrefix}`);
  return {
    network: { name: network.name, parent: network.parent, subnet: network.subnet, gateway, ipRange },
    image: o.image,
    baseImage: o.baseImage ?? o.image,
    hiImage: o.hiImage ?? 'decnet/high-interaction:bookworm',
    labelPrefix,
    namePrefix,
    dataDir: o.dataDir,
    memoryBytes: o.memoryBytes ?? 256 * 1024 * 1024,
    nodeOptions: o.nodeOptions ?? '--max-semi-space-size=2',
    concurrency: Math.max(1, o.concurrency ?? 10),
    logMaxSize: o.logMaxSize ?? '10m',
    logMaxFiles: o.logMaxFiles ?? 5,
  };
}

export function createClient(o: DockerRuntimeOptions): Dockerode {
  return o.docker ?? newDockerClient({ socketPath: o.socketPath ?? '/var/run/docker.sock' });
}

export interface Labels {
  managed: string;
  decky: string;
  role: string;
  specHash: string;
}

export function labelKeys(prefix: string): Labels {
  return { managed: `${prefix}.managed`, decky: `${prefix}.decky`, role: `${prefix}.role`, specHash: `${prefix}.spec-hash` };
}
