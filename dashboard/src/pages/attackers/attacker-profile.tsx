// Profile panel: behaviour class, tool guesses, timing and the kill-chain phases reached.
import type { AttackerDetail } from '../../api/types';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { KeyValues } from '../../components/field-list';
import { oneLine } from '../../format/text';
import { phaseLabel, phaseStrip } from './kill-chain';

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
          ['Behaviour', behavior ? <Badge tone="accent">{oneLine(behavior, 40)}</Badge> : <span class="muted">not classified yet</span>],
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
