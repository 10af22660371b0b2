// Root: sign-in gate, forced password change, then the routed pages inside the layout.
import type { ComponentChildren } from 'preact';
import { useStore } from './api/store';
import type { User } from './api/types';
import { auth } from './auth/session';
import { Layout } from './components/layout';
import { Toasts } from './components/toast';
import { pickRoute, type Params } from './router/match';
import { useLocation } from './router/router';
import { ForcedChangePage } from './pages/login/forced-change-page';
import { LoginPage } from './pages/login/login-page';
import { AccountPage } from './pages/login/account-page';
import { OverviewPage } from './pages/overview/overview-page';
import { LivePage } from './pages/live/live-page';
import { AttackersPage } from './pages/attackers/attackers-page';
import { AttackerDetailPage } from './pages/attackers/attacker-detail-page';
import { IdentitiesPage } from './pages/identities/identities-page';
import { IdentityDetailPage } from './pages/identities/identity-detail-page';
import { CampaignsPage } from './pages/campaigns/campaigns-page';
import { CampaignDetailPage } from './pages/campaigns/campaign-detail-page';
import { CredentialsPage } from './pages/credentials/credentials-page';
import { FleetPage } from './pages/fleet/fleet-page';
import { LazyTopologyPage } from './pages/topologies/lazy-topology-pages';
import { HostsPage } from './pages/hosts/hosts-page';
import { WorkersPage } from './pages/workers/workers-page';
import { ReleasesPage } from './pages/releases/releases-page';
import { UsersPage } from './pages/users/users-page';
import { WebhooksPage } from './pages/webhooks/webhooks-page';
import { CanariesPage } from './pages/canaries/canaries-page';
import { CanaryDetailPage } from './pages/canaries/canary-detail-page';
import { NotFoundPage } from './pages/not-found';
import { AttackMatrixPage } from './pages/attack/matrix-page';
import { AttackRulesPage } from './pages/attack/rules-page';

interface RouteDef {
  path: string;
  title: string;
  adminOnly?: boolean;
  render(params: Params, user: User): ComponentChildren;
}

const ROUTES: RouteDef[] = [
  { path: '/', title: 'Overview', render: () => <OverviewPage /> },
  { path: '/live', title: 'Live events', render: () => <LivePage /> },
  { path: '/attackers', title: 'Attackers', render: () => <AttackersPage /> },
  { path: '/attackers/:id', title: 'Attacker', render: (p) => <AttackerDetailPage id={p.id!} /> },
  { path: '/identities', title: 'Identities', render: () => <IdentitiesPage /> },
  { path: '/identities/:id', title: 'Identity', render: (p, u) => <IdentityDetailPage id={p.id!} isAdmin={u.role === 'admin'} /> },
  { path: '/campaigns', title: 'Campaigns', render: () => <CampaignsPage /> },
  { path: '/campaigns/:id', title: 'Campaign', render: (p) => <CampaignDetailPage id={p.id!} /> },
  { path: '/credentials', title: 'Credentials', render: () => <CredentialsPage /> },
  { path: '/attack', title: 'ATT&CK matrix', render: () => <AttackMatrixPage /> },
  { path: '/attack/rules', title: 'ATT&CK rules', render: (_p, u) => <AttackRulesPage isAdmin={u.role === 'admin'} /> },
  { path: '/fleet', title: 'Fleet', render: (_p, u) => <FleetPage isAdmin={u.role === 'admin'} /> },
  { path: '/topologies', title: 'Topologies', render: (_p, u) => <LazyTopologyPage isAdmin={u.role === 'admin'} /> },
  { path: '/topologies/:id', title: 'Topology', render: (p, u) => <LazyTopologyPage key={p.id} id={p.id!} isAdmin={u.role === 'admin'} /> },
  { path: '/hosts', title: 'Hosts', render: (_p, u) => <HostsPage isAdmin={u.role === 'admin'} /> },
  { path: '/workers', title: 'Workers', render: (_p, u) => <WorkersPage isAdmin={u.role === 'admin'} /> },
  { path: '/releases', title: 'Releases', adminOnly: true, render: () => <ReleasesPage /> },
  { path: '/users', title: 'Users', adminOnly: true, render: (_p, u) => <UsersPage me={u} /> },
  { path: '/canaries', title: 'Canaries', render: (_p, u) => <CanariesPage isAdmin={u.role === 'admin'} /> },
  { path: '/canaries/:id', title: 'Canary', render: (p, u) => <CanaryDetailPage id={p.id!} isAdmin={u.role === 'admin'} /> },
  { path: '/webhooks', title: 'Webhooks', adminOnly: true, render: () => <WebhooksPage /> },
  { path: '/account', title: 'Account', render: (_p, u) => <AccountPage user={u} /> },
];

export function App() {
  const { session } = useStore(auth);
  const { path } = useLocation();
  if (!session) return <LoginPage />;
  const user = session.user;
  if (user.mustChangePassword) return <ForcedChangePage username={user.username} />;
  const hit = pickRoute(ROUTES, path);
  const allowed = hit && (!hit.route.adminOnly || user.role === 'admin');
  document.title = `${allowed ? hit.route.title : 'Not found'} · DECNET`;
  return (
    <>
      <Layout user={user}>{allowed ? hit.route.render(hit.params, user) : <NotFoundPage />}</Layout>
      <Toasts />
    </>
  );
}
