// Fleet headline: hosts online, deckies running / starting / failed.
import type { Decky, Host } from '../../api/types';
import { StatCard } from '../../components/card';
import { deckyState } from './deploy-logic';

export function FleetSummary({ hosts, deckies }: { hosts: Host[]; deckies: Decky[] }) {
  const count = (states: string[]) => deckies.filter((d) => states.includes(deckyState(d))).length;
  const active = hosts.filter((h) => h.status !== 'decommissioned');
  return (
    <div class="stat-grid">
      <StatCard label="Hosts online" icon="hosts" value={`${active.filter((h) => h.status === 'online').length} / ${active.length}`} tone="accent" />
      <StatCard label="Deckies running" icon="fleet" value={count(['running'])} hint={`of ${deckies.length} deployed`} tone="ok" />
      <StatCard label="Starting / pending" icon="clock" value={count(['pending', 'starting'])} tone="info" />
      <StatCard label="Failed / degraded" icon="alert" value={count(['failed', 'degraded'])} tone="bad" />
    </div>
  );
}
