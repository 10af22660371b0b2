// GET /identities/stream (Server-Sent Events): every identity/campaign change (identity_log) in
// order, resumable with Last-Event-ID (the log's seq), polled from the database so any instance
// serves any client. Authenticated like /stream: a single-use ticket or a bearer header.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';
import { AppError } from '../../errors';
import { authorizeStream } from '../../http/stream-auth';
import { LOG_COLS } from './view';

export const IDENTITY_STREAM_POLL_MS = 1000;
const STREAM_MAX_MS = 30 * 60_000;
const KEEPALIVE_MS = 15_000;
const BATCH = 200;

export function identityStreamHandler(deps: AppDeps) {
  return async (c: Context) => {
    await authorizeStream(deps, c);
    const resume = c.req.header('last-event-id') ?? c.req.query('lastEventId');
    if (resume !== undefined && !/^\d{1,16}$/.test(resume)) throw new AppError('validation_failed', 'Last-Event-ID must be a sequence number');
    let cursor = resume !== undefined ? Number(resume) : Number((await deps.rawBatch([q`SELECT coalesce(max(seq), 0) FROM identity_log`]))[0]?.rows[0]?.[0] ?? 0);
    return streamSSE(c, async (stream) => {
      const started = deps.now();
      let lastWrite = started;
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ seq: cursor }) });
      while (!stream.aborted && deps.now() - started < STREAM_MAX_MS) {
        const [r] = await deps.rawBatch([q`SELECT ${LOG_COLS} FROM identity_log WHERE seq > ${cursor} ORDER BY seq LIMIT ${BATCH}`]);
        for (const row of r?.rows ?? []) {
          const frame = { seq: Number(row[0]), type: String(row[1]), identityId: row[2] == null ? null : String(row[2]), campaignId: row[3] == null ? null : String(row[3]), actor: row[4] == null ? null : String(row[4]), ts: new Date(Number(row[5])).toISOString(), payload: JSON.parse(String(row[6])) as unknown };
          await stream.writeSSE({ id: String(frame.seq), event: 'change', data: JSON.stringify(frame) });
          cursor = frame.seq;
          lastWrite = deps.now();
        }
        if ((r?.rows.length ?? 0) === BATCH) continue;
        if (deps.now() - lastWrite >= KEEPALIVE_MS) {
          await stream.write(': keep-alive\n\n');
          lastWrite = deps.now();
        }
        await stream.sleep(IDENTITY_STREAM_POLL_MS);
      }
    });
  };
}
