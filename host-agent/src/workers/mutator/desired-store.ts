// The desired deckies of this host, from whichever source owns them: the control plane (through the
// desired-state worker) or, when not enrolled, the local fleet file. The mutator is the one that
// applies them to the runtime; the store outlives worker restarts (it is built by the registry).
import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import type { DeckyRuntime } from '../../runtime/decky-runtime';

export type DesiredSource = 'control-plane' | 'local';

export interface DesiredSnapshot {
  deckies: readonly DeckySpec[];
  /** Multi-LAN topologies (their deckies are in `deckies` too); empty for a flat fleet. */
  topologies: readonly DesiredTopology[];
  source: DesiredSource;
  /** Increases with every set(). */
  revision: number;
}

export class DesiredStore {
  private snap: DesiredSnapshot | undefined;
  private readonly listeners = new Set<() => void>();

  set(deckies: readonly DeckySpec[], source: DesiredSource, topologies: readonly DesiredTopology[] = []): void {
    this.snap = { deckies, topologies, source, revision: (this.snap?.revision ?? 0) + 1 };
    for (const l of this.listeners) l();
  }

  /** Undefined until a source spoke: nothing is applied (or torn down) before that. */
  get(): DesiredSnapshot | undefined {
    return this.snap;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * A DeckyRuntime for the desired-state worker: apply() only records the control plane's deckies in
 * the store (the mutator applies them, with its rotations); report() is the real runtime's.
 */
export function storeAsRuntime(store: DesiredStore, runtime: DeckyRuntime): DeckyRuntime {
  return {
    kind: runtime.kind,
    apply: async (deckies, topologies) => store.set(deckies, 'control-plane', topologies),
    report: () => runtime.report(),
    reportTopologies: () => runtime.reportTopologies(),
    close: async () => {},
  };
}
