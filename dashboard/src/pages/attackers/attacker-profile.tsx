// Profile panel: origin (scope, country, ASN, PTR), behaviour class and signals, beacon cadence, tool
// guesses, timing and the kill-chain phases reached.
import type { AttackerDetail } from '../../api/types';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { KeyValues } from '../../components/field-list';
import { oneLine } from '../../format/text';
import { phaseLabel, phaseStrip } from './kill-chain';

type Enrichment = NonNullable<AttackerDetail['attacker']['enrichment']>;

/** Where the address is from; the ASN data is DB-IP's (CC BY 4.0 asks for this link). */
function origin(e: Enrichment | null | undefined) {
  if (!e) return <span class="muted">not enriched yet</span>;
  if (e.scope !== 'public') return <Badge tone="info">{oneLine(e.scope.replace('_', ' '), 24)} address</Badge>;
  const as = e.asn !== null ? `AS${e.asn}${e.asOrg ? ` ${oneLine(e.asOrg, 60)}` : ''}` : 'ASN unknown';
  return (
    <span>
      {e.country ?? '??'} · {as}{' '}
      <a class="muted" href="https://db-ip.com" target="_blank" rel="noopener noreferrer">IP Geolocation by DB-IP</a>
    </span>
  );
}

const fmtS = (s: number | null | undefined) => (s === null || s === undefined ? '—' : s < 10 ? `${s.toFixed(2)} s` : `${Math.round(s)} s`);

export function AttackerProfile({ attacker }: { attacker: AttackerDetail['attacker'] }) {
  const p = attacker.profile;
  const behavior = p?.behaviorClass ?? attacker.behaviorClass;
  const tools = p?.toolGuesses ?? attacker.toolGuesses;
  const phases = p?.phases ?? attacker.phases;
  return (
    <Card title="Profile">
      <KeyValues
        items={[
          ['Origin', origin(attacker.enrichment)],
          ['Reverse DNS', attacker.enrichment?.ptr ? <span class="mono">{oneLine(attacker.enrichment.ptr, 80)}</span> : <span class="muted">{attacker.enrichment?.ptrStatus === 'pending' ? 'not resolved yet' : 'none'}</span>],
          ['Behaviour', behavior ? <Badge tone="accent">{oneLine(behavior, 40)}</Badge> : <span class="muted">not classified yet</span>],
          ['Signals', <TagList items={(p?.signals ?? []).map((t) => oneLine(t, 32))} max={6} />],
          ...(p?.beacon ? [['Beacon', `every ${fmtS(p.beacon.periodS)} ± ${p.beacon.jitterPct} %${p.beacon.likeC2.length ? ` (like ${p.beacon.likeC2.join(', ')})` : ''}`] as [string, string]] : []),
          ['Tools', <TagList items={tools.map((t) => oneLine(t, 40))} tone="info" max={8} />],
          ['Mean gap', fmtS(p?.timing?.meanIatS)],
          ['Gap std. dev.', fmtS(p?.timing?.stdevIatS)],
        ]}
      />
      <h3 class="section-label">Kill chain</h3>
      <ol class="kill-chain" aria-label="Kill-chain phases">
        {phaseStrip(phases).map((s) => (
          <li key={s.phase} class={s.seen ? 'seen' : ''} aria-label={`${phaseLabel(s.phase)}: ${s.seen ? 'observed' : 'not observed'}`}>
            {phaseLabel(s.phase)}
          </li>
        ))}
      </ol>
    </Card>
  );
}
