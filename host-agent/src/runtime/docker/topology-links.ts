// Host interfaces behind topology LANs, made with `ip` (argv arrays, never a shell): a macvlan link on
// the configured parent for a DMZ (docker takes one macvlan network per parent), a veth pair with no
// address for an inner LAN. Each carries an alias `<labelPrefix>.topology=<id>/<lan>` so the reaper
// finds exactly its own.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LanNet } from './topology-plan';

const run = promisify(execFile);

export async function ipCmd(args: readonly string[]): Promise<string> {
  try {
    return (await run('ip', [...args], { timeout: 15_000, maxBuffer: 8 * 1024 * 1024 })).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`ip ${args.join(' ')}: ${(err.stderr || err.message).trim().slice(0, 300)}`);
  }
}

export interface HostLink {
  ifname: string;
  alias: string | undefined;
  kind: string | undefined;
  /** The lower device's name (macvlan) or undefined. */
  lower: string | undefined;
  up: boolean;
}

export function linkAlias(labelPrefix: string, lan: Pick<LanNet, 'topologyId' | 'lan'>): string {
  return `${labelPrefix}.topology=${lan.topologyId}/${lan.lan}`.slice(0, 255);
}

export async function listLinks(): Promise<HostLink[]> {
  const raw = JSON.parse(await ipCmd(['-j', '-d', 'link', 'show'])) as Array<{ ifname: string; ifalias?: string; link?: string; flags?: string[]; linkinfo?: { info_kind?: string } }>;
  return raw.map((l) => ({ ifname: l.ifname, alias: l.ifalias, kind: l.linkinfo?.info_kind, lower: l.link, up: l.flags?.includes('UP') ?? false }));
}

/** Creates the LAN's host link(s) unless present as wanted; a same-named link of the wrong shape is replaced. */
export async function ensureLink(lan: LanNet, parent: string, labelPrefix: string, existing: readonly HostLink[]): Promise<void> {
  if (lan.kind === 'shared' || !lan.link) return;
  const alias = linkAlias(labelPrefix, lan);
  const have = existing.find((l) => l.ifname === lan.link);
  const wantKind = lan.kind === 'uplink' ? 'macvlan' : 'veth';
  const good = have && have.alias === alias && have.kind === wantKind && (lan.kind !== 'uplink' || have.lower === parent);
  if (have && !good) await ipCmd(['link', 'del', lan.link]);
  if (!good) {
    if (lan.kind === 'uplink') await ipCmd(['link', 'add', lan.link, 'link', parent, 'type', 'macvlan', 'mode', 'bridge']);
    else await ipCmd(['link', 'add', lan.link, 'type', 'veth', 'peer', 'name', lan.peer!]);
    await ipCmd(['link', 'set', 'dev', lan.link, 'alias', alias]);
    if (lan.peer) await ipCmd(['link', 'set', 'dev', lan.peer, 'alias', alias]);
  }
  // A veth end only carries traffic while both ends are up; neither has an address.
  const isUp = (ifname: string): boolean => good === true && existing.some((l) => l.ifname === ifname && l.up);
  if (!isUp(lan.link)) await ipCmd(['link', 'set', 'dev', lan.link, 'up']);
  if (lan.peer && !isUp(lan.peer)) await ipCmd(['link', 'set', 'dev', lan.peer, 'up']);
}

/** Deletes this runtime's topology links whose alias is not in `keep`; returns the errors. */
export async function reapLinks(labelPrefix: string, keep: ReadonlySet<string>): Promise<string[]> {
  const errors: string[] = [];
  const prefix = `${labelPrefix}.topology=`;
  const links = await listLinks().catch((e: unknown) => (errors.push((e as Error).message), [] as HostLink[]));
  const deleted = new Set<string>();
  for (const l of links) {
    if (!l.alias?.startsWith(prefix) || keep.has(l.alias) || deleted.has(l.ifname)) continue;
    try {
      await ipCmd(['link', 'del', l.ifname]);
    } catch (e) {
      if (!/Cannot find device/.test((e as Error).message)) errors.push((e as Error).message);
    }
    deleted.add(l.ifname);
  }
  return errors;
}
