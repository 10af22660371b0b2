// Per identity: a timeline of observations (client fingerprints, sessions with their phases,
// payloads) and a state per trait (attribution.ts), so an analyst sees when one identity is
// probably two people: two SSH clients used at the same time from different addresses.
import type { IdentityObservation, IdentityObservations, TraitState as TraitStateView } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';
import { AppError } from '../../errors';
import { phasesOf } from '../intel/phases';
import { categoricalState, multiActorSuspected, numericState, type TraitObservation } from './attribution';

const TIMELINE_MAX = 500;
/** A fingerprint seen n times counts as up to this many observations spread over its first..last seen. */
const SIGHTINGS_PER_ROW = 5;
const CATEGORICAL = ['hassh', 'ja3', 'ja4', 'os'] as const;

export async function identityObservations(deps: AppDeps, id: string): Promise<IdentityObservations> {
  const [exists, fps, sessions, files] = await deps.rawBatch([
    q`SELECT 1 FROM identities WHERE id = ${id}`,
    q`SELECT f.attacker_id, a.ip, f.kind, f.value, f.first_seen_ms, f.last_seen_ms, f.count FROM attacker_fingerprints f JOIN identity_members m ON m.attacker_id = f.attacker_id JOIN attackers a ON a.id = f.attacker_id WHERE m.identity_id = ${id} ORDER BY f.first_seen_ms LIMIT 2000`,
    q`SELECT s.attacker_id, a.ip, s.decky, s.service, s.started_at_ms, s.command_count, s.commands_json FROM sessions s JOIN identity_members m ON m.attacker_id = s.attacker_id JOIN attackers a ON a.id = s.attacker_id WHERE m.identity_id = ${id} ORDER BY s.started_at_ms LIMIT 2000`,
    q`SELECT f.attacker_id, a.ip, f.sha256, f.ts_ms FROM artifacts f JOIN identity_members m ON m.attacker_id = f.attacker_id JOIN attackers a ON a.id = f.attacker_id WHERE m.identity_id = ${id} ORDER BY f.ts_ms LIMIT 500`,
  ]);
  if (!exists?.rows.length) throw new AppError('not_found', 'No such identity');
  const timeline: (IdentityObservation & { ms: number })[] = [];
  const traits = new Map<string, TraitObservation[]>();
  const add = (trait: string, o: TraitObservation) => {
    const list = traits.get(trait);
    if (list) list.push(o);
    else traits.set(trait, [o]);
  };
  for (const [attackerId, ip, kind, value, first, last, count] of fps!.rows) {
    const k = String(kind);
    timeline.push({ ms: Number(first), ts: new Date(Number(first)).toISOString(), attackerId: String(attackerId), ip: String(ip), kind: k, value: String(value) });
    if (!(CATEGORICAL as readonly string[]).includes(k)) continue;
    const n = Math.max(1, Math.min(SIGHTINGS_PER_ROW, Number(count)));
    for (let i = 0; i < n; i++) {
      const ts = Number(first) + ((Number(last) - Number(first)) * i) / Math.max(1, n - 1);
      add(k, { tsMs: ts, untilMs: Number(last), attackerId: String(attackerId), value: String(value) });
    }
  }
  for (const [attackerId, ip, decky, service, started, commands, json] of sessions!.rows) {
    let phases: string[] = [];
    try {
      const set = new Set<string>();
      for (const c of JSON.parse(String(json)) as { cmd?: unknown }[]) if (typeof c?.cmd === 'string') for (const p of phasesOf('command', { cmd: c.cmd })) set.add(p);
      phases = [...set].sort();
    } catch {
      phases = [];
    }
    const ms = Number(started);
    timeline.push({ ms, ts: new Date(ms).toISOString(), attackerId: String(attackerId), ip: String(ip), kind: 'session', value: `${String(decky)}/${String(service)} ${Number(commands)} commands${phases.length ? ` (${phases.join(', ')})` : ''}` });
    add('commands_per_session', { tsMs: ms, untilMs: ms, attackerId: String(attackerId), value: Number(commands) });
    add('active_hour_utc', { tsMs: ms, untilMs: ms, attackerId: String(attackerId), value: new Date(ms).getUTCHours() });
  }
  for (const [attackerId, ip, sha, ts] of files!.rows) timeline.push({ ms: Number(ts), ts: new Date(Number(ts)).toISOString(), attackerId: String(attackerId), ip: String(ip), kind: 'payload', value: String(sha) });
  const states: TraitStateView[] = [...traits].sort(([a], [b]) => (a < b ? -1 : 1)).map(([trait, obs]) => ({
    trait,
    state: (CATEGORICAL as readonly string[]).includes(trait) ? categoricalState(obs) : numericState(obs),
    observations: obs.length,
    values: [...new Set(obs.map((o) => String(o.value)))].slice(0, 10),
  }));
  timeline.sort((a, b) => b.ms - a.ms);
  return { traits: states, multiActorSuspected: multiActorSuspected(states.map((s) => s.state)), timeline: timeline.slice(0, TIMELINE_MAX).map(({ ms: _ms, ...o }) => o) };
}
