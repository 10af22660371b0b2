// The four headline figures of the overview.
import type { Stats } from '../../api/types';
import { StatCard } from '../../components/card';
import { ErrorState } from '../../components/error-state';
import { Spinner } from '../../components/spinner';
import { formatCount } from '../../format/number';
import type { AsyncState } from '../../hooks/use-async';

export function StatCards({ state }: { state: AsyncState<Stats> }) {
  if (state.error !== undefined && !state.data) {
    return (
      <div class="card">
        <ErrorState error={state.error} onRetry={state.reload} compact />
      </div>
    );
  }
  const v = (n: number | undefined) => (state.data ? formatCount(n) : <Spinner size={18} />);
  const d = state.data;
  return (
    <div class="stat-grid">
      <StatCard label="Interactions" icon="live" value={v(d?.events)} hint="events in range" tone="accent" />
      <StatCard label="Unique attackers" icon="attackers" value={v(d?.attackers)} hint="source addresses" tone="bad" />
      <StatCard label="Active deckies" icon="fleet" value={v(d?.activeDeckies)} hint="running decoys" tone="ok" />
      <StatCard label="Credentials captured" icon="key" value={v(d?.credentials)} hint="distinct secrets" tone="warn" />
    </div>
  );
}
