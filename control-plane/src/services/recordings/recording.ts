// A session's asciinema v2 recording, rebuilt from the recording_chunk events the sensor uploaded
// (base64 pieces of the cast, in order) and checked against the session_recorded summary's SHA-256.
import { and, between, eq, sql } from 'drizzle-orm';
import { base64ToBytes, bytesToHex } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { events, sessions } from '../../db/schema';
import { AppError } from '../../errors';

/** The recorder's cap is 256 KiB (86 pieces of 3,000 bytes); anything beyond this is not ours. */
const MAX_CHUNKS = 128;
const MAX_CAST_BYTES = 512 * 1024;

export interface SessionRecording {
  sessionId: string;
  cast: string;
  bytes: number;
  durationS: number | null;
  truncated: boolean;
  /** The pieces hash to the summary's cast_sha256 (false when the summary has not arrived yet). */
  verified: boolean;
}

interface ChunkFields {
  sid?: string;
  seq?: string;
  of?: string;
  data?: string;
  cast_sha256?: string;
  duration_s?: string;
  truncated?: string;
  chunks?: string;
}

const parseFields = (json: string): ChunkFields => {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as ChunkFields) : {};
  } catch {
    return {};
  }
};

/** The runner's own session id: the session row id is `${hostId}/${decky}/${service}/${sid}`. */
function splitSessionId(id: string, decky: string, service: string): { hostId: string; sid: string } | null {
  const mid = `/${decky}/${service}/`;
  const at = id.indexOf(mid);
  if (at < 0) return null;
  return { hostId: id.slice(0, at), sid: id.slice(at + mid.length) };
}

export async function sessionRecording(deps: AppDeps, sessionId: string): Promise<SessionRecording> {
  const s = await deps.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  if (!s) throw new AppError('not_found', 'Session not found');
  const parts = splitSessionId(s.id, s.decky, s.service);
  if (!parts) throw new AppError('not_found', 'No recording for this session');
  // The pieces carry the session's id, so they fall inside its first..last seen window.
  const rows = await deps.db
    .select({ type: events.eventType, fields: events.fieldsJson })
    .from(events)
    .where(
      and(
        sql`${events.eventType} IN ('recording_chunk', 'session_recorded')`,
        between(events.tsMs, s.startedAtMs, s.lastSeenMs),
        eq(events.decky, s.decky),
        eq(events.service, s.service),
        parts.hostId === '' ? undefined : eq(events.hostId, parts.hostId),
        sql`json_extract(${events.fieldsJson}, '$.sid') = ${parts.sid}`,
      ),
    )
    .limit(MAX_CHUNKS * 2);
  let summary: ChunkFields | undefined;
  const pieces = new Map<number, Uint8Array>();
  let total = 0;
  for (const r of rows) {
    const f = parseFields(r.fields);
    if (r.type === 'session_recorded') {
      summary = f;
      continue;
    }
    const seq = Number(f.seq);
    const of = Number(f.of);
    if (!Number.isInteger(seq) || seq < 0 || seq >= MAX_CHUNKS || !Number.isInteger(of) || of > MAX_CHUNKS || typeof f.data !== 'string') continue;
    total = Math.max(total, of);
    const piece = pieces.has(seq) ? null : base64ToBytes(f.data);
    if (piece) pieces.set(seq, piece);
  }
  if (pieces.size === 0) throw new AppError('not_found', 'No recording for this session');
  const want = Math.max(total, Number(summary?.chunks ?? 0) || 0);
  const ordered: Uint8Array[] = [];
  for (let i = 0; i < want; i++) {
    const p = pieces.get(i);
    if (!p) throw new AppError('not_found', `Recording incomplete: ${pieces.size} of ${want} pieces uploaded so far`);
    ordered.push(p);
  }
  const size = ordered.reduce((n, p) => n + p.length, 0);
  if (size > MAX_CAST_BYTES) throw new AppError('payload_too_large', 'Recording larger than any the sensors make');
  const bytes = new Uint8Array(size);
  let o = 0;
  for (const p of ordered) (bytes.set(p, o), (o += p.length));
  const digest = bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  const duration = Number(summary?.duration_s);
  return {
    sessionId: s.id,
    cast: new TextDecoder('utf-8', { fatal: false }).decode(bytes),
    bytes: size,
    durationS: Number.isFinite(duration) ? duration : null,
    truncated: summary?.truncated === 'true',
    verified: summary?.cast_sha256 === digest,
  };
}
