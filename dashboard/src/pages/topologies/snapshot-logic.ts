// Folding the topology stream's frames into the editor's snapshot, and the body/colour views of it.
import type { TopologyBody, TopologySnapshot, TopologyStatus, TopologyStreamFrame } from '@decnet/protocol';
import type { Tone } from '../../components/badge';

/** The snapshot after one frame. A frame for another version's body only moves the version (the caller refetches). */
export function applyFrame(s: TopologySnapshot | null, f: TopologyStreamFrame): TopologySnapshot | null {
  if (f.type === 'snapshot') return f.snapshot;
  if (!s) return s;
  switch (f.type) {
    case 'status':
      return { ...s, status: f.status, statusReason: f.statusReason, appliedVersion: f.appliedVersion, isolated: f.isolated, version: Math.max(s.version, f.version) };
    case 'mutation': {
      const rest = s.pendingMutations.filter((m) => m.id !== f.mutation.id);
      const open = f.mutation.status === 'pending' || f.mutation.status === 'applying';
      const version = Math.max(s.version, f.mutation.resultVersion);
      return { ...s, version, pendingMutations: open ? [...rest, f.mutation] : rest };
    }
    case 'decky': {
      if (f.removed) return { ...s, deckies: s.deckies.filter((d) => d.name !== f.name) };
      return { ...s, deckies: s.deckies.map((d) => (d.name === f.name ? { ...d, reported: f.reported } : d)) };
    }
  }
}

/**
 * A fetched snapshot, unless the stream already told us more about the same version: a GET that was
 * answered before the agent's report may arrive after the stream's status frame, and must not take
 * the applied version (and the status that came with it) back.
 */
export function keepNewer(cur: TopologySnapshot | null, fetched: TopologySnapshot): TopologySnapshot {
  if (!cur || cur.id !== fetched.id || cur.version !== fetched.version || (cur.appliedVersion ?? -1) <= (fetched.appliedVersion ?? -1)) return fetched;
  return { ...fetched, status: cur.status, statusReason: cur.statusReason, appliedVersion: cur.appliedVersion, isolated: cur.isolated };
}

/** The editable body of a snapshot (what mutation ops apply to). */
export function bodyOf(s: TopologySnapshot): TopologyBody {
  return {
    name: s.name,
    hostId: s.hostId,
    lans: s.lans,
    deckies: s.deckies.map(({ id: _id, reported: _r, ...d }) => d),
  };
}

export const STATUS_TONES: Record<TopologyStatus, Tone> = {
  pending: 'neutral',
  deploying: 'info',
  active: 'ok',
  degraded: 'warn',
  failed: 'bad',
  tearing_down: 'warn',
  torn_down: 'neutral',
};

/** Canvas colours of decky states (what the agent reports), and of nodes with no report yet. */
export function stateColour(state: string | null | undefined): string {
  switch (state) {
    case 'running':
      return '#34d399';
    case 'starting':
    case 'pending':
      return '#a78bfa';
    case 'degraded':
    case 'stopping':
      return '#fbbf24';
    case 'failed':
      return '#f87171';
    case 'stopped':
      return '#5d6b85';
    default:
      return '#8391a9';
  }
}
