// Shown when a request succeeded but there is nothing to list yet.
import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './icons';

export function EmptyState({ icon = 'inbox', title, children }: { icon?: IconName; title: string; children?: ComponentChildren }) {
  return (
    <div class="state-block empty">
      <Icon name={icon} size={28} />
      <strong>{title}</strong>
      {children && <div class="muted">{children}</div>}
    </div>
  );
}
