// One log line to what the collector stores (inventory §1.1): a ServiceEvent, a drop (drop-list app or
// a connect/disconnect repeated within the dedup window), or a malformed line kept raw as a
// `parse_error` event of the agent (within a per-source budget, so garbage cannot fill the spool).
import { ConnectDedup, parseDecnetLine, serviceEventFromRecord, type ServiceEvent } from '@decnet/protocol';
import { AGENT_SERVICE } from '../../spool/agent-events';

export type LineOutcome =
  | { kind: 'event'; event: ServiceEvent }
  | { kind: 'dropped'; reason: 'app' | 'dedup' }
  | { kind: 'malformed'; event: ServiceEvent | undefined };

export interface InterpretOptions {
  dropApps?: readonly string[];
  /** 0 disables the connect/disconnect dedup. */
  dedupWindowMs?: number;
  /** parse_error events kept per minute for one source; more are only counted. */
  malformedPerMinute?: number;
  nowMs?: () => number;
}

/** Stateful per source (a log stream or a syslog peer): the dedup and the malformed budget. */
export class LineInterpreter {
  private readonly dedup: ConnectDedup;
  private eventClockMs = -Infinity;
  private budgetWindow = 0;
  private budgetUsed = 0;
  private readonly now: () => number;

  constructor(private readonly o: InterpretOptions = {}) {
    this.now = o.nowMs ?? Date.now;
    // The dedup runs on event time, not arrival time: a replay after a restart decides alike.
    this.dedup = new ConnectDedup({ windowMs: o.dedupWindowMs ?? 1000, now: () => this.eventClockMs, maxEntries: 4096 });
  }

  async interpret(line: string, id: () => Promise<string> | string, decky: string, context: Record<string, string> = {}): Promise<LineOutcome> {
    const r = parseDecnetLine(line, parseOptions(this.o.dropApps, this.now));
    if (r.kind === 'dropped') return { kind: 'dropped', reason: 'app' };
    if (r.kind === 'invalid') {
      if (!this.takeBudget()) return { kind: 'malformed', event: undefined };
      const fields = { ...context, error: r.error.code, detail: r.error.message.slice(0, 256), offset: String(r.error.offset) };
      return { kind: 'malformed', event: malformedEvent(await id(), decky, line, fields, this.now()) };
    }
    const t = Date.parse(r.record.timestamp);
    if (t < this.eventClockMs) this.dedup.clear(); // the source's clock stepped back
    this.eventClockMs = t;
    if (!this.dedup.shouldKeep(r.record)) return { kind: 'dropped', reason: 'dedup' };
    return { kind: 'event', event: serviceEventFromRecord(r.record, await id()) };
  }

  private takeBudget(): boolean {
    const window = Math.floor(this.now() / 60_000);
    if (window !== this.budgetWindow) {
      this.budgetWindow = window;
      this.budgetUsed = 0;
    }
    return this.budgetUsed++ < (this.o.malformedPerMinute ?? 60);
  }
}

function parseOptions(dropApps: readonly string[] | undefined, now: () => number) {
  return dropApps ? { dropApps, now } : { now };
}

export function malformedEvent(id: string, decky: string, line: string, fields: Record<string, string>, nowMs: number): ServiceEvent {
  return {
    id,
    ts: new Date(nowMs).toISOString(),
    decky: decky.slice(0, 255) || '-',
    service: AGENT_SERVICE,
    eventType: 'parse_error',
    fields,
    raw: line.slice(0, 16_384),
  };
}
