// A session's asciinema v2 recording, rebuilt from the pieces the sensor uploaded (session_recordings;
// databases from before migration 0014 keep theirs as recording_chunk events, still read) and checked
// against the session_recorded summary's SHA-256.
import { and, asc, between, eq, sql } from 'drizzle-orm';
import { base64ToBytes, bytesToHex } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { events, sessionRecordings, sessions } from '../../db/schema';
import { AppError } from '../../errors';
import { MAX_CHUNKS, RECORDING_MAX_BYTES } from './chunks';

const MAX_CAST_BYTES = RECORDING_MAX_BYTES;

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
  // The summary (and, before migration 0014, the pieces) are events carrying the session's id, so
  // they fall inside its first..last seen window.
  const inEvents = (types: string) =>
    deps.db
      .select({ type: events.eventType, fields: events.fieldsJson })
      .from(events)
      .where(
        and(
          sql`${events.eventType} IN (${sql.raw(types)})`,
          between(events.tsMs, s.startedAtMs, s.lastSeenMs),
          eq(events.decky, s.decky),
          eq(events.service, s.service),
          parts.hostId === '' ? undefined : eq(events.hostId, parts.hostId),
          sql`json_extract(${events.fieldsJson}, '$.sid') = ${parts.sid}`,
        ),
      )
      .limit(MAX_CHUNKS + 1);
  const stored = await deps.db
    .select({ seq: sessionRecordings.seq, of: sessionRecordings.chunks, data: sessionRecordings.data })
    .from(sessionRecordings)
    .where(eq(sessionRecordings.sessionId, s.id))
    .orderBy(asc(sessionRecordings.seq))
    .limit(MAX_CHUNKS);
  const rows = [
    ...stored.map((r) => ({ type: 'recording_chunk', fields: { seq: String(r.seq), of: String(r.of), data: r.data } as ChunkFields })),
    ...(await inEvents(stored.length ? "'session_recorded'" : "'recording_chunk', 'session_recorded'")).map((r) => ({ type: r.type, fields: parseFields(r.fields) })),
  ];
  let summary: ChunkFields | undefined;
  const pieces = new Map<number, Uint8Array>();
  let total = 0;
  for (const r of rows) {
    const f = r.fields;
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
