// Bus worker: runs the aedes broker in its own thread (bus/broker-thread.ts). If the thread dies
// the worker fails and the supervisor starts a new broker; bus clients reconnect on their own.
import type { BrokerOptions } from '../../bus/broker';
import { BrokerThread } from '../../bus/broker-thread-host';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';

export interface BusWorkerDeps extends WorkerContext {
  options: BrokerOptions;
  /** Told where the broker listens once it does (the TCP port may be picked at random). */
  onListening?(where: { socketPath: string; tcpPort: number }): void;
}

export class BusWorker implements Worker {
  private thread: BrokerThread | undefined;

  constructor(private readonly deps: BusWorkerDeps) {}

  async start(): Promise<void> {
    this.thread = await BrokerThread.start(this.deps.options, (err) => this.deps.fail(err));
    this.deps.onListening?.({ socketPath: this.thread.socketPath, tcpPort: this.thread.tcpPort });
  }

  health(): WorkerHealth {
    const s = this.thread?.stats;
    if (!s) return { status: 'ok' };
    const counters = { clients: s.clients, published: s.published, throttled: s.throttled, refused: s.refused, queued: s.queued, maxQueued: s.maxQueued };
    return { status: 'ok', counters };
  }

  stats() {
    return this.thread?.stats;
  }

  /** Kill the broker thread abruptly, as a crash would (tests of the restart path). */
  async crash(): Promise<void> {
    await this.thread?.crash();
  }

  async stop(): Promise<void> {
    await this.thread?.stop();
    this.thread = undefined;
  }
}
