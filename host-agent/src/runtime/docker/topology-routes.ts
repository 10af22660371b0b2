// Routes inside a decky's network namespace, set by the privileged agent (`nsenter -t <pid> -n ip ...`,
// argv arrays): the decky's containers have no capability, so they cannot change their own routes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { subnetKey, type Route } from './topology-plan';

const run = promisify(execFile);

async function inNetns(pid: number, args: readonly string[], input?: string): Promise<string> {
  try {
    const child = run('nsenter', ['-t', String(pid), '-n', 'ip', ...args], { timeout: 15_000 });
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')} in netns of pid ${pid}: ${(err.stderr || err.message).trim().slice(0, 300)}`);
  }
}

/** Several `ip` commands in one process (`ip -batch -`): one spawn per decky instead of one per route. */
async function batch(pid: number, commands: readonly string[][]): Promise<void> {
  if (commands.length === 0) return;
  const bad = commands.flat().find((w) => !/^[0-9a-z./]+$/.test(w));
  if (bad !== undefined) throw new Error(`refusing route word ${JSON.stringify(bad.slice(0, 64))}`);
  // Every word is an address, a CIDR or a fixed keyword (planned, never attacker data): no quoting needed.
  await inNetns(pid, ['-batch', '-'], commands.map((c) => c.join(' ')).join('\n') + '\n');
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
  await batch(pid, (await readRoutes(pid)).filter((r) => r.gateway && norm(r.dst) === norm(subnet)).map((r) => ['route', 'del', r.dst, 'via', r.gateway!]));
}

/**
 * Converges the gatewayed routes to `managed` destinations on `want`: stale ones are deleted, missing
 * or different ones replaced. Routes to anything else (docker's own) are left alone.
 */
export async function reconcileRoutes(pid: number, want: readonly Route[], managed: readonly string[]): Promise<void> {
  const owned = new Set(managed.map(norm));
  const desired = new Map(want.map((r) => [norm(r.dst), r.via]));
  const current = await readRoutes(pid);
  const commands: string[][] = [];
  for (const r of current) {
    const dst = norm(r.dst);
    if (r.gateway && owned.has(dst) && desired.get(dst) !== r.gateway) commands.push(['route', 'del', r.dst, 'via', r.gateway]);
  }
  for (const [dst, via] of desired) {
    if (current.some((r) => norm(r.dst) === dst && r.gateway === via)) continue;
    commands.push(['route', 'replace', dst, 'via', via]);
  }
  await batch(pid, commands);
}
