// What runs deckies on this host. The docker and local runtimes arrive with the deploy issue; until
// then the `pending` runtime records the desired deckies and reports each as pending, so the
// control plane sees exactly what the agent was asked to run and that nothing runs yet.
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

  constructor(readonly kind: Runtime) {}

  async apply(deckies: readonly DeckySpec[]): Promise<void> {
    this.desired = deckies;
  }

  report(): DeckyReport[] {
    return this.desired.map((d) => ({
      name: d.name,
      state: 'pending',
      services: d.services,
      runtime: this.kind,
      error: `the ${this.kind} decky runtime is not part of this agent build yet`,
    }));
  }

  async close(): Promise<void> {}
}
