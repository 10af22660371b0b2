// Per-event tagging at ingest, called once per event from the batch aggregation (intel/aggregate.ts)
// with what extract() already pulled out: applies the compiled rules and folds the tags of a batch
// into one delta per (attacker, session, rule, technique). Cheap JS; attacker text is bounded here.
import type { ServiceEvent } from '@decnet/protocol';
import type { Extracted } from '../intel/extract';
import { emailText } from './email-text';
import { matchCredential, matchedText, matchFingerprint, matchText, type CompiledRule, type CompiledRules, type TextSource } from './engine';
import { activeRules } from './state';

export const EVIDENCE_MAX_CHARS = 256;
const TEXT_MAX_CHARS = 2048;
/** Distinct values kept per spread key: above every guessing/spraying threshold. */
export const SPREAD_CAP = 16;
const SECRET_KEY_CHARS = 64;

export interface AttackTagDelta {
  id: string; attackerId: string; sessionId: string; eventId: string | null; decky: string | null; service: string | null;
  ruleId: string; ruleVersion: number; source: string; tactic: string; techniqueId: string; confidence: number;
  evidenceJson: string; firstMs: number; lastMs: number; count: number;
}
/** One principal an attacker tried and the distinct secrets (capped) it tried on it. */
export interface SpreadDelta { attackerId: string; axis: 'p'; key: string; values: Set<string> }

export interface AttackBatch {
  rules: CompiledRules;
  tags: Map<string, AttackTagDelta>;
  spread: Map<string, SpreadDelta>;
  trackSpread: boolean;
}

export function newAttackBatch(rules: CompiledRules = activeRules()): AttackBatch {
  const trackSpread = rules.behaviour.some((r) => r.rule.match.kind === 'detector' && (r.rule.match.name === 'password_guessing' || r.rule.match.name === 'password_spraying'));
  return { rules, tags: new Map(), spread: new Map(), trackSpread };
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** The command as typed: redis/ftp split the verb from its arguments (redis logs them as JSON). */
export function commandText(e: ServiceEvent, cmd: string): string {
  const f = e.fields;
  if (f.args) {
    let rest = f.args;
    if (rest.startsWith('[')) {
      try {
        const a: unknown = JSON.parse(rest);
        if (Array.isArray(a)) rest = a.map(String).join(' ');
      } catch { /* keep the raw text */ }
    }
    return clip(`${cmd} ${rest}`, TEXT_MAX_CHARS);
  }
  return f.arg ? clip(`${cmd} ${f.arg}`, TEXT_MAX_CHARS) : cmd;
}

/** The request target (HTTP path and query, TFTP file name); percent-decoded text appended when it differs. */
export function urlText(e: ServiceEvent): string | null {
  if (e.eventType !== 'request') return null;
  const f = e.fields;
  const raw = f.path !== undefined ? (f.query ? `${f.path}?${f.query}` : f.path) : (f.filename ?? f.url ?? f.uri);
  if (!raw) return null;
  const t = clip(raw, TEXT_MAX_CHARS);
  if (!t.includes('%')) return t;
  try {
    const d = decodeURIComponent(t);
    return d === t ? t : `${t}\n${d}`;
  } catch {
    return t;
  }
}

type Texts = Partial<Record<TextSource | 'principal' | 'fingerprint' | 'service', string>>;

function evidenceOf(r: CompiledRule, texts: Texts, matchOn: string | null): string {
  const ev: Record<string, string> = {};
  for (const k of r.rule.evidence) {
    if (k === 'match') {
      const m = matchOn !== null ? matchedText(r, matchOn) : null;
      if (m) ev['match'] = m;
    } else {
      const v = texts[k as keyof Texts];
      if (v) ev[k] = clip(v, EVIDENCE_MAX_CHARS);
    }
  }
  return JSON.stringify(ev);
}

function fire(b: AttackBatch, r: CompiledRule, source: string, e: ServiceEvent, ts: number, attackerId: string, sessionId: string, texts: Texts, matchOn: string | null): void {
  for (const em of r.emits) {
    const id = `${attackerId}|${sessionId}|${r.rule.id}|${em.techniqueId}`;
    const t = b.tags.get(id);
    if (t) {
      t.count++;
      if (ts < t.firstMs) t.firstMs = ts;
      if (ts > t.lastMs) t.lastMs = ts;
      continue;
    }
    b.tags.set(id, {
      id, attackerId, sessionId, eventId: e.id, decky: e.decky, service: e.service, ruleId: r.rule.id, ruleVersion: r.rule.version, source,
      tactic: em.tactic, techniqueId: em.techniqueId, confidence: em.confidence, evidenceJson: evidenceOf(r, texts, matchOn), firstMs: ts, lastMs: ts, count: 1,
    });
  }
}

function addSpread(b: AttackBatch, attackerId: string, principal: string, secret: string): void {
  const k = `${attackerId}\u0000${principal}`;
  let s = b.spread.get(k);
  if (!s) b.spread.set(k, (s = { attackerId, axis: 'p', key: principal, values: new Set() }));
  if (s.values.size < SPREAD_CAP) s.values.add(secret);
}

export function collectAttack(b: AttackBatch, e: ServiceEvent, x: Extracted, ts: number, attackerId: string, sessionId: string): void {
  const c = b.rules;
  if (x.command !== null && c.text.command.length > 0) {
    const text = commandText(e, x.command);
    for (const r of matchText(c, 'command', text)) fire(b, r, 'command', e, ts, attackerId, sessionId, { command: text }, text);
  }
  const url = c.text.url.length > 0 ? urlText(e) : null;
  if (url) for (const r of matchText(c, 'url', url)) fire(b, r, 'url', e, ts, attackerId, sessionId, { url, user_agent: e.fields.user_agent }, url);
  const ua = e.fields.user_agent;
  if (ua && c.text.user_agent.length > 0) {
    const text = clip(ua, TEXT_MAX_CHARS);
    for (const r of matchText(c, 'user_agent', text)) fire(b, r, 'user_agent', e, ts, attackerId, sessionId, { user_agent: text, url: url ?? undefined }, text);
  }
  if (c.text.event.length > 0) {
    const text = `${e.service}:${e.eventType}`;
    for (const r of matchText(c, 'event', text)) fire(b, r, 'event', e, ts, attackerId, sessionId, { event: text }, text);
  }
  if (c.text.email.length > 0 && (e.eventType === 'message_stored' || e.eventType === 'rcpt_to')) {
    const text = emailText(e);
    if (text) for (const r of matchText(c, 'email', text)) fire(b, r, 'email', e, ts, attackerId, sessionId, { email: text }, text);
  }
  if (x.credential) {
    const cr = x.credential;
    const hits = matchCredential(c, { principal: cr.principal, secret: cr.secretPrintable, outcome: cr.outcome });
    for (const r of hits) fire(b, r, 'credential', e, ts, attackerId, sessionId, { principal: cr.principal, service: e.service }, null);
    if (b.trackSpread) {
      const secret = cr.secretB64.slice(0, SECRET_KEY_CHARS);
      addSpread(b, attackerId, cr.principal, secret);
    }
  }
  for (const [kind, value] of x.fingerprints) {
    for (const r of matchFingerprint(c, kind, value)) fire(b, r, 'fingerprint', e, ts, attackerId, sessionId, { fingerprint: `${kind}:${value}` }, null);
  }
}
