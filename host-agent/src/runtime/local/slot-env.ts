// What every local decky slot shares: directories, the runner command, limits and timings. Built
// once by LocalRuntime from its options.
import type { BackoffOptions } from '../../workers/backoff';
import type { Log } from '../../workers/worker';
import type { LogWriterOptions } from './log-writer';
import type { RunnerPool } from './runner-pool';

export interface SlotEnv {
  /** The runner processes the deckies are packed into. */
  runners: RunnerPool;
  artifactsRoot: string;
  /** Log writer options except the decky. */
  logs: Omit<LogWriterOptions, 'decky'>;
  /** A service's listeners (key and real port), or undefined when this build has no template for it. */
  listenersOf(service: string): ReadonlyArray<{ key: string; port: number; transport?: 'tcp' | 'udp' }> | undefined;
  mappedPortBase: number;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  backoff: BackoffOptions;
  /** Consecutive crashes (without a stable run between) after which a decky is reported failed. */
  failedAfterAttempts: number;
  /** A run this long resets the crash count. */
  stableAfterMs: number;
  nowMs(): number;
  log: Log;
  /** Any slot changed state. */
  onChange(): void;
}
