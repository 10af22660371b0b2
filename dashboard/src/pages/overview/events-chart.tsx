// Events-over-time bar chart (uPlot) for the selected range.
import { useMemo } from 'preact/hooks';
import type { Histogram } from '../../api/types';
import { Card } from '../../components/card';
import { BarTimeChart } from '../../components/chart';
import { histogramSeries, seriesTotal } from '../../components/chart-data';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingBlock } from '../../components/spinner';
import { formatCount } from '../../format/number';
import type { TimeRange } from '../../format/time';
import type { AsyncState } from '../../hooks/use-async';

export function EventsChart({ state, bounds, range }: { state: AsyncState<Histogram>; bounds: { from: string; to: string }; range: TimeRange }) {
  const data = useMemo(() => (state.data ? histogramSeries(state.data, bounds.from, bounds.to) : null), [state.data, bounds]);
  const total = data ? seriesTotal(data) : 0;
  const step = range.intervalS >= 86_400 ? 'day' : range.intervalS >= 3600 ? 'hour' : range.intervalS >= 300 ? '5 minutes' : 'minute';
  return (
    <Card title="Events over time" actions={data && <span class="muted small">{formatCount(total)} events · per {step}</span>}>
      {state.error !== undefined && !data ? (
        <ErrorState error={state.error} onRetry={state.reload} compact />
      ) : !data ? (
        <LoadingBlock />
      ) : total === 0 ? (
        <EmptyState icon="live" title="No events in this range">
          Events appear here as soon as attackers touch a decky.
        </EmptyState>
      ) : (
        <BarTimeChart data={data} label="Events" intervalS={state.data!.intervalS} />
      )}
    </Card>
  );
}
