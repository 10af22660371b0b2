// Overview: headline figures, events over time, the top attackers / services / credentials,
// and a live feed. Refreshes every 30 s; the feed streams.
import { useMemo, useState } from 'preact/hooks';
import { Intel } from '../../api';
import { PageHeader } from '../../components/page-header';
import { RangePicker } from '../../components/range-picker';
import { Icon } from '../../components/icons';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { rangeBounds, TIME_RANGES, type TimeRange } from '../../format/time';
import { StatCards } from './stat-cards';
import { EventsChart } from './events-chart';
import { TopLists } from './top-lists';
import { LiveFeed } from './live-feed';
import { GeoCard } from '../identities/geo-card';
import { ScopePicker, useScope } from '../../components/scope-picker';

export function OverviewPage() {
  const [range, setRange] = useState<TimeRange>(TIME_RANGES[1]!);
  const [tick, setTick] = useState(0);
  const bounds = useMemo(() => rangeBounds(range), [range, tick]);
  const scope = useScope();
  const stats = useAsync(() => Intel.stats(bounds.from, bounds.to, scope), [bounds, scope]);
  const hist = useAsync(() => Intel.histogram({ ...bounds, ...scope, intervalS: range.intervalS }), [bounds, scope]);
  useInterval(() => setTick((t) => t + 1), 30_000);

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="What attackers are doing across the deception network."
        actions={
          <>
            <ScopePicker />
            <RangePicker value={range} onChange={setRange} />
            <button type="button" class="btn btn-icon" aria-label="Refresh" title="Refresh" onClick={() => setTick((t) => t + 1)}>
              <Icon name="refresh" />
            </button>
          </>
        }
      />
      <StatCards state={stats} />
      <EventsChart state={hist} bounds={bounds} range={range} />
      <TopLists state={stats} />
      <GeoCard />
      <LiveFeed />
    </>
  );
}
