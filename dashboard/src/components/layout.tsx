// App frame: left navigation (grouped, role-aware), live-stream status, the signed-in user with
// account and sign-out actions, and the main content region with a skip link.
import type { ComponentChildren } from 'preact';
import { useStore } from '../api/store';
import type { User } from '../api/types';
import { logout } from '../auth/logout';
import { useEffect } from 'preact/hooks';
import { liveState, subscribeLive } from '../live/live-hub';
import { Link, useLocation } from '../router/router';
import { sectionOf } from '../router/match';
import { Icon, type IconName } from './icons';

interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  adminOnly?: boolean;
}

const NAV: { group: string; items: NavItem[] }[] = [
  {
    group: 'Monitor',
    items: [
      { href: '/', label: 'Overview', icon: 'overview' },
      { href: '/live', label: 'Live events', icon: 'live' },
      { href: '/attackers', label: 'Attackers', icon: 'attackers' },
      { href: '/identities', label: 'Identities', icon: 'users' },
      { href: '/campaigns', label: 'Campaigns', icon: 'topology' },
      { href: '/credentials', label: 'Credentials', icon: 'credentials' },
      { href: '/attack', label: 'ATT&CK', icon: 'shield' },
      { href: '/canaries', label: 'Canaries', icon: 'key' },
    ],
  },
  {
    group: 'Infrastructure',
    items: [
      { href: '/fleet', label: 'Fleet', icon: 'fleet' },
      { href: '/topologies', label: 'Topologies', icon: 'topology' },
      { href: '/hosts', label: 'Hosts', icon: 'hosts' },
      { href: '/workers', label: 'Workers', icon: 'hosts' },
      { href: '/releases', label: 'Releases', icon: 'fleet', adminOnly: true },
    ],
  },
  { group: 'Administration', items: [{ href: '/users', label: 'Users', icon: 'users', adminOnly: true }, { href: '/webhooks', label: 'Webhooks', icon: 'inbox', adminOnly: true }] },
];

const STREAM_LABEL: Record<string, string> = {
  idle: 'Stream idle',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  unavailable: 'Stream unavailable',
  stopped: 'Stream paused',
};

function StreamStatus() {
  const s = useStore(liveState);
  return (
    <div class={`stream-status status-${s.status}`} title={s.detail}>
      <span class="badge-dot" aria-hidden="true" />
      {STREAM_LABEL[s.status]}
    </div>
  );
}

export function Layout({ user, children }: { user: User; children: ComponentChildren }) {
  const section = sectionOf(useLocation().path);
  // Keep the live stream open while signed in, so the status light means something everywhere.
  useEffect(() => subscribeLive(() => undefined), []);
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <aside class="sidebar">
        <Link href="/" class="brand" aria-label="DECNET overview">
          <span class="brand-mark">
            <Icon name="shield" size={18} />
          </span>
          <span class="brand-name">DECNET</span>
        </Link>
        <nav aria-label="Main">
          {NAV.map((g) => {
            const items = g.items.filter((i) => !i.adminOnly || user.role === 'admin');
            if (!items.length) return null;
            return (
              <div class="nav-group" key={g.group}>
                <div class="nav-group-label">{g.group}</div>
                {items.map((i) => (
                  <Link key={i.href} href={i.href} class={`nav-link${section === i.href ? ' active' : ''}`} aria-current={section === i.href ? 'page' : undefined}>
                    <Icon name={i.icon} size={16} />
                    {i.label}
                  </Link>
                ))}
              </div>
            );
          })}
        </nav>
        <div class="sidebar-foot">
          <StreamStatus />
          <div class="user-chip">
            <Link href="/account" class="user-link" aria-label="Account settings">
              <span class="avatar" aria-hidden="true">
                {user.username.slice(0, 1).toUpperCase()}
              </span>
              <span class="user-meta">
                <span class="user-name">{user.username}</span>
                <span class="user-role">{user.role}</span>
              </span>
            </Link>
            <button type="button" class="btn btn-icon btn-ghost" onClick={() => void logout()} aria-label="Sign out" title="Sign out">
              <Icon name="logout" />
            </button>
          </div>
        </div>
      </aside>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
