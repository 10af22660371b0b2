// The shape of a stored event as the control plane's query API returns it (GET /events, the SSE
// stream, attacker detail), shared with the dashboard.
export interface EventView {
  id: string;
  /** Monotonic ingest sequence: the SSE cursor (Last-Event-ID). */
  seq: number;
  ts: string;
  hostId: string | null;
  decky: string;
  service: string;
  eventType: string;
  srcIp: string | null;
  srcPort: number | null;
  fields: Record<string, string>;
  msg: string | null;
  /** The original RFC 5424 line (always stored with the event). */
  raw: string;
}
