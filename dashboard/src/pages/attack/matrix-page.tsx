// ATT&CK technique matrix of the fleet: tactics as columns, techniques coloured by how many attackers
// used them; a technique opens the attackers list filtered by it.
import { useState } from 'preact/hooks';
import { Attack } from '../../api/attack-api';
import { AsyncView } from '../../components/async-view';
import { Card } from '../../components/card';
import { PageHeader } from '../../components/page-header';
import { formatCount } from '../../format/number';
import { useAsync } from '../../hooks/use-async';
import { Link, navigate } from '../../router/router';
import { matrixColumns } from './matrix-logic';
import './attack.css';

export function AttackMatrixPage() {
  const state = useAsync(() => Attack.matrix(), []);
  const [onlyUsed, setOnlyUsed] = useState(false);
  return (
    <>
      <PageHeader
        title="ATT&CK matrix"
        subtitle={state.data ? `Techniques seen across the fleet (${state.data.release}); colour = attackers that used it.` : 'Techniques seen across the fleet.'}
        actions={<Link href="/attack/rules" class="btn">Rules</Link>}
      />
      <Card
        flush
        title="Tactics × techniques"
        actions={
          <label class="checkbox">
            <input type="checkbox" checked={onlyUsed} onChange={(e) => setOnlyUsed(e.currentTarget.checked)} /> Used techniques only
          </label>
        }
      >
        <AsyncView state={state}>
          {(m) => (
            <div class="attack-matrix" role="list" aria-label="ATT&CK matrix">
              {matrixColumns(m, onlyUsed).map((col) => (
                <section class="attack-tactic" key={col.short} role="listitem" aria-label={col.name}>
                  <h3>
                    {col.name}
                    <span class="muted">{col.id}</span>
                  </h3>
                  {col.cells.map((c) => (
                    <button
                      type="button"
                      key={c.techniqueId}
                      class={`attack-cell heat-${c.heat}`}
                      disabled={c.attackers === 0}
                      title={`${c.techniqueId} ${c.name}: ${formatCount(c.attackers)} attackers, ${formatCount(c.tags)} tags`}
                      data-technique={c.techniqueId}
                      onClick={() => navigate(`/attackers?technique=${encodeURIComponent(c.techniqueId)}`)}
                    >
                      <span class="count">{formatCount(c.attackers)}</span>
                      <span class="mono small">{c.techniqueId}</span>
                      <br />
                      {c.name}
                    </button>
                  ))}
                </section>
              ))}
            </div>
          )}
        </AsyncView>
      </Card>
    </>
  );
}
