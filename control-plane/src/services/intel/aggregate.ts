// Groups a batch of new events into per-attacker, per-session and per-credential deltas in memory,
// so the database sees one upsert row per entity instead of one per event.
import type { ServiceEvent } from '@decnet/protocol';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { extract, secretSha256 } from './extract';
import { withProbeSessions } from './probes';
import { collectAttack, newAttackBatch, type AttackBatch } from '../attack/collect';

/** Gaps longer than this are separate visits, not inter-arrival times. */
export const IAT_MAX_S = 3600;
export const SESSION_COMMANDS_MAX = 500;
export const ATTACKER_HINTS_MAX = 20;
const OBSERVERS: ReadonlySet<string> = new Set(['sniffer', 'prober']);

export interface AttackerDelta {
  id: string;
  ip: string;
  firstMs: number;
  lastMs: number;
  events: number;
  connects: number;
  auths: number;
  commands: number;
  requests: number;
  credentials: number;
  artifacts: number;
  services: Set<string>;
  deckies: Set<string>;
  phases: Set<string>;
  hints: Set<string>;
  lastType: string;
  iatCount: number;
  iatSum: number;
  iatSumSq: number;
}

export interface SessionDelta { id: string; attackerId: string; ip: string; decky: string; service: string; startMs: number; lastMs: number; endMs: number | null; events: number; commands: { ts: string; cmd: string }[] }
export interface CredentialDelta { id: string; key: string; sha: string; kind: string; principal: string; printable: string; b64: string; outcome: string | null; attempts: number; firstMs: number; lastMs: number; targets: Set<string>; ips: Set<string> }
export interface ArtifactDelta { id: string; sha256: string; size: number; name: string | null; storedAs: string | null; decky: string; service: string; attackerId: string | null; ip: string | null; tsMs: number }

export interface FingerprintDelta { attackerId: string; kind: string; value: string; firstMs: number; lastMs: number; count: number }

export interface BatchAggregate {
  attackers: Map<string, AttackerDelta>;
  sessions: Map<string, SessionDelta>;
  credentials: Map<string, CredentialDelta>;
  artifacts: ArtifactDelta[];
  /** "hourMs\u0000decky\u0000service\u0000eventType" -> count */
  rollups: Map<string, number>;
  /** "attackerId\u0000kind\u0000value" -> sightings in this batch */
  fingerprints: Map<string, FingerprintDelta>;
  /** ATT&CK tags and credential spread of the batch (services/attack). */
  attack: AttackBatch;
}

const utf8 = new TextEncoder();
/** First 32 hex of SHA-256: synchronous (pure JS) so the hot path never waits on a thread pool. */
export const shortHash = (s: string) => bytesToHex(sha256(utf8.encode(s))).slice(0, 32);

const attackerIds = new Map<string, string>();
/** Deterministic attacker id from the source address, the same on every instance (memoised). */
export function attackerIdFor(ip: string): string {
  let id = attackerIds.get(ip);
  if (id === undefined) {
    if (attackerIds.size >= 100_000) attackerIds.clear();
    attackerIds.set(ip, (id = shortHash(`attacker:${ip}`)));
  }
  return id;
}

const secretShas = new Map<string, string>();
/**
 * secretSha256 memoised for short secrets (attackers try the same few thousand passwords over and
 * over); long ones are hashed each time so the memo stays a few MB at most.
 */
function secretShaFor(b64: string): string {
  if (b64.length > 128) return secretSha256(b64);
  let sha = secretShas.get(b64);
  if (sha === undefined) {
    if (secretShas.size >= 100_000) secretShas.clear();
    secretShas.set(b64, (sha = secretSha256(b64)));
  }
  return sha;
}

/** One agent's new events: its host id names their sessions (`hostId/sessionKey`). */
export interface HostBatch {
  hostId: string;
  events: ServiceEvent[];
}

