// Top attackers, services and credentials for the selected range.
import type { ComponentChildren } from 'preact';
import type { Stats } from '../../api/types';
import { Badge } from '../../components/badge';
import { BarList } from '../../components/bar-list';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { LoadingBlock } from '../../components/spinner';
import { oneLine } from '../../format/text';
import type { AsyncState } from '../../hooks/use-async';
import { Link } from '../../router/router';

function attackerHref(ip: string, id: string | null): string {
  return id ? `/attackers/${encodeURIComponent(id)}` : `/attackers?q=${encodeURIComponent(ip)}`;
}

export function TopLists({ state }: { state: AsyncState<Stats> }) {
  const d = state.data;
  const body = (render: (s: Stats) => ComponentChildren, emptyTitle: string, count: (s: Stats) => number) => {
    if (state.error !== undefined && !d) return <ErrorState error={state.error} compact />;
    if (!d) return <LoadingBlock />;
    if (!count(d)) return <EmptyState title={emptyTitle} />;
    return render(d);
  };
  return (
    <div class="grid-3">
      <Card title="Top attackers">
        {body(
          (s) => (
            <BarList items={s.topAttackers.map((a) => ({ key: a.ip, count: a.count, label: <Link href={attackerHref(a.ip, a.attackerId)} class="mono">{a.ip}</Link> }))} />
          ),
          'No attackers yet',
          (s) => s.topAttackers.length,
        )}
      </Card>
      <Card title="Top services">
        {body(
          (s) => (
            <BarList items={s.topServices.map((x) => ({ key: x.service, count: x.count, label: <Link href={`/live?service=${encodeURIComponent(x.service)}`}>{x.service}</Link> }))} />
          ),
          'No service activity',
          (s) => s.topServices.length,
        )}
      </Card>
      <Card title="Top credentials">
        {body(
          (s) => (
            <BarList
              items={s.topCredentials.map((c, i) => ({
                key: `${i}`,
                count: c.count,
                label: (
                  <span class="mono cred">
                    <span class="cred-user">{oneLine(c.principal, 40) || '∅'}</span>
                    <span class="cred-sep">:</span>
                    <span class="cred-secret">{oneLine(c.secretPrintable, 40)}</span>
                  </span>
                ),
                sub: <Badge>{c.kind}</Badge>,
              }))}
            />
          ),
          'No credentials captured',
          (s) => s.topCredentials.length,
        )}
      </Card>
    </div>
  );
}
