// Ranked list with a proportional meter per row (top attackers, services, credentials).
import type { ComponentChildren } from 'preact';
import { formatCount } from '../format/number';

export interface BarItem {
  key: string;
  label: ComponentChildren;
  sub?: ComponentChildren;
  count: number;
}

export function BarList({ items }: { items: BarItem[] }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <ol class="bar-list">
      {items.map((i) => (
        <li key={i.key}>
          <div class="bar-row">
            <span class="bar-label">
              {i.label}
              {i.sub && <span class="bar-sub">{i.sub}</span>}
            </span>
            <span class="bar-count">{formatCount(i.count)}</span>
          </div>
          <div class="bar-track" aria-hidden="true">
            <div class="bar-fill" style={{ width: `${Math.max(2, (i.count / max) * 100)}%` }} />
          </div>
        </li>
      ))}
    </ol>
  );
}
