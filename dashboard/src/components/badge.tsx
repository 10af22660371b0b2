// Small coloured labels for states, roles, kinds and services.
import type { ComponentChildren } from 'preact';

export type Tone = 'neutral' | 'ok' | 'warn' | 'bad' | 'info' | 'accent';

export function Badge({ tone = 'neutral', children, dot, title }: { tone?: Tone; children: ComponentChildren; dot?: boolean; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {dot && <span class="badge-dot" aria-hidden="true" />}
      {children}
    </span>
  );
}

const STATE_TONES: Record<string, Tone> = {
  online: 'ok',
  running: 'ok',
  active: 'ok',
  stale: 'warn',
  starting: 'info',
  pending: 'neutral',
  degraded: 'warn',
  stopping: 'warn',
  stopped: 'neutral',
  offline: 'bad',
  failed: 'bad',
  decommissioned: 'neutral',
};

/** A state badge (host status, decky state) with a dot, coloured by meaning. */
export function StateBadge({ state }: { state: string }) {
  return (
    <Badge tone={STATE_TONES[state] ?? 'neutral'} dot>
      {state}
    </Badge>
  );
}

export function TagList({ items, tone = 'neutral', max = 6 }: { items: readonly string[]; tone?: Tone; max?: number }) {
  if (!items.length) return <span class="muted">—</span>;
  const shown = items.slice(0, max);
  return (
    <span class="tag-list">
      {shown.map((s) => (
        <Badge key={s} tone={tone}>
          {s}
        </Badge>
      ))}
      {items.length > max && <span class="muted small">+{items.length - max}</span>}
    </span>
  );
}
