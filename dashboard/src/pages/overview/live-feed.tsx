// The newest events as they arrive: seeded from /events, then streamed over SSE.
import { Intel } from '../../api';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingBlock } from '../../components/spinner';
import { useAsync } from '../../hooks/use-async';
import { useLiveEvents } from '../../live/use-live-events';
import { Link } from '../../router/router';
import { EventSummaryRow } from '../live/event-summary';

export function LiveFeed() {
  const seed = useAsync(async () => (await Intel.events({ limit: 15 })).items, []);
  const { events } = useLiveEvents({ max: 15, seed: seed.data });
  return (
    <Card title="Live feed" actions={<Link href="/live" class="small">Open live events →</Link>} flush>
      {seed.error !== undefined && !events.length ? (
        <ErrorState error={seed.error} onRetry={seed.reload} compact />
      ) : seed.loading && !events.length ? (
        <LoadingBlock />
      ) : !events.length ? (
        <EmptyState icon="live" title="Waiting for events">New interactions stream in here.</EmptyState>
      ) : (
        <ul class="feed">
          {events.map((ev) => (
            <EventSummaryRow key={ev.id} ev={ev} />
          ))}
        </ul>
      )}
    </Card>
  );
}
