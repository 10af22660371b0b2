// Recording a trigger: one atomic batch stores the trigger (bounded attacker data, linked to the
// attacker by address), bumps the token's counters and writes the `canary.triggered` webhook fact.
import { FactTopics, type CanaryTriggerVia, type Fact } from '@decnet/protocol';
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import type { CanaryTokenRow } from '../../db/schema';
import { browserTagStatements } from '../attack/browser';
import { attackerIdFor } from '../intel/aggregate';
import { factStatements } from '../webhooks/outbox';

export const MAX_TRIGGERS_PER_TOKEN = 10_000;
const MAX_HEADERS = 40;
const MAX_HEADER_NAME = 64;
const MAX_HEADER_VALUE = 512;
const MAX_HEADERS_BYTES = 8192;

export interface TriggerInput {
  via: CanaryTriggerVia;
  srcIp: string | null;
  userAgent?: string | null;
  headers?: Iterable<[string, string]>;
  dnsName?: string | null;
  decky?: string | null;
  service?: string | null;
  principal?: string | null;
  fingerprint?: Record<string, unknown> | null;
  fingerprintVerified?: boolean | null;
}

/** Attacker-sent headers as a bounded object: at most 40, names 64 and values 512 chars, 8 KiB in all. */
export function boundHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  let bytes = 2;
  let n = 0;
  for (const [k, v] of headers) {
    if (n >= MAX_HEADERS) break;
    const name = k.toLowerCase().slice(0, MAX_HEADER_NAME);
    const value = v.slice(0, MAX_HEADER_VALUE);
    const cost = JSON.stringify(name).length + JSON.stringify(value).length + 2;
    if (bytes + cost > MAX_HEADERS_BYTES || Object.hasOwn(out, name)) continue;
    out[name] = value;
    bytes += cost;
    n++;
  }
  return out;
}

const cut = (s: string | null | undefined, n: number) => (s == null ? null : s.slice(0, n));

export async function recordTrigger(deps: AppDeps, token: CanaryTokenRow, input: TriggerInput): Promise<string | null> {
  const id = crypto.randomUUID();
  const now = deps.now();
  const srcIp = cut(input.srcIp, 64);
  const attackerId = srcIp && input.via !== 'dns' ? attackerIdFor(srcIp) : null;
  const headers = JSON.stringify(boundHeaders(input.headers ?? []));
  const fp = input.fingerprint ? JSON.stringify(input.fingerprint).slice(0, 8192) : null;
  const fact: Fact = {
    id: `canary.triggered:${id}`,
    topic: FactTopics.canaryTriggered(token.id),
    type: 'canary.triggered',
    ts: now,
    payload: {
      triggerId: id, tokenId: token.id, memo: token.memo, generator: token.generator, kind: token.kind, via: input.via, srcIp, attackerId,
      userAgent: cut(input.userAgent, 512), dnsName: cut(input.dnsName, 255), decky: cut(input.decky, 64), fingerprintVerified: input.fingerprintVerified ?? null,
    },
  };
  // A flood on one token stops being stored at the cap (checked on the row just read; the fact is
  // in the same batch as its trigger, so neither exists without the other).
  if (token.triggerCount >= MAX_TRIGGERS_PER_TOKEN) return null;
  await deps.rawBatch([
    q`INSERT INTO canary_triggers (id, token_id, via, ts_ms, src_ip, attacker_id, user_agent, headers_json, dns_name, decky, service, principal, fingerprint_json, fingerprint_verified)
      VALUES (${id}, ${token.id}, ${input.via}, ${now}, ${srcIp}, ${attackerId}, ${cut(input.userAgent, 512)}, ${headers}, ${cut(input.dnsName, 255)}, ${cut(input.decky, 64)},
        ${cut(input.service, 64)}, ${cut(input.principal, 256)}, ${fp}, ${input.fingerprintVerified == null ? null : input.fingerprintVerified ? 1 : 0})`,
    q`UPDATE canary_tokens SET trigger_count = trigger_count + 1, last_triggered_ms = ${now} WHERE id = ${token.id}`,
    ...factStatements([fact], now),
    // ATT&CK browser rules (webdriver, spoofed User-Agent) on the fingerprint, for a known attacker.
    ...(attackerId && input.fingerprint ? browserTagStatements({ attackerId, triggerId: id, decky: cut(input.decky, 64), service: cut(input.service, 64), fingerprint: input.fingerprint, userAgent: cut(input.userAgent, 512), tsMs: now }) : []),
  ]);
  return id;
}
