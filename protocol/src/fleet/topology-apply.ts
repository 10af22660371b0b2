// Applies a batch of topology mutation ops to a topology body, purely: the control plane validates a
// mutation request with it, and the dashboard previews its staged changes with the same function.
// An op that cannot apply (unknown LAN, live-topology rule) is a TopologyIssue, not an exception.
import type { TopologyBody, TopologyDecky, TopologyIssue, TopologyMutationOp } from './topology';

export interface ApplyOptions {
  /** The topology is deployed (deploying/active/degraded): subnet/dmz changes are refused, forwards flips need force. */
  live?: boolean;
}

export interface ApplyResult {
  body: TopologyBody;
  issues: TopologyIssue[];
  /** Per op (same index), the decky names it touches: they get a `decky_mutated` event once applied. */
  affected: string[][];
}

export const LIVE_STATUSES = ['deploying', 'active', 'degraded'] as const;

export function isLiveStatus(status: string): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function applyTopologyOps(input: TopologyBody, ops: readonly TopologyMutationOp[], opts: ApplyOptions = {}): ApplyResult {
  const body = clone(input);
  const issues: TopologyIssue[] = [];
  const affected: string[][] = [];
  const issue = (i: number, message: string, objects: string[]) => issues.push({ field: `ops.${i}`, message, objects });
  const lanOf = (name: string) => body.lans.find((l) => l.name === name);
  const deckyOf = (name: string) => body.deckies.find((d) => d.name === name);

  ops.forEach((op, i) => {
    const touched: string[] = [];
    affected.push(touched);
    switch (op.op) {
      case 'add_lan': {
        if (lanOf(op.lan.name)) return void issue(i, `LAN '${op.lan.name}' already exists`, [op.lan.name]);
        body.lans.push(clone(op.lan));
        return;
      }
      case 'remove_lan': {
        if (!lanOf(op.lan)) return void issue(i, `No LAN named '${op.lan}'`, [op.lan]);
        body.lans = body.lans.filter((l) => l.name !== op.lan);
        for (const d of body.deckies) {
          if (d.homes.some((h) => h.lan === op.lan)) {
            d.homes = d.homes.filter((h) => h.lan !== op.lan);
            touched.push(d.name);
          }
        }
        return;
      }
      case 'update_lan': {
        const lan = lanOf(op.lan);
        if (!lan) return void issue(i, `No LAN named '${op.lan}'`, [op.lan]);
        if (opts.live && op.patch.subnet !== undefined && op.patch.subnet !== lan.subnet) {
          return void issue(i, `LAN '${op.lan}': the subnet of a deployed topology cannot change (tear it down, or add a new LAN)`, [op.lan]);
        }
        if (opts.live && op.patch.dmz !== undefined && op.patch.dmz !== lan.dmz) {
          return void issue(i, `LAN '${op.lan}': the DMZ flag of a deployed topology cannot change (tear it down first)`, [op.lan]);
        }
        Object.assign(lan, clone(op.patch));
        return;
      }
      case 'add_decky': {
        if (deckyOf(op.decky.name)) return void issue(i, `Decky '${op.decky.name}' already exists in this topology`, [op.decky.name]);
        body.deckies.push(clone(op.decky) as TopologyDecky);
        touched.push(op.decky.name);
        return;
      }
      case 'remove_decky': {
        if (!deckyOf(op.decky)) return void issue(i, `No decky named '${op.decky}' in this topology`, [op.decky]);
        body.deckies = body.deckies.filter((d) => d.name !== op.decky);
        touched.push(op.decky);
        return;
      }
      case 'attach_decky': {
        const d = deckyOf(op.decky);
        if (!d) return void issue(i, `No decky named '${op.decky}' in this topology`, [op.decky]);
        if (!lanOf(op.home.lan)) return void issue(i, `No LAN named '${op.home.lan}'`, [op.decky, op.home.lan]);
        if (d.homes.some((h) => h.lan === op.home.lan)) return void issue(i, `Decky '${op.decky}' is already on LAN '${op.home.lan}'`, [op.decky, op.home.lan]);
        d.homes.push(clone(op.home));
        touched.push(d.name);
        return;
      }
      case 'detach_decky': {
        const d = deckyOf(op.decky);
        if (!d) return void issue(i, `No decky named '${op.decky}' in this topology`, [op.decky]);
        if (!d.homes.some((h) => h.lan === op.lan)) return void issue(i, `Decky '${op.decky}' is not on LAN '${op.lan}'`, [op.decky, op.lan]);
        d.homes = d.homes.filter((h) => h.lan !== op.lan);
        touched.push(d.name);
        return;
      }
      case 'update_decky': {
        const d = deckyOf(op.decky);
        if (!d) return void issue(i, `No decky named '${op.decky}' in this topology`, [op.decky]);
        if (opts.live && op.patch.forwards !== undefined && op.patch.forwards !== d.forwards && !op.force) {
          return void issue(i, `Decky '${op.decky}': changing forwarding on a deployed topology recreates the decky; send force: true`, [op.decky]);
        }
        Object.assign(d, clone(op.patch));
        touched.push(d.name);
        return;
      }
    }
  });
  return { body, issues, affected };
}
