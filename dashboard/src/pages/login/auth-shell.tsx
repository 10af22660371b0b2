// Centred panel with the product mark, shared by the login and password-change screens.
import type { ComponentChildren } from 'preact';
import { Icon } from '../../components/icons';

export function AuthShell({ title, subtitle, children }: { title: string; subtitle?: string; children: ComponentChildren }) {
  return (
    <main class="auth-shell">
      <div class="auth-card">
        <div class="brand brand-lg">
          <span class="brand-mark">
            <Icon name="shield" size={22} />
          </span>
          <span class="brand-name">DECNET</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p class="muted">{subtitle}</p>}
        {children}
      </div>
      <p class="auth-foot muted small">Deception network control plane</p>
    </main>
  );
}
