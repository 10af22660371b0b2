// Agent side of the broker thread: start it, wait until it listens, follow its stats, stop it.
// `onExit` fires when the thread dies on its own (a crash); the supervisor restarts it.
import { Worker } from 'node:worker_threads';
import { compiledSibling } from '../compiled';
import type { BrokerOptions, BrokerStats } from './broker';
import type { FromBrokerThread, ToBrokerThread } from './broker-messages';

// Compiled: the build's broker-thread.mjs beside the agent bundle. From sources: a boot file that
// registers tsx in the thread, then the TypeScript entry.
const COMPILED = compiledSibling('./broker-thread.mjs');
const BOOT = COMPILED ?? new URL('./thread-boot.mjs', import.meta.url);
const ENTRY = new URL('./broker-thread.ts', import.meta.url).href;

export class BrokerThread {
  stats: BrokerStats | undefined;
  private stopping = false;

  private constructor(
    private readonly worker: Worker,
    readonly tcpPort: number,
    readonly socketPath: string,
  ) {}

  static start(options: BrokerOptions, onExit: (err: Error) => void): Promise<BrokerThread> {
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY, options }, stdout: false, stderr: false });
    return new Promise((ok, fail) => {
      let host: BrokerThread | undefined;
      worker.on('message', (m: FromBrokerThread) => {
        if (m.type === 'ready') {
          host = new BrokerThread(worker, m.tcpPort, m.socketPath);
          ok(host);
        } else if (m.type === 'stats' && host) {
          host.stats = m.stats;
        }
      });
      worker.on('error', (err) => {
        if (!host) fail(err);
        else if (!host.stopping) onExit(err);
      });
      worker.on('exit', (code) => {
        if (!host) fail(new Error(`broker thread exited (${code}) before listening`));
        else if (!host.stopping) onExit(new Error(`broker thread exited (${code})`));
      });
    });
  }

  /** Orderly stop; the thread is terminated if it does not finish within `timeoutMs`. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const exited = new Promise<void>((ok) => this.worker.once('exit', () => ok()));
    this.worker.postMessage({ type: 'stop' } satisfies ToBrokerThread);
    const timer = setTimeout(() => void this.worker.terminate(), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kill the thread abruptly (tests of the restart path). */
  async crash(): Promise<void> {
    await this.worker.terminate();
  }
}
