// Live events: history from /events (with "load older"), new events streamed over SSE, the same
// filters on both, pause/resume, and rows that expand to the parsed fields and raw line.
import { useCallback, useMemo, useState } from 'preact/hooks';
import { Intel } from '../../api';
import { useStore } from '../../api/store';
import type { EventItem } from '../../api/types';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { FieldPills } from '../../components/field-list';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { LoadingBlock, Spinner } from '../../components/spinner';
import { Table, type Column } from '../../components/table';
import { formatCount } from '../../format/number';
import { formatClock } from '../../format/time';
import { oneLine } from '../../format/text';
import { useAsync } from '../../hooks/use-async';
import { liveState, reconnectLive } from '../../live/live-hub';
import { useLiveEvents } from '../../live/use-live-events';
import { navigate, useLocation } from '../../router/router';
import { EventDetail } from './event-detail';
import { filtersFromSearch, filtersToSearch, matchesFilters, type LiveFilters } from './event-filter';
import { eventTone } from './event-tone';
import { LiveFilterBar } from './live-filters';

const MAX_ROWS = 1000;
const PAGE = 200;

const COLUMNS: Column<EventItem>[] = [
  { key: 'ts', header: 'Time', width: '92px', render: (e) => <span class="mono">{formatClock(e.ts)}</span> },
  { key: 'decky', header: 'Decky', width: '150px', render: (e) => oneLine(e.decky, 40) },
  { key: 'service', header: 'Service', width: '100px', render: (e) => <Badge>{oneLine(e.service, 24)}</Badge> },
  { key: 'type', header: 'Event', width: '150px', render: (e) => <Badge tone={eventTone(e.eventType)}>{oneLine(e.eventType, 32)}</Badge> },
  { key: 'src', header: 'Source', width: '150px', render: (e) => <span class="mono">{e.srcIp ?? '—'}</span> },
  { key: 'fields', header: 'Details', render: (e) => <FieldPills fields={e.fields} max={4} /> },
];

export function LivePage() {
  const { search } = useLocation();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search)), [search]);
  const [paused, setPaused] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [older, setOlder] = useState<{ items: EventItem[]; cursor: string | null; loading: boolean }>({ items: [], cursor: null, loading: false });
  const stream = useStore(liveState);

  const history = useAsync(async () => {
    const page = await Intel.events({ ...filters, limit: PAGE });
    setOlder({ items: [], cursor: page.nextCursor, loading: false });
    return page.items;
  }, [filters]);
  const accept = useCallback((ev: EventItem) => matchesFilters(ev, filters), [filters]);
  const { events, missed } = useLiveEvents({ max: MAX_ROWS, accept, paused, seed: history.data });

  const rows = useMemo(() => {
    const seen = new Set(events.map((e) => e.id));
    return [...events, ...older.items.filter((e) => !seen.has(e.id))];
  }, [events, older.items]);

  const loadOlder = async () => {
    if (!older.cursor) return;
    setOlder((o) => ({ ...o, loading: true }));
    try {
      const page = await Intel.events({ ...filters, limit: PAGE, cursor: older.cursor });
      setOlder((o) => ({ items: [...o.items, ...page.items], cursor: page.nextCursor, loading: false }));
    } catch {
      setOlder((o) => ({ ...o, loading: false }));
    }
  };

  const apply = (f: LiveFilters) => navigate(`/live${filtersToSearch(f)}`, { replace: true });

  return (
    <>
      <PageHeader
        title="Live events"
        subtitle="Every interaction with the deckies, as it happens."
        actions={
          <>
            {stream.status === 'unavailable' && (
              <button type="button" class="btn" onClick={reconnectLive}>
                <Icon name="refresh" size={14} /> Reconnect
              </button>
            )}
            <button type="button" class={`btn${paused ? ' btn-primary' : ''}`} onClick={() => setPaused(!paused)} aria-pressed={paused}>
              <Icon name={paused ? 'play' : 'pause'} size={14} /> {paused ? `Resume${missed ? ` (${formatCount(missed)} new)` : ''}` : 'Pause'}
            </button>
          </>
        }
      />
      <LiveFilterBar value={filters} onApply={apply} />
      <Card flush>
        {history.error !== undefined && !rows.length ? (
          <ErrorState error={history.error} onRetry={history.reload} />
        ) : history.loading && !rows.length ? (
          <LoadingBlock label="Loading events…" />
        ) : (
          <>
            <Table
              caption="Live events, newest first"
              columns={COLUMNS}
              rows={rows}
              rowKey={(e) => e.id}
              dense
              onRowClick={(e) => setOpen(open === e.id ? null : e.id)}
              rowLabel={(e) => `${e.eventType} on ${e.decky} from ${e.srcIp ?? 'unknown'}: show details`}
              expanded={(e) => (e.id === open ? <EventDetail ev={e} /> : null)}
              empty={<EmptyState icon="live" title="No events match">Waiting for new events{Object.keys(filters).length ? ' that match these filters' : ''}.</EmptyState>}
            />
            <div class="table-foot">
              <span class="muted small">{formatCount(rows.length)} events shown</span>
              {older.cursor && (
                <button type="button" class="btn btn-sm" onClick={loadOlder} disabled={older.loading}>
                  {older.loading && <Spinner size={12} />} Load older
                </button>
              )}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