/** One agent's batch, or several folded as one batch (the events of all in time order). */
export function aggregate(batches: HostBatch[]): BatchAggregate {
  const agg: BatchAggregate = { attackers: new Map(), sessions: new Map(), credentials: new Map(), artifacts: [], rollups: new Map(), fingerprints: new Map(), attack: newAttackBatch() };
  // Connections that sent a scanner probe (probes.ts), per host: session keys are the agent's own.
  const probeSessions = new Map<string, Set<string>>();
  // Each timestamp parsed once (not in the comparator); the sort is stable, as before.
  const sorted = batches.flatMap((b) => b.events.map((e) => ({ e, ts: Date.parse(e.ts), hostId: b.hostId }))).sort((a, b) => a.ts - b.ts);
  for (const { e, ts, hostId } of sorted) {
    let probes = probeSessions.get(hostId);
    if (!probes) probeSessions.set(hostId, (probes = new Set()));
    const x = withProbeSessions(extract(e), probes);
    const rk = `${Math.floor(ts / 3_600_000) * 3_600_000}\u0000${e.decky}\u0000${e.service}\u0000${e.eventType}`;
    agg.rollups.set(rk, (agg.rollups.get(rk) ?? 0) + 1);
    const ip = e.srcIp;
    const attackerId = ip ? attackerIdFor(ip) : null;
    if (ip && attackerId) {
      let a = agg.attackers.get(ip);
      if (!a) {
        a = { id: attackerId, ip, firstMs: ts, lastMs: ts, events: 0, connects: 0, auths: 0, commands: 0, requests: 0, credentials: 0, artifacts: 0, services: new Set(), deckies: new Set(), phases: new Set(), hints: new Set(), lastType: e.eventType, iatCount: 0, iatSum: 0, iatSumSq: 0 };
        agg.attackers.set(ip, a);
      } else {
        const gapS = (ts - a.lastMs) / 1000;
        if (gapS >= 0 && gapS <= IAT_MAX_S) {
          a.iatCount++;
          a.iatSum += gapS;
          a.iatSumSq += gapS * gapS;
        }
      }
      a.lastMs = Math.max(a.lastMs, ts);
      a.lastType = e.eventType;
      a.events++;
      if (e.eventType === 'connect' || e.eventType === 'connection') a.connects++;
      if (x.credential) a.auths++;
      if (x.command !== null) a.commands++;
      if (e.eventType === 'request') a.requests++;
      if (x.artifact) a.artifacts++;
      // The sniffer and the prober observe the attacker; they are not services it touched.
      if (!OBSERVERS.has(e.service)) a.services.add(e.service);
      a.deckies.add(e.decky);
      for (const p of x.phases) a.phases.add(p);
      if (x.clientHint && a.hints.size < ATTACKER_HINTS_MAX) a.hints.add(x.clientHint);
      for (const [kind, value] of x.fingerprints) {
        const k = `${attackerId}\u0000${kind}\u0000${value}`;
        const fp = agg.fingerprints.get(k);
        if (fp) (fp.count++, (fp.lastMs = Math.max(fp.lastMs, ts)));
        else agg.fingerprints.set(k, { attackerId, kind, value, firstMs: ts, lastMs: ts, count: 1 });
      }
    }
    if (x.sessionKey && ip && attackerId) {
      const id = `${hostId}/${x.sessionKey}`;
      let s = agg.sessions.get(id);
      if (!s) agg.sessions.set(id, (s = { id, attackerId, ip, decky: e.decky, service: e.service, startMs: ts, lastMs: ts, endMs: null, events: 0, commands: [] }));
      s.events++;
      s.lastMs = Math.max(s.lastMs, ts);
      if (e.eventType === 'disconnect') s.endMs = ts;
      if (x.command !== null && s.commands.length < SESSION_COMMANDS_MAX) s.commands.push({ ts: e.ts, cmd: x.command });
    }
    if (x.credential) {
      const sha = secretShaFor(x.credential.secretB64);
      const key = `${sha}\u0000${x.credential.kind}\u0000${x.credential.principal}`;
      let c = agg.credentials.get(key);
      if (!c) agg.credentials.set(key, (c = { id: shortHash(key), key, sha, kind: x.credential.kind, principal: x.credential.principal, printable: x.credential.secretPrintable, b64: x.credential.secretB64, outcome: null, attempts: 0, firstMs: ts, lastMs: ts, targets: new Set(), ips: new Set() }));
      c.attempts++;
      c.lastMs = Math.max(c.lastMs, ts);
      if (x.credential.outcome) c.outcome = c.outcome === 'success' ? 'success' : x.credential.outcome;
      c.targets.add(`${e.decky}/${e.service}`);
      if (ip) c.ips.add(ip);
      if (ip) agg.attackers.get(ip)!.credentials++;
    }
    if (attackerId) collectAttack(agg.attack, e, x, ts, attackerId, x.sessionKey ? `${hostId}/${x.sessionKey}` : '');
    if (x.artifact) agg.artifacts.push({ id: e.id, ...x.artifact, decky: e.decky, service: e.service, attackerId, ip: ip ?? null, tsMs: ts });
  }
  return agg;
}
