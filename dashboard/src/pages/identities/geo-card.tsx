// Overview card: where attacker addresses come from, top countries (with identities there) and
// top ASNs, from offline enrichment. Hidden until something is enriched.
import { Identities } from '../../api/identity-api';
import { BarList } from '../../components/bar-list';
import { Card } from '../../components/card';
import { oneLine } from '../../format/text';
import { useAsync } from '../../hooks/use-async';

const TOP = 8;

export function GeoCard() {
  const state = useAsync(() => Identities.breakdown(), []);
  const d = state.data;
  if (!d || (!d.countries.length && !d.asns.length)) return null;
  return (
    <div class="grid-2">
      <Card title="Countries">
        <BarList items={d.countries.slice(0, TOP).map((c) => ({ key: c.country, label: oneLine(c.country, 8), sub: c.identities ? `${c.identities} identities` : undefined, count: c.attackers }))} />
      </Card>
      <Card title="Networks (ASN)">
        <BarList items={d.asns.slice(0, TOP).map((a) => ({ key: a.asn, label: `AS${oneLine(a.asn, 12)}`, sub: a.org ? oneLine(a.org, 40) : undefined, count: a.attackers }))} />
      </Card>
    </div>
  );
}
