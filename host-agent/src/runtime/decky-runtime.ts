// What runs deckies on this host: the local and docker runtimes implement DeckyRuntime. The
// `pending` runtime stands in when a runtime cannot run (e.g. docker without its network settings):
// it records the desired deckies and reports each as pending with the reason.
import type { DeckyReport, DeckySpec, DesiredTopology, Runtime, TopologyReport } from '@decnet/protocol';

export interface DeckyRuntime {
  readonly kind: Runtime;
  /**
   * Converge on this desired set (idempotent). `topologies` say which LANs exist and which of the
   * deckies sit on which of them (their deckies are in `deckies` too); absent: a flat fleet.
   */
  apply(deckies: readonly DeckySpec[], topologies?: readonly DesiredTopology[]): Promise<void>;
  /** The actual state of every decky, for heartbeats and `status`. */
  report(): DeckyReport[];
  /** What was realised of each desired topology (heartbeat `topologies`). */
  reportTopologies(): TopologyReport[];
  close(): Promise<void>;
}

export class PendingRuntime implements DeckyRuntime {
  private desired: readonly DeckySpec[] = [];
  private topologies: readonly DesiredTopology[] = [];

  constructor(
    readonly kind: Runtime,
    private readonly reason = `the ${kind} decky runtime is not available`,
  ) {}

  async apply(deckies: readonly DeckySpec[], topologies: readonly DesiredTopology[] = []): Promise<void> {
    this.desired = deckies;
    this.topologies = topologies;
  }

  /** Nothing is realised: each topology failed, with the reason. */
  reportTopologies(): TopologyReport[] {
    return this.topologies.map((t) => ({ id: t.id, appliedVersion: 0, state: 'failed', error: this.reason, isolated: false }));
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
