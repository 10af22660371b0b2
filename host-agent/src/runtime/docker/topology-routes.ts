// Routes inside a decky's network namespace, set by the privileged agent (`nsenter -t <pid> -n ip ...`,
// argv arrays): the decky's containers have no capability, so they cannot change their own routes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { subnetKey, type Route } from './topology-plan';

const run = promisify(execFile);

async function inNetns(pid: number, args: readonly string[]): Promise<string> {
  try {
    return (await run('nsenter', ['-t', String(pid), '-n', 'ip', ...args], { timeout: 15_000 })).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')} in netns of pid ${pid}: ${(err.stderr || err.message).trim().slice(0, 300)}`);
  }
}

export interface KernelRoute {
  dst: string;
  gateway?: string;
}

export async function readRoutes(pid: number): Promise<KernelRoute[]> {
  const raw = JSON.parse((await inNetns(pid, ['-j', '-4', 'route', 'show'])) || '[]') as Array<{ dst: string; gateway?: string }>;
  return raw.map((r) => ({ dst: r.dst, ...(r.gateway && { gateway: r.gateway }) }));
}

const norm = (dst: string): string => (dst === 'default' ? dst : subnetKey(dst.includes('/') ? dst : `${dst}/32`));

/** Removes every route (gatewayed or not) to `subnet`: docker refuses to connect a LAN a route already covers. */
export async function dropRoutesTo(pid: number, subnet: string): Promise<void> {
  for (const r of await readRoutes(pid)) {
    if (r.gateway && norm(r.dst) === norm(subnet)) await inNetns(pid, ['route', 'del', r.dst, 'via', r.gateway]);
  }
}

/**
 * Converges the gatewayed routes to `managed` destinations on `want`: stale ones are deleted, missing
 * or different ones replaced. Routes to anything else (docker's own) are left alone.
 */
export async function reconcileRoutes(pid: number, want: readonly Route[], managed: readonly string[]): Promise<void> {
  const owned = new Set(managed.map(norm));
  const desired = new Map(want.map((r) => [norm(r.dst), r.via]));
  const current = await readRoutes(pid);
  for (const r of current) {
    const dst = norm(r.dst);
    if (r.gateway && owned.has(dst) && desired.get(dst) !== r.gateway) await inNetns(pid, ['route', 'del', r.dst, 'via', r.gateway]);
  }
  for (const [dst, via] of desired) {
    if (current.some((r) => norm(r.dst) === dst && r.gateway === via)) continue;
    await inNetns(pid, ['route', 'replace', dst, 'via', via]);
  }
}
