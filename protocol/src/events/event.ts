// A stored service event as the agent uploads it, its bounds, and deterministic ids
// (ingest is idempotent on `id`, so a re-sent event must get the same one).
import { z } from 'zod';
import type { DecnetRecord } from '../rfc5424/decnet-record';
import { bytesToHex, truncateUnits, utf8Encode } from '../util/bytes';
import { isIp } from '../util/ip';
import { setOwn } from '../util/record';

export const EVENT_LIMITS = {
  idMaxChars: 128,
  deckyMaxChars: 255,
  serviceMaxChars: 48,
  eventTypeMaxChars: 32,
  fieldsMaxKeys: 64,
  fieldNameMaxChars: 32,
  fieldValueMaxChars: 4096,
  msgMaxChars: 16384,
  rawMaxChars: 16384,
} as const;

const L = EVENT_LIMITS;

export const ServiceEventSchema = z.object({
  id: z.string().min(1).max(L.idMaxChars).regex(/^[\x21-\x7e]+$/, 'printable ASCII'),
  ts: z.iso.datetime({ offset: true }),
  decky: z.string().min(1).max(L.deckyMaxChars),
  service: z.string().min(1).max(L.serviceMaxChars),
  eventType: z.string().min(1).max(L.eventTypeMaxChars),
  srcIp: z.string().max(45).refine(isIp, 'not an IP address').optional(),
  srcPort: z.number().int().min(0).max(65535).optional(),
  fields: z
    .record(z.string().min(1).max(L.fieldNameMaxChars), z.string().max(L.fieldValueMaxChars))
    .refine((f) => Object.keys(f).length <= L.fieldsMaxKeys, `at most ${L.fieldsMaxKeys} fields`),
  msg: z.string().max(L.msgMaxChars).optional(),
  raw: z.string().max(L.rawMaxChars),
});
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

/**
 * Deterministic id for the event at `offset` of `source`: hex SHA-256, first 32 chars (128 bits).
 * `source` must be unique across the fleet, e.g. `${hostId}/${containerId}/stdout`.
 */
export async function eventIdFor(source: string, offset: string | number): Promise<string> {
  // Length-prefixing keeps ("a/b", 1) and ("a", "b/1") apart.
  const input = utf8Encode(`${source.length}:${source}|${String(offset)}`);
  const digest = await crypto.subtle.digest('SHA-256', input);
  return bytesToHex(new Uint8Array(digest)).slice(0, 32);
}

/** Random 32-hex id for events with no stable source position. */
export function randomEventId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** Trim a field set to the schema's bounds: first 64 keys, names <= 32, values <= 4096. */
export function boundFields(fields: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of Object.entries(fields)) {
    if (n >= L.fieldsMaxKeys) break;
    if (k.length === 0 || k.length > L.fieldNameMaxChars) continue;
    setOwn(out, k, truncateUnits(v, L.fieldValueMaxChars));
    n++;
  }
  return out;
}

function portOf(fields: Readonly<Record<string, string>>): number | undefined {
  for (const key of ['src_port', 'remote_port']) {
    const v = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (v && /^\d{1,5}$/.test(v) && Number(v) <= 65535) return Number(v);
  }
  return undefined;
}

/** Build the upload form of a collector record; the result always passes ServiceEventSchema. */
export function serviceEventFromRecord(record: DecnetRecord, id: string): ServiceEvent {
  const fields = boundFields(record.fields);
  const event: ServiceEvent = {
    id,
    ts: record.timestamp,
    decky: truncateUnits(record.decky || '-', L.deckyMaxChars),
    service: truncateUnits(record.service || '-', L.serviceMaxChars),
    eventType: truncateUnits(record.eventType || '-', L.eventTypeMaxChars),
    fields,
    raw: truncateUnits(record.rawLine, L.rawMaxChars),
  };
  if (record.attackerIp) event.srcIp = record.attackerIp;
  const port = portOf(fields);
  if (port !== undefined) event.srcPort = port;
  if (record.msg) event.msg = truncateUnits(record.msg, L.msgMaxChars);
  return event;
}
