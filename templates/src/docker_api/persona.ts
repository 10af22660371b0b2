// The docker_api persona part: the engine build the daemon claims (INI `version` overrides), its
// seeded daemon ID, and the bait containers and images it lists (CI runner, registry, databases);
// plus dockerd/containerd in `ps`.
import { randomUUID } from 'node:crypto';
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';
import { ENGINE_BUILDS, type EngineBuild } from './versions';

export interface BaitImage {
  id: string;
  repoTag: string;
  digest: string;
  sizeBytes: number;
  /** Seconds since the epoch. */
  created: number;
}

export interface BaitContainer {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  created: number;
  running: boolean;
  ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: 'tcp' }>;
}

export interface DockerApiPersona {
  build: EngineBuild;
  /** /info ID: a UUID on 23.0+, the old 12-group key ID before. */
  daemonId: string;
  images: BaitImage[];
  containers: BaitContainer[];
}

const CATALOGUE: ReadonlyArray<{ tag: string; name: string; command: string; port?: number; size: number }> = [
  { tag: 'nginx:1.25-alpine', name: 'web', command: '/docker-entrypoint.sh nginx -g \'daemon off;\'', port: 80, size: 42_600_000 },
  { tag: 'postgres:15', name: 'db', command: 'docker-entrypoint.sh postgres', port: 5432, size: 412_000_000 },
  { tag: 'redis:7', name: 'cache', command: 'docker-entrypoint.sh redis-server', port: 6379, size: 138_000_000 },
  { tag: 'registry:2', name: 'registry', command: '/entrypoint.sh /etc/docker/registry/config.yml', port: 5000, size: 25_400_000 },
  { tag: 'gitlab/gitlab-runner:v16.9.1', name: 'gitlab-runner', command: '/usr/bin/dumb-init /entrypoint run --user=gitlab-runner --working-directory=/home/gitlab-runner', size: 364_000_000 },
  { tag: 'jenkins/jenkins:lts-jdk17', name: 'jenkins', command: '/usr/bin/tini -- /usr/local/bin/jenkins.sh', port: 8080, size: 468_000_000 },
  { tag: 'portainer/portainer-ce:2.19.4', name: 'portainer', command: '/portainer', port: 9443, size: 294_000_000 },
  { tag: 'grafana/grafana:10.2.3', name: 'grafana', command: '/run.sh', port: 3000, size: 398_000_000 },
];

export function dockerApiPersona(b: PersonaBasis): DockerApiPersona {
  const rng = b.rng('docker_api');
  const wanted = configValue(b, 'docker_api', 'version');
  const build = ENGINE_BUILDS.find((x) => x.version === wanted) ?? rng.pick(ENGINE_BUILDS);
  const hex = (n: number): string => rng.hex(n);
  const modern = Number(build.version.split('.')[0]) >= 23;
  const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const keyId = Array.from({ length: 12 }, () => Array.from({ length: 4 }, () => b32[rng.int(0, 31)]).join('')).join(':');
  const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-${['8', '9', 'a', 'b'][rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
  const baseSec = Math.floor(Date.parse(`${b.snap.date}T00:00:00Z`) / 1000);
  const pool = [...CATALOGUE];
  const images: BaitImage[] = [];
  const containers: BaitContainer[] = [];
  for (let n = rng.int(3, 5); n > 0 && pool.length > 0; n--) {
    const c = pool.splice(rng.int(0, pool.length - 1), 1)[0];
    if (!c) break;
    const image: BaitImage = { id: `sha256:${hex(64)}`, repoTag: c.tag, digest: `sha256:${hex(64)}`, sizeBytes: c.size + rng.int(0, 900_000), created: baseSec - rng.int(5, 120) * 86_400 };
    images.push(image);
    containers.push({
      id: hex(64), name: `${c.name}${rng.chance(0.5) ? `-${rng.int(1, 2)}` : ''}`, image: c.tag, imageId: image.id, command: c.command,
      created: baseSec + rng.int(1, 30) * 86_400, running: rng.chance(0.85),
      ports: c.port ? [{ IP: '0.0.0.0', PrivatePort: c.port, PublicPort: c.port, Type: 'tcp' }] : [],
    });
  }
  return { build, daemonId: modern ? uuid : keyId, images, containers };
}

/** A fresh container/exec ID as the daemon makes them (64 hex). */
export const newObjectId = (): string => randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');

export function dockerApiProcesses(): ShellProcessSeed[] {
  return [
    { user: 'root', command: '/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375 --containerd=/run/containerd/containerd.sock', rssKb: 92_000 },
    { user: 'root', command: '/usr/bin/containerd', rssKb: 48_000 },
  ];
}
