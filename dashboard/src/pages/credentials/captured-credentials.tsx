// Captured credentials table: search, kind filter, server pagination, sort within the page.
import { useState } from 'preact/hooks';
import { Intel } from '../../api';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { LoadingBlock } from '../../components/spinner';
import { Table } from '../../components/table';
import type { SortState } from '../../components/table-logic';
import { formatCount } from '../../format/number';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { credentialColumns } from './credential-columns';
import { SECRET_KIND_OPTIONS } from './secret-kinds';
import { ScopePicker, useScope } from '../../components/scope-picker';

const LIMIT = 50;

export function CapturedCredentials() {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<SortState>({ key: 'lastSeen', dir: 'desc' });
  const now = useNow();
  const scope = useScope();
  const data = useAsync(() => Intel.credentials({ q, kind, limit: LIMIT, offset, ...scope }), [q, kind, offset, scope]);
  return (
    <Card
      flush
      title={data.data ? `${formatCount(data.data.total)} credentials` : 'Credentials'}
      actions={
        <>
          <ScopePicker />
          <select class="select-inline" aria-label="Secret kind" value={kind} onChange={(e) => { setKind(e.currentTarget.value); setOffset(0); }}>
            <option value="">All kinds</option>
            {SECRET_KIND_OPTIONS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <SearchInput label="Search credentials" placeholder="username or secret…" value={q} onChange={(v) => { setQ(v); setOffset(0); }} />
        </>
      }
    >
      {data.error !== undefined && !data.data ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : !data.data ? (
        <LoadingBlock />
      ) : (
        <>
          <Table
            caption="Captured credentials"
            columns={credentialColumns(now)}
            rows={data.data.items}
            rowKey={(c) => c.id}
            sort={sort}
            onSort={setSort}
            busy={data.loading}
            empty={<EmptyState icon="key" title={q || kind ? 'No credential matches' : 'No credentials captured yet'}>{q || kind ? 'Change the search or the kind.' : 'Authentication attempts against the deckies show up here.'}</EmptyState>}
          />
          {data.data.total > LIMIT && (
            <div class="table-foot">
              <Pagination offset={offset} limit={LIMIT} total={data.data.total} onChange={setOffset} />
            </div>
          )}
        </>
      )}
    </Card>
  );
}
