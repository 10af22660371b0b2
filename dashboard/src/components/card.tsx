// Panels: Card (titled section) and StatCard (one big figure with a caption).
import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './icons';

export function Card({ title, actions, children, class: cls, flush }: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; class?: string; flush?: boolean }) {
  return (
    <section class={`card${cls ? ` ${cls}` : ''}`}>
      {(title || actions) && (
        <header class="card-head">
          {title && <h2 class="card-title">{title}</h2>}
          {actions && <div class="card-actions">{actions}</div>}
        </header>
      )}
      <div class={flush ? 'card-body flush' : 'card-body'}>{children}</div>
    </section>
  );
}

export function StatCard({ label, value, icon, hint, tone = 'accent' }: { label: string; value: ComponentChildren; icon: IconName; hint?: ComponentChildren; tone?: string }) {
  return (
    <section class={`card stat-card tone-${tone}`}>
      <div class="stat-icon">
        <Icon name={icon} size={20} />
      </div>
      <div class="stat-text">
        <div class="stat-label">{label}</div>
        <div class="stat-value">{value}</div>
        {hint && <div class="stat-hint">{hint}</div>}
      </div>
    </section>
  );
}
