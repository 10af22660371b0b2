// GET /stream (Server-Sent Events). With deps.sharedLiveFeed (Node) every stream reads from the
// process's one LiveFeed poller; otherwise (Workers, where one request cannot wake another's
// stream) each stream polls the database itself. Either way the cursor is the event's rowid, so a
// client resumes on any instance with Last-Event-ID, and every event arrives once, in order.
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { authorizeStream } from './stream-auth';
import type { EventFilter } from '../services/query/event-filters';
import { eventsAfterSql } from '../services/query/event-list-sql';
import { eventFromValues } from '../services/query/events';
import { ftsMatcher, ftsQuery } from '../services/query/fts-query';
import { syncFts } from '../services/query/fts-sync';
import { liveFeedFor, type FeedEvent, type FeedSegment, type LiveFeed } from '../services/query/live-feed';
import { latestSeq } from '../services/query/stream';

const STREAM_POLL_MS = 1000;
const STREAM_MAX_MS = 30 * 60_000;
const KEEPALIVE_MS = 15_000;
const CATCH_UP_LIMIT = 500;
const encoder = new TextEncoder();
const KEEPALIVE = encoder.encode(': keep-alive\n\n');

type StreamFilter = Omit<EventFilter, 'from' | 'to'>;

function matcher(f: StreamFilter): ((e: FeedEvent) => boolean) | undefined {
  if (!f.decky && !f.service && !f.eventType && !f.srcIp && !f.q) return undefined;
  const text = f.q ? ftsMatcher(f.q) : undefined;
  return (e) => (!f.decky || e.decky === f.decky) && (!f.service || e.service === f.service) && (!f.eventType || e.eventType === f.eventType) && (!f.srcIp || e.srcIp === f.srcIp) && (!text || text(e.raw));
}

/** Reads the database after `cursor` with the filter; returns the new cursor. */
async function catchUp(deps: AppDeps, stream: SSEStreamingApi, cursor: number, f: StreamFilter, headBefore: number): Promise<number> {
  if (f.q) await syncFts(deps);
  const rows = (await deps.db.values<unknown[]>(eventsAfterSql(cursor, f, CATCH_UP_LIMIT))).map(eventFromValues);
  if (rows.length) await stream.write(rows.map((v) => `id: ${v.seq}\nevent: event\ndata: ${JSON.stringify(v)}\n\n`).join(''));
  const last = rows.at(-1)?.seq ?? cursor;
  // A short read saw every event committed before it started, i.e. all up to headBefore.
  return rows.length < CATCH_UP_LIMIT ? Math.max(last, headBefore) : last;
}

async function writeSegments(stream: SSEStreamingApi, segments: FeedSegment[], cursor: number, match: ((e: FeedEvent) => boolean) | undefined): Promise<number> {
  for (const seg of segments) {
    if (!match && seg.firstSeq > cursor) await stream.write(seg.bytes); // shared bytes, no copy
    else {
      const picked = seg.events.filter((e) => e.seq > cursor && (!match || match(e)));
      if (picked.length) await stream.write(picked.length === 1 ? picked[0]!.frame : concat(picked.map((e) => e.frame)));
    }
    cursor = seg.lastSeq;
  }
  return cursor;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function pumpShared(deps: AppDeps, feed: LiveFeed, stream: SSEStreamingApi, cursor: number, f: StreamFilter, started: number): Promise<void> {
  const match = matcher(f);
  while (!stream.aborted && deps.now() - started < STREAM_MAX_MS) {
    const segments = feed.after(cursor);
    if (segments === null) {
      cursor = await catchUp(deps, stream, cursor, f, feed.head);
      continue;
    }
    if (segments.length) {
      cursor = await writeSegments(stream, segments, cursor, match);
      continue;
    }
    const waitStart = deps.now();
    await feed.next(KEEPALIVE_MS);
    if (deps.now() - waitStart >= KEEPALIVE_MS && !stream.aborted) await stream.write(KEEPALIVE);
  }
}

async function pumpPolling(deps: AppDeps, stream: SSEStreamingApi, cursor: number, f: StreamFilter, started: number): Promise<void> {
  while (!stream.aborted && deps.now() - started < STREAM_MAX_MS) {
    const before = cursor;
    cursor = await catchUp(deps, stream, cursor, f, 0);
    if (cursor === before) await stream.write(KEEPALIVE);
    await stream.sleep(cursor !== before ? 50 : STREAM_POLL_MS);
  }
}

/** Authenticated by a single-use ticket (EventSource) or a bearer header (fetch). */
export function liveStreamHandler(deps: AppDeps) {
  return async (c: Context) => {
    await authorizeStream(deps, c);
    const resume = c.req.header('last-event-id') ?? c.req.query('lastEventId');
    if (resume !== undefined && !/^\d{1,16}$/.test(resume)) throw new AppError('validation_failed', 'Last-Event-ID must be an event sequence number');
    const f = Object.fromEntries(['decky', 'service', 'eventType', 'srcIp', 'q'].map((k) => [k, c.req.query(k)?.slice(0, 200)]).filter(([, v]) => v)) as StreamFilter;
    if (f.q) ftsQuery(f.q); // same validation as the list: 422 before the stream opens
    const feed = deps.sharedLiveFeed ? liveFeedFor(deps) : undefined;
    if (feed) await feed.join();
    let cursor: number;
    try {
      cursor = resume !== undefined ? Number(resume) : feed ? Math.max(feed.head, await latestSeq(deps)) : await latestSeq(deps);
    } catch (e) {
      feed?.leave();
      throw e;
    }
    return streamSSE(c, async (stream) => {
      try {
        const started = deps.now();
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ seq: cursor }) });
        await (feed ? pumpShared(deps, feed, stream, cursor, f, started) : pumpPolling(deps, stream, cursor, f, started));
      } finally {
        feed?.leave();
      }
    });
  };
}
