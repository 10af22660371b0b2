// Typed bus client over mqtt.js: publishes envelopes, validates every received envelope against
// the subscriber's payload schema (bad ones are counted and dropped), and applies back-pressure
// when async handlers fall behind (mqtt.js reads the next packet only when handleMessage calls back).
import { decodeEnvelope, encodeEnvelope, makeEnvelope, topicMatches, type Envelope } from '@decnet/protocol';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { z } from 'zod';

export type BusAddress = { socketPath: string } | { host: string; port: number };

export interface BusClientOptions {
  address: BusAddress;
  clientId: string;
  /** Async handler results outstanding before the client stops reading (default 10,000). */
  maxOutstanding?: number;
  reconnectPeriodMs?: number;
  log?: (msg: string) => void;
}

export interface BusClientStats {
  received: number;
  invalid: number;
  handlerErrors: number;
  published: number;
}

type Handler = (envelope: Envelope<never>, topic: string) => void | Promise<void>;

interface Subscription {
  pattern: string;
  schema: z.ZodType;
  handler: Handler;
}

export class BusClient {
  readonly stats: BusClientStats = { received: 0, invalid: 0, handlerErrors: 0, published: 0 };
  private readonly client: MqttClient;
  private readonly subs: Subscription[] = [];
  private outstanding = 0;
  private held: Array<() => void> = [];
  private readonly maxOutstanding: number;

  constructor(private readonly opts: BusClientOptions) {
    this.maxOutstanding = opts.maxOutstanding ?? 10_000;
    const base: IClientOptions = {
      clientId: opts.clientId,
      reconnectPeriod: opts.reconnectPeriodMs ?? 250,
      connectTimeout: 5000,
      clean: true,
      protocolVersion: 4,
      // No table of 65,536 pre-built packet-id Buffers (6 MB of heap per process; broker.ts).
      writeCache: false,
    };
    const where: IClientOptions = 'socketPath' in opts.address
      ? { protocol: 'mqtt', unixSocket: true, path: opts.address.socketPath }
      : { protocol: 'mqtt', host: opts.address.host, port: opts.address.port };
    this.client = mqtt.connect({ ...base, ...where });
    this.client.on('error', (e) => {
      // The reconnect loop handles a broker that is not (yet, or any more) listening.
      const code = (e as { code?: unknown }).code;
      if (code !== 'ENOENT' && code !== 'ECONNREFUSED') opts.log?.(`bus ${opts.clientId}: ${e.message}`);
    });
    this.client.on('message', (topic, payload) => this.dispatch(topic, payload));
    this.client.handleMessage = (_packet, done) => {
      if (this.outstanding < this.maxOutstanding) done();
      else this.held.push(() => done());
    };
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Bytes written but not yet taken by the socket: a fast publisher waits while this is high. */
  get backlogBytes(): number {
    return (this.client as unknown as { stream?: { writableLength?: number } }).stream?.writableLength ?? 0;
  }

  /** Resolves at the first successful connection. */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.client.connected) return Promise.resolve();
    return new Promise((ok, fail) => {
      const t = setTimeout(() => fail(new Error(`bus: no connection after ${timeoutMs} ms`)), timeoutMs);
      this.client.once('connect', () => {
        clearTimeout(t);
        ok();
      });
    });
  }

  /** At-most-once notification (QoS 0); mqtt.js queues it while reconnecting. */
  publish<T>(topic: string, type: string, payload: T): void {
    this.stats.published++;
    this.client.publish(topic, encodeEnvelope(makeEnvelope(type, payload)), { qos: 0 });
  }

  /** Raw publish of an already encoded envelope (benchmarks, bridges). */
  publishRaw(topic: string, body: string | Buffer): void {
    this.stats.published++;
    this.client.publish(topic, body, { qos: 0 });
  }

  async subscribe<S extends z.ZodType>(
    pattern: string,
    schema: S,
    handler: (envelope: Envelope<z.infer<S>>, topic: string) => void | Promise<void>,
  ): Promise<void> {
    this.subs.push({ pattern, schema, handler: handler as Handler });
    await this.client.subscribeAsync(pattern, { qos: 0 });
  }

  private dispatch(topic: string, payload: Buffer): void {
    this.stats.received++;
    for (const sub of this.subs) {
      if (!topicMatches(sub.pattern, topic)) continue;
      const r = decodeEnvelope(payload, sub.schema);
      if (!r.ok) {
        this.stats.invalid++;
        continue;
      }
      let result: void | Promise<void>;
      try {
        result = sub.handler(r.envelope as Envelope<never>, topic);
      } catch {
        this.stats.handlerErrors++;
        continue;
      }
      if (result instanceof Promise) {
        this.outstanding++;
        result.then(
          () => this.settle(),
          () => {
            this.stats.handlerErrors++;
            this.settle();
          },
        );
      }
    }
  }

  private settle(): void {
    this.outstanding--;
    // Resume reading once half the window is free (hysteresis avoids flapping).
    if (this.outstanding <= this.maxOutstanding / 2) for (const go of this.held.splice(0)) go();
  }

  async close(): Promise<void> {
    for (const go of this.held.splice(0)) go();
    await this.client.endAsync(true);
  }
}
