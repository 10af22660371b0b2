// `disk_mb` of a high-interaction decky as a hard limit where intruders write (issue 18): an ext4 image
// of that size, loop-mounted on the host under `<data>/hi-disk/<decky>`, whose directories are bound
// over /root, /home, /opt and /srv in the container: a write past it fails with "No space left on
// device", as on a full disk. It is made fresh with each (re)created container (a reset wipes it) and
// unmounted when the container goes. The rest of the root filesystem keeps the reset-over-cap rule.
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ResolvedOptions } from './options';

const run = promisify(execFile);
/** Container path -> directory on the image, with the mode Debian gives it. */
export const HI_DISK_DIRS: ReadonlyArray<{ path: string; dir: string; mode: number }> = [
  { path: '/root', dir: 'root', mode: 0o700 },
  { path: '/home', dir: 'home', mode: 0o755 },
  { path: '/opt', dir: 'opt', mode: 0o755 },
  { path: '/srv', dir: 'srv', mode: 0o755 },
];

export function hiDiskPaths(opts: Pick<ResolvedOptions, 'dataDir'>, decky: string): { image: string; mount: string } {
  const base = join(opts.dataDir, 'hi-disk');
  return { image: join(base, `${decky}.img`), mount: join(base, decky) };
}

/** The bind mounts of the container (the directories exist once `freshHiDisk` ran). */
export function hiDiskBinds(opts: Pick<ResolvedOptions, 'dataDir'>, decky: string): string[] {
  const { mount } = hiDiskPaths(opts, decky);
  return HI_DISK_DIRS.map((d) => `${join(mount, d.dir)}:${d.path}:rw`);
}

async function isMounted(path: string): Promise<boolean> {
  return run('mountpoint', ['-q', path]).then(
    () => true,
    () => false,
  );
}

/** Unmounts and deletes the decky's disk (idempotent). */
export async function releaseHiDisk(opts: Pick<ResolvedOptions, 'dataDir'>, decky: string): Promise<void> {
  const { image, mount } = hiDiskPaths(opts, decky);
  if (await isMounted(mount)) await run('umount', ['-l', mount]);
  await rm(mount, { recursive: true, force: true });
  await rm(image, { force: true });
}

/** A new empty disk of `sizeMb` mounted for the decky (what was there before is gone). */
export async function freshHiDisk(opts: Pick<ResolvedOptions, 'dataDir'>, decky: string, sizeMb: number): Promise<void> {
  const { image, mount } = hiDiskPaths(opts, decky);
  await releaseHiDisk(opts, decky);
  await mkdir(mount, { recursive: true, mode: 0o700 });
  await run('truncate', ['-s', `${sizeMb}M`, image]);
  // No reserved blocks: root in the container gets exactly disk_mb (less the file system's own).
  await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-E', 'root_owner=0:0', image], { timeout: 120_000 });
  await run('mount', ['-o', 'loop,nosuid,nodev', image, mount]);
  await rm(join(mount, 'lost+found'), { recursive: true, force: true });
  for (const d of HI_DISK_DIRS) await mkdir(join(mount, d.dir), { mode: d.mode });
}

/** True when the decky's disk is mounted (a kept container's binds are only capped then). */
export function hiDiskReady(opts: Pick<ResolvedOptions, 'dataDir'>, decky: string): Promise<boolean> {
  return isMounted(hiDiskPaths(opts, decky).mount);
}
