// High-interaction mode on the docker runtime (issue 18): a decky whose `[decky.ssh]` or `[decky.telnet]`
// has `mode = high-interaction` gets a third container in its network namespace, from the real-userland
// image (templates/high-interaction: OpenSSH, inetutils telnetd), with CPU/memory/pids limits, capped
// tmpfs scratch dirs and no egress (egress.ts). The runner leaves those services to it.
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { highInteractionOf, type DeckySpec, type HighInteractionInit, type HighInteractionPlan } from '@decnet/protocol';
import type { Observed } from './converge';
import { shortHash } from './decky-plan';
import { blockEgress } from './egress';
import { freshHiDisk, hiDiskBinds, hiDiskReady, releaseHiDisk } from './hi-disk';
import { isNotFound } from './macvlan-network';
import { labelKeys, type ResolvedOptions } from './options';

export const HI_ROLE = 'hi';
/** Where the container sees its host dir `<data>/artifacts/<decky>/hi` (DECNET's file-catcher path). */
export const HI_MOUNT = '/var/lib/systemd/coredump';
const REUSABLE = new Set(['running', 'restarting', 'exited', 'created']);
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const QUOTA_BYTES = 256 * 1024 * 1024;

export function hiContainerName(opts: Pick<ResolvedOptions, 'namePrefix'>, decky: string): string {
  // Decky names never contain '.', so `<decky>.hi` cannot collide with another decky's containers.
  return `${opts.namePrefix}${decky}.hi`;
}

export function hiHostDir(opts: Pick<ResolvedOptions, 'dataDir'>, decky: string): string {
  return join(opts.dataDir, 'artifacts', decky, 'hi');
}

/** The services the runner must not run itself (the real ones serve their ports). */
export function hiServicesOf(spec: DeckySpec): string[] {
  const p = highInteractionOf(spec);
  return p && !(p instanceof Error) ? p.services : [];
}

export function hiContainerSpec(opts: ResolvedOptions, decky: string, p: HighInteractionPlan, baseId: string, hash: string): Dockerode.ContainerCreateOptions {
  const k = labelKeys(opts.labelPrefix);
  const c = p.config;
  const spec: Dockerode.ContainerCreateOptions = {
    name: hiContainerName(opts, decky),
    Image: opts.hiImage,
    Labels: { [k.managed]: 'true', [k.decky]: decky, [k.role]: HI_ROLE, [k.specHash]: hash, [`${opts.labelPrefix}.service`]: p.services.join(',') },
    StopTimeout: 5,
    HostConfig: {
      NetworkMode: `container:${baseId}`,
      // The image's own /sbin/init (hi-init.c) reaps what intruders leave behind (orphans of a fork bomb
      // included); docker's would show as /sbin/docker-init in `ps`.
      Init: false,
      // What sshd, PAM, su/sudo and a root shell need; no raw sockets, no device nodes, no netfilter
      // (egress rules are set from the host), no ptrace. no-new-privileges stays off: sudo must work.
      CapDrop: ['ALL'],
      CapAdd: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'SETUID', 'SETGID', 'KILL', 'AUDIT_WRITE', 'SYS_CHROOT', 'NET_BIND_SERVICE'],
      Memory: c.memory_mb * 1024 * 1024,
      MemorySwap: c.memory_mb * 1024 * 1024,
      NanoCpus: Math.round(c.cpus * 1e9),
      PidsLimit: c.pids,
      Tmpfs: {
        '/tmp': 'rw,nosuid,nodev,size=64m',
        '/var/tmp': 'rw,nosuid,nodev,size=32m',
        '/dev/shm': 'rw,nosuid,nodev,size=16m',
        '/run': 'rw,nosuid,nodev,mode=755,size=16m',
      },
      // /root, /home, /opt, /srv on the decky's disk_mb-sized image (hi-disk.ts).
      Binds: [`${hiHostDir(opts, decky)}:${HI_MOUNT}:rw`, ...hiDiskBinds(opts, decky)],
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': opts.logMaxSize, 'max-file': String(opts.logMaxFiles) } },
    },
  };
  // Its own cgroup namespace: /proc/self/cgroup shows `/`, not `/docker/<id>` (not in dockerode's types).
  Object.assign(spec.HostConfig ?? {}, { CgroupnsMode: 'private' });
  return spec;
}

function initOf(decky: string, p: HighInteractionPlan): HighInteractionInit {
  const c = p.config;
  return { decky, services: p.services, rootPassword: c.password, user: c.user, userPassword: c.user_password, decoyUsers: c.decoy_users, maxFileBytes: MAX_FILE_BYTES, quotaBytes: QUOTA_BYTES };
}

/** The container's start file, readable by root only (it carries the accounts' passwords). */
async function writeInit(dir: string, init: HighInteractionInit): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await chown(dir, 0, 0).catch(() => undefined);
  await writeFile(join(dir, '.init.json'), JSON.stringify(init), { mode: 0o600 });
}

export interface HiApplyResult {
  problems: string[];
  /** The container's id when it runs (or was kept). */
  id?: string;
}

/**
 * Converges a decky's high-interaction container on its spec, given its running base: egress rules
 * first (the container never runs without them), then keep what matches or (re)create it. A decky
 * without the mode loses any such container.
 */
export async function applyHighInteraction(docker: Dockerode, opts: ResolvedOptions, spec: DeckySpec, baseId: string, observed: readonly Observed[], recreate = false): Promise<HiApplyResult> {
  const mine = observed.filter((o) => o.decky === spec.name && o.role === HI_ROLE);
  const dropAll = async (): Promise<void> => {
    for (const o of mine) await docker.getContainer(o.id).remove({ force: true }).catch(() => undefined);
    await releaseHiDisk(opts, spec.name).catch(() => undefined);
  };
  const p = highInteractionOf(spec);
  if (p === undefined) {
    await dropAll();
    return { problems: [] };
  }
  if (p instanceof Error) {
    await dropAll();
    return { problems: [`high-interaction: ${p.message}`] };
  }
  let imageId: string;
  try {
    imageId = (await docker.getImage(opts.hiImage).inspect()).Id;
  } catch (e) {
    await dropAll();
    return { problems: [`${p.services.join('+')} (high-interaction): image ${opts.hiImage} ${isNotFound(e) ? 'is not on this host: build it with scripts/docker/build-hi-image.sh' : `cannot be read: ${(e as Error).message}`}`] };
  }
  const init = initOf(spec.name, p);
  const hash = shortHash({ v: 1, spec: hiContainerSpec(opts, spec.name, p, 'BASE', ''), imageId, init });
  const name = hiContainerName(opts, spec.name);
  try {
    const basePid = (await docker.getContainer(baseId).inspect()).State.Pid;
    await blockEgress(basePid);
    const found = recreate ? undefined : mine.find((o) => o.name === name && o.specHash === hash && o.networkMode === `container:${baseId}` && REUSABLE.has(o.state));
    // Kept only with its disk mounted (after a host reboot the binds would be plain, uncapped directories).
    const current = found && (await hiDiskReady(opts, spec.name)) ? found : undefined;
    if (current) {
      if (current.state !== 'running') await docker.getContainer(current.id).start();
      return { problems: [], id: current.id };
    }
    await dropAll();
    await freshHiDisk(opts, spec.name, p.config.disk_mb);
    await writeInit(hiHostDir(opts, spec.name), init);
    const c = await docker.createContainer(hiContainerSpec(opts, spec.name, p, baseId, hash));
    await c.start();
    return { problems: [], id: c.id };
  } catch (e) {
    return { problems: [`${p.services.join('+')} (high-interaction): ${(e as Error).message}`] };
  }
}
