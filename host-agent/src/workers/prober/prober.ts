// The prober's scheduler: an attacker address seen on the bus is probed on first sight and then at
// most once per period, if the policy allows it; a token bucket (probes per minute), a concurrency
// limit, a bounded waiting queue and a capped, expiring seen-address table keep it bounded.
import { formatRfc5424, parseDecnetLine, PROBER_SERVICE, randomEventId, serviceEventFromRecord, type ProberMsgid, type ServiceEvent } from '@decnet/protocol';
import type { ProberConfig } from './config';
import type { ProbePolicy } from './policy';
import type { ProbeReport } from './probe-host';

export interface ProberDeps {
  config: ProberConfig;
  policy: ProbePolicy;
  probe(ip: string, signal: AbortSignal): Promise<ProbeReport>;
  emit(e: ServiceEvent): void;
  now?(): number;
}

export interface ProberCounters {
  sightings: number; started: number; finished: number; failed: number; skippedProtected: number; skippedDenied: number;
  skippedFleet: number; skippedInvalid: number; skippedRecent: number; queueFull: number; seenEvicted: number;
}

interface Item { ip: string; decky: string; firstSight: boolean }

/** `::ffff:a.b.c.d` -> `a.b.c.d`, so one host is one entry. */
export function canonicalIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip.toLowerCase();
}

export class Prober {
  readonly counters: ProberCounters = {
    sightings: 0, started: 0, finished: 0, failed: 0, skippedProtected: 0, skippedDenied: 0, skippedFleet: 0, skippedInvalid: 0, skippedRecent: 0, queueFull: 0, seenEvicted: 0,
  };
  /** ip -> when its last probe started; insertion order = age (re-set on every probe). */
  private readonly seen = new Map<string, number>();
  private readonly queue: Item[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private tokens: number;
  private refilledAt: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private readonly now: () => number;

  constructor(private readonly d: ProberDeps) {
    this.now = d.now ?? Date.now;
    this.tokens = Math.min(d.config.ratePerMinute, d.config.concurrency * 2);
    this.refilledAt = this.now();
  }

  get queueLength(): number { return this.queue.length; }
  get runningCount(): number { return this.running; }
  get trackedCount(): number { return this.seen.size; }

  /** An attacker address seen by a decky. */
  sight(rawIp: string, decky: string): void {
    this.counters.sightings++;
    const ip = canonicalIp(rawIp);
    const v = this.d.policy.verdict(ip);
    if (!v.probe) {
      const key = ({ invalid: 'skippedInvalid', denied: 'skippedDenied', protected: 'skippedProtected', fleet: 'skippedFleet' } as const)[v.reason];
      this.counters[key]++;
      return;
    }
    const last = this.seen.get(ip);
    if ((last !== undefined && this.now() - last < this.d.config.periodS * 1000) || this.queued.has(ip)) {
      this.counters.skippedRecent++;
      return;
    }
    if (this.queue.length >= this.d.config.maxQueued) {
      this.counters.queueFull++;
      return;
    }
    this.queue.push({ ip, decky, firstSight: last === undefined });
    this.queued.add(ip);
    this.pump();
  }

  /** Drops seen entries older than the period (they would be probed again anyway). */
  sweep(): void {
    const cutoff = this.now() - this.d.config.periodS * 1000;
    for (const [ip, at] of this.seen) {
      if (at >= cutoff) break;
      this.seen.delete(ip);
    }
  }

  stop(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queued.clear();
  }

  private refill(): void {
    const t = this.now();
    const rate = this.d.config.ratePerMinute / 60_000;
    this.tokens = Math.min(this.d.config.ratePerMinute, this.tokens + (t - this.refilledAt) * rate);
    this.refilledAt = t;
  }

  private pump(): void {
    if (this.abort.signal.aborted) return;
    this.refill();
    while (this.running < this.d.config.concurrency && this.queue.length > 0 && this.tokens >= 1) {
      this.tokens--;
      const item = this.queue.shift()!;
      this.queued.delete(item.ip);
      this.start(item);
    }
    if (this.queue.length > 0 && this.tokens < 1 && !this.timer) {
      const waitMs = Math.ceil((1 - this.tokens) / (this.d.config.ratePerMinute / 60_000));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, waitMs);
    }
  }

  private start(item: Item): void {
    const startedMs = this.now();
    this.seen.delete(item.ip);
    this.seen.set(item.ip, startedMs);
    while (this.seen.size > this.d.config.maxTracked) {
      this.seen.delete(this.seen.keys().next().value!);
      this.counters.seenEvicted++;
    }
    this.running++;
    this.counters.started++;
    const reason = item.firstSight ? 'first_sight' : 'period';
    this.event(item, 'probe_started', { reason, ports: this.d.config.ports.join(',') });
    const deadline = AbortSignal.timeout(this.d.config.timeoutMs * (this.d.config.ports.length + 30));
    this.d.probe(item.ip, AbortSignal.any([this.abort.signal, deadline]))
      .then((r) => {
        this.counters.finished++;
        this.event(item, 'prober_result', { ...r.fields, reason, status: 'done', probes: r.steps.join(' '), duration_ms: String(this.now() - startedMs) });
      })
      .catch((e: unknown) => {
        this.counters.failed++;
        if (this.abort.signal.aborted) return;
        this.event(item, 'prober_result', { reason, status: 'failed', error: (e as Error).message.slice(0, 200), duration_ms: String(this.now() - startedMs) });
      })
      .finally(() => {
        this.running--;
        this.pump();
      });
  }

  private event(item: Item, msgid: ProberMsgid, fields: Record<string, string>): void {
    const line = formatRfc5424({ hostname: item.decky, appName: PROBER_SERVICE, msgid, timestamp: new Date(), params: { src_ip: item.ip, ...fields } });
    const r = parseDecnetLine(line);
    if (r.kind === 'record') this.d.emit(serviceEventFromRecord(r.record, randomEventId()));
  }
}

