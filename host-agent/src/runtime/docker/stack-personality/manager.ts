// Keeps every running decky's stack personality in place: per decky its stack profile's row (families.ts)
// gives its netns sysctls, route window, rules (rules.ts) and a relay (relay-process.ts).
// sync() is idempotent and keyed by the base's pid, so a restarted base or agent is simply re-done.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { OsFamily, StackProfileId } from '@decnet/protocol';
import { ensureRelayBinary } from './build-relay';
import { netnsSysctls, personalityFor, type StackPersonality } from './families';
import { RelayProcess } from './relay-process';
import { Rewriter } from './rewrite';
import { FLUSH_RULES, personalityRules } from './rules';

const run = promisify(execFile);

export interface PersonalityTarget {
  decky: string;
  family: OsFamily;
  profile: StackProfileId;
  /** PID of the decky's base container (its netns). */
  pid: number;
  addresses: readonly string[];
}

interface Active {
  key: string;
  relay: RelayProcess;
}

export interface PersonalityStatus {
  decky: string;
  family: OsFamily;
  profile: StackProfileId;
  pid: number;
  running: boolean;
  seen: number;
  rewritten: number;
}

async function inNetns(pid: number, argv: string[], input?: string): Promise<string> {
  try {
    const child = run('nsenter', ['-t', String(pid), '-n', ...argv], { timeout: 15_000 });
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${argv[0]} in netns of pid ${pid}: ${(err.stderr || err.message).trim().slice(0, 300)}`);
  }
}

/** The row's sysctls, route window and rules in the netns of `pid` (replacing the whole mangle table there). */
export async function installInNetns(pid: number, p: StackPersonality, addresses: readonly string[]): Promise<void> {
  const sysctls = Object.entries(netnsSysctls(p)).map(([k, v]) => `${k}=${v}`);
  await inNetns(pid, ['sysctl', '-q', '-w', ...sysctls]);
  if (p.routeWindow !== undefined) {
    const routes = await inNetns(pid, ['ip', '-4', 'route', 'show', 'table', 'main']);
    for (const argv of routeWindowChanges(routes, p.routeWindow)) await inNetns(pid, ['ip', '-4', 'route', 'change', ...argv]);
  }
  await inNetns(pid, ['iptables-restore'], personalityRules(p, addresses));
}

/** `ip route change` arguments that set `window` on every route of the listing (idempotent). */
export function routeWindowChanges(listing: string, window: number): string[][] {
  return listing.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const words = l.split(/\s+/).filter((w) => w !== 'linkdown' && w !== 'dead' && w !== 'onlink' && w !== 'pervasive');
    const at = words.indexOf('window');
    if (at >= 0) words.splice(at, 2);
    return [...words, 'window', String(window)];
  });
}

export class StackPersonalityManager {
  private readonly active = new Map<string, Active & { target: PersonalityTarget }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: { binDir: string; warn: (m: string) => void }) {}

  /** Converges on `targets` (every running decky); returns one message per decky that failed. */
  sync(targets: readonly PersonalityTarget[]): Promise<string[]> {
    return this.serial(async () => {
      const errors: string[] = [];
      const wanted = new Map(targets.map((t) => [t.decky, t]));
      for (const [decky, a] of this.active) {
        const t = wanted.get(decky);
        if (t && keyOf(t) === a.key && a.relay.running) continue;
        await this.drop(decky, a, t === undefined);
      }
      const todo = [...wanted.values()].filter((t) => !this.active.has(t.decky));
      if (todo.length === 0) return errors;
      let binary: string;
      try {
        binary = await ensureRelayBinary(this.opts.binDir);
      } catch (e) {
        return todo.map((t) => `decky ${t.decky}: stack personality: ${(e as Error).message}`);
      }
      await Promise.all(todo.map(async (t) => {
        try {
          await this.install(t, binary);
        } catch (e) {
          errors.push(`decky ${t.decky}: stack personality: ${(e as Error).message}`);
        }
      }));
      return errors;
    });
  }

  status(): PersonalityStatus[] {
    return [...this.active.values()].map((a) => ({
      decky: a.target.decky, family: a.target.family, profile: a.target.profile, pid: a.target.pid, running: a.relay.running, ...a.relay.rewriter.counts,
    }));
  }

  /** Stops every relay; `flush` also empties the rules of netns that still exist (teardown). */
  stopAll(flush = false): Promise<void> {
    return this.serial(async () => {
      for (const [decky, a] of this.active) await this.drop(decky, a, flush);
    });
  }

  private async install(t: PersonalityTarget, binary: string): Promise<void> {
    const p = personalityFor(t.profile);
    await installInNetns(t.pid, p, t.addresses);
    const relay = new RelayProcess(t.pid, binary, new Rewriter(p, new Set(t.addresses)));
    relay.onExit = (reason) => this.opts.warn(`decky ${t.decky}: ${reason}`);
    await relay.start();
    this.active.set(t.decky, { key: keyOf(t), relay, target: t });
  }

  private async drop(decky: string, a: Active & { target: PersonalityTarget }, flush: boolean): Promise<void> {
    this.active.delete(decky);
    await a.relay.stop();
    if (flush && existsSync(`/proc/${a.target.pid}/ns/net`)) await inNetns(a.target.pid, ['iptables-restore'], FLUSH_RULES).catch(() => undefined);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.queue.then(fn, fn);
    this.queue = r.catch(() => undefined);
    return r;
  }
}

function keyOf(t: PersonalityTarget): string {
  return `${t.profile}|${t.pid}|${[...t.addresses].sort().join(',')}`;
}
