// Stage a new LAN: name, subnet (the API's next free subnet, excluding staged ones), DMZ flag.
import type { TopologyBody, TopologyMutationOp } from '@decnet/protocol';
import { useEffect, useState } from 'preact/hooks';
import { Topologies } from '../../api';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { errorLine } from '../../format/errors';
import { lanNameProblem } from './inspector-logic';

interface Props {
  topologyId: string;
  preview: TopologyBody;
  stage(op: TopologyMutationOp): void;
  onClose(): void;
}

export function AddLanDialog({ topologyId, preview, stage, onClose }: Props) {
  const [name, setName] = useState('');
  const [subnet, setSubnet] = useState('');
  const [dmz, setDmz] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Topologies.nextSubnet(topologyId, preview.lans.map((l) => l.subnet)).then(
      (r) => setSubnet((s) => s || r.subnet),
      (err: unknown) => setError(`Next free subnet: ${errorLine(err)}`),
    );
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    const problem = lanNameProblem(name.trim(), preview.lans.map((l) => l.name)) ?? (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(subnet.trim()) ? null : 'Subnet: an IPv4 CIDR such as 10.100.7.0/24.');
    if (problem) return setError(problem);
    const xs = preview.lans.map((l) => l.pos.x);
    const ys = preview.lans.map((l) => l.pos.y);
    const pos = { x: xs.length ? Math.max(...xs) + 260 : 0, y: ys.length ? Math.min(...ys) : 0 };
    stage({ op: 'add_lan', lan: { name: name.trim(), subnet: subnet.trim(), dmz, pos } });
    onClose();
  };

  return (
    <Modal
      title="Add a LAN"
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-lan-form" class="btn btn-primary">
            Stage LAN
          </button>
        </>
      }
    >
      <form id="add-lan-form" class="stack" onSubmit={submit}>
        <Field label="LAN name" hint="lower-case letters, digits and -">
          <input class="mono" maxLength={24} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field label="Subnet" hint="Next free subnet on this host, from the control plane">
          <input class="mono" maxLength={18} value={subnet} onInput={(e) => setSubnet(e.currentTarget.value)} />
        </Field>
        <label class="check">
          <input type="checkbox" checked={dmz} onChange={(e) => setDmz(e.currentTarget.checked)} /> DMZ (reached by attackers first)
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
