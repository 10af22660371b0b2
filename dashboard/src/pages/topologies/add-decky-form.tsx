// Stage a new decky on a LAN: name, archetype (its services by default), address (next free from
// the API), placed on the canvas next to the LAN.
import type { Catalogue, Lan, TopologyBody, TopologyDecky, TopologyMutationOp } from '@decnet/protocol';
import { useState } from 'preact/hooks';
import { Field } from '../../components/field';
import { Icon } from '../../components/icons';
import { errorLine } from '../../format/errors';
import { freeAddress } from './free-address';
import { deckyNameProblem } from './inspector-logic';

interface Props {
  topologyId: string;
  lan: Lan;
  /** The LAN is only staged: the server has no free address for it yet. */
  lanStaged: boolean;
  catalogue: Catalogue;
  preview: TopologyBody;
  stage(op: TopologyMutationOp): void;
}

export function AddDeckyForm({ topologyId, lan, lanStaged, catalogue, preview, stage }: Props) {
  const taken = preview.deckies.map((d) => d.name);
  const [name, setName] = useState('');
  const [archetype, setArchetype] = useState(catalogue.archetypes[0]?.slug ?? '');
  const [ip, setIp] = useState('');
  const [error, setError] = useState<string | null>(null);

  const nextFree = async () => {
    try {
      setIp(await freeAddress(topologyId, preview, lan.name, lanStaged));
      setError(null);
    } catch (err) {
      setError(errorLine(err));
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const problem = deckyNameProblem(name.trim(), taken) ?? (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip.trim()) ? null : 'Address: an IPv4 address in the LAN (or “Next free”).');
    if (problem) return setError(problem);
    const arch = catalogue.archetypes.find((a) => a.slug === archetype);
    const services = arch ? arch.services.filter((s) => !arch.missing.includes(s)) : [];
    if (!services.length) return setError('Pick an archetype whose services this host can run.');
    const decky: TopologyDecky = {
      name: name.trim(),
      archetype: archetype as TopologyDecky['archetype'],
      services,
      serviceConfig: {},
      homes: [{ lan: lan.name, ip: ip.trim() }],
      forwards: false,
      pos: { x: lan.pos.x + 60 - Math.round(Math.random() * 120), y: lan.pos.y + 90 },
    };
    stage({ op: 'add_decky', decky });
    setName('');
    setIp('');
    setError(null);
  };

  return (
    <form class="stack add-form" onSubmit={submit} aria-label={`Add a decky to ${lan.name}`}>
      <h3>Add a decky to {lan.name}</h3>
      <div class="form-grid">
        <Field label="Decky name">
          <input class="mono" maxLength={63} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Archetype">
          <select value={archetype} onChange={(e) => setArchetype(e.currentTarget.value)}>
            {catalogue.archetypes.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.slug}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Address" hint={`In ${lan.subnet}`}>
          <input class="mono" maxLength={15} value={ip} onInput={(e) => setIp(e.currentTarget.value)} />
        </Field>
      </div>
      <div class="row-actions">
        <button type="button" class="btn btn-sm" onClick={nextFree}>
          Next free address
        </button>
        <button type="submit" class="btn btn-sm btn-primary">
          <Icon name="plus" size={14} /> Stage decky
        </button>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
