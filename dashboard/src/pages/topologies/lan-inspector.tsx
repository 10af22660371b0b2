// Inspector for the selected LAN: subnet and DMZ flag (read-only with the reason on a deployed
// topology), its deckies, adding a decky to it, removing it. Edits are staged.
import type { Catalogue, Lan, TopologyBody, TopologyMutationOp } from '@decnet/protocol';
import { useEffect, useState } from 'preact/hooks';
import { Badge } from '../../components/badge';
import { Field } from '../../components/field';
import { AddDeckyForm } from './add-decky-form';
import { deckyId } from './graph-logic';

interface Props {
  topologyId: string;
  lan: Lan;
  body: TopologyBody;
  lanStaged: boolean;
  live: boolean;
  editable: boolean;
  catalogue: Catalogue;
  stage(op: TopologyMutationOp): void;
  onSelect(id: string): void;
}

export function LanInspector({ topologyId, lan, body, lanStaged, live, editable, catalogue, stage, onSelect }: Props) {
  const [subnet, setSubnet] = useState(lan.subnet);
  const [dmz, setDmz] = useState(lan.dmz);
  useEffect(() => {
    setSubnet(lan.subnet);
    setDmz(lan.dmz);
  }, [lan.name, lan.subnet, lan.dmz]);
  const members = body.deckies.filter((d) => d.homes.some((h) => h.lan === lan.name));
  const changed = subnet.trim() !== lan.subnet || dmz !== lan.dmz;
  const stageLan = (e: Event) => {
    e.preventDefault();
    const patch = { ...(subnet.trim() !== lan.subnet ? { subnet: subnet.trim() } : {}), ...(dmz !== lan.dmz ? { dmz } : {}) };
    stage({ op: 'update_lan', lan: lan.name, patch });
  };

  return (
    <div class="inspector stack">
      <header class="inspector-head">
        <h2 class="mono">{lan.name}</h2>
        {lan.dmz ? <Badge tone="accent">DMZ</Badge> : <Badge>inner LAN</Badge>}
      </header>
      <form class="stack" onSubmit={stageLan}>
        <div class="form-grid">
          <Field label="Subnet" hint={live ? 'A deployed topology’s subnets cannot change: tear it down, or add a new LAN.' : undefined}>
            <input class="mono" value={subnet} readOnly={live || !editable} maxLength={18} onInput={(e) => setSubnet(e.currentTarget.value)} />
          </Field>
        </div>
        <label class="check" title={live ? 'A deployed topology’s DMZ flag cannot change' : undefined}>
          <input type="checkbox" checked={dmz} disabled={live || !editable} onChange={(e) => setDmz(e.currentTarget.checked)} />
          DMZ (the LAN attackers reach first){live && <span class="muted small"> · fixed while deployed</span>}
        </label>
        {editable && !live && (
          <div class="row-actions">
            <button type="submit" class="btn btn-sm btn-primary" disabled={!changed}>
              Stage changes
            </button>
          </div>
        )}
      </form>
      <fieldset class="field">
        <legend>Deckies on this LAN ({members.length})</legend>
        <ul class="plain-list">
          {members.map((d) => (
            <li key={d.name}>
              <button type="button" class="link-button mono" onClick={() => onSelect(deckyId(d.name))}>
                {d.name}
              </button>{' '}
              <span class="muted mono small">{d.homes.find((h) => h.lan === lan.name)?.ip}</span>
              {d.forwards && <Badge tone="info">forwards</Badge>}
            </li>
          ))}
        </ul>
      </fieldset>
      {editable && (
        <>
          <AddDeckyForm topologyId={topologyId} lan={lan} lanStaged={lanStaged} catalogue={catalogue} preview={body} stage={stage} />
          <div class="row-actions">
            <button type="button" class="btn btn-danger btn-sm" onClick={() => stage({ op: 'remove_lan', lan: lan.name })}>
              Remove LAN
            </button>
          </div>
        </>
      )}
    </div>
  );
}
