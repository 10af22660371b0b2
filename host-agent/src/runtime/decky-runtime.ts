// What runs deckies on this host: the local and docker runtimes implement DeckyRuntime. The
// `pending` runtime stands in when a runtime cannot run (e.g. docker without its network settings):
// it records the desired deckies and reports each as pending with the reason.
import type { DeckyReport, DeckySpec, Runtime } from '@decnet/protocol';

export interface DeckyRuntime {
  readonly kind: Runtime;
  /** Converge on this desired set (idempotent). */
  apply(deckies: readonly DeckySpec[]): Promise<void>;
  /** The actual state of every decky, for heartbeats and `status`. */
  report(): DeckyReport[];
  close(): Promise<void>;
}

export class PendingRuntime implements DeckyRuntime {
  private desired: readonly DeckySpec[] = [];

  constructor(
    readonly kind: Runtime,
    private readonly reason = `the ${kind} decky runtime is not available`,
  ) {}

  async apply(deckies: readonly DeckySpec[]): Promise<void> {
    this.desired = deckies;
  }

  report(): DeckyReport[] {
    return this.desired.map((d) => ({
      name: d.name,
      state: 'pending',
      services: d.services,
      runtime: this.kind,
      error: this.reason,
    }));
  }

  async close(): Promise<void> {}
}
