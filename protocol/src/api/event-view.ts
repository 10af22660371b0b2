// The shape of a stored event as the control plane's query API returns it (GET /events, the SSE
// stream, attacker detail), shared with the dashboard; and the other event-query responses.
import { z } from 'zod';

export const EventViewSchema = z
  .object({
    id: z.string(),
    /** Monotonic ingest sequence: the SSE cursor (Last-Event-ID). */
    seq: z.number(),
    ts: z.string(),
    hostId: z.string().nullable(),
    decky: z.string(),
    service: z.string(),
    eventType: z.string(),
    srcIp: z.string().nullable(),
    srcPort: z.number().nullable(),
    fields: z.record(z.string(), z.string()),
    msg: z.string().nullable(),
    /** The original RFC 5424 line (always stored with the event). */
    raw: z.string(),
  })
  .meta({ id: 'Event' });
export type EventView = z.infer<typeof EventViewSchema>;

export const EventPageSchema = z.object({ items: z.array(EventViewSchema), nextCursor: z.string().nullable() }).meta({ id: 'EventPage' });
export type EventPage = z.infer<typeof EventPageSchema>;

export const HistogramSchema = z
  .object({ intervalS: z.number(), buckets: z.array(z.object({ ts: z.string(), count: z.number() })) })
  .meta({ id: 'Histogram' });
export type Histogram = z.infer<typeof HistogramSchema>;
export type HistogramBucket = Histogram['buckets'][number];

export const StatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    events: z.number(),
    attackers: z.number(),
    credentials: z.number(),
    activeDeckies: z.number(),
    topAttackers: z.array(z.object({ ip: z.string(), attackerId: z.string().nullable(), count: z.number() })),
    topServices: z.array(z.object({ service: z.string(), count: z.number() })),
    topCredentials: z.array(z.object({ principal: z.string(), secretPrintable: z.string(), kind: z.string(), count: z.number() })),
  })
  .meta({ id: 'Stats' });
export type Stats = z.infer<typeof StatsSchema>;

export const StreamTicketSchema = z.object({ ticket: z.string(), expiresAt: z.string() }).meta({ id: 'StreamTicket' });
export type StreamTicket = z.infer<typeof StreamTicketSchema>;
