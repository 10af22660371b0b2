// A decky's LANs (its edges on the canvas): detach, and attach to another LAN at an address, with
// the API's next free address of that LAN. Staged, like every edit.
import type { TopologyBody, TopologyDecky, TopologyMutationOp } from '@decnet/protocol';
import { useState } from 'preact/hooks';
import { Icon } from '../../components/icons';
import { errorLine } from '../../format/errors';
import { freeAddress } from './free-address';

interface Props {
  topologyId: string;
  decky: TopologyDecky;
  preview: TopologyBody;
  /** LANs only staged so far: the server knows no free address in them yet. */
  stagedLans: Set<string>;
  editable: boolean;
  stage(op: TopologyMutationOp): void;
}

export function DeckyHomes({ topologyId, decky, preview, stagedLans, editable, stage }: Props) {
  const lans = preview.lans;
  const free = lans.filter((l) => !decky.homes.some((h) => h.lan === l.name));
  const [lan, setLan] = useState(free[0]?.name ?? '');
  const [ip, setIp] = useState('');
  const [error, setError] = useState<string | null>(null);
  const target = free.some((l) => l.name === lan) ? lan : (free[0]?.name ?? '');

  const nextFree = async () => {
    setError(null);
    try {
      setIp(await freeAddress(topologyId, preview, target, stagedLans.has(target)));
    } catch (err) {
      setError(errorLine(err));
    }
  };
  const attach = () => {
    if (!target || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip.trim())) return setError('Pick a LAN and an IPv4 address.');
    stage({ op: 'attach_decky', decky: decky.name, home: { lan: target, ip: ip.trim() } });
    setIp('');
    setError(null);
  };

  return (
    <fieldset class="field">
      <legend>LANs</legend>
      <ul class="plain-list">
        {decky.homes.map((h) => (
          <li key={h.lan} class="home-row">
            <span class="mono">{h.lan}</span>
            <span class="mono muted">{h.ip}</span>
            {editable && (
              <button type="button" class="btn btn-sm btn-ghost" onClick={() => stage({ op: 'detach_decky', decky: decky.name, lan: h.lan })} aria-label={`Detach from ${h.lan}`}>
                Detach
              </button>
            )}
          </li>
        ))}
        {decky.homes.length === 0 && <li class="muted small">On no LAN: validation refuses this.</li>}
      </ul>
      {editable && free.length > 0 && (
        <div class="attach-row">
          <select aria-label="LAN to attach to" value={target} onChange={(e) => setLan(e.currentTarget.value)}>
            {free.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} ({l.subnet})
              </option>
            ))}
          </select>
          <input aria-label="Address on that LAN" class="mono" placeholder="10.0.0.9" maxLength={15} value={ip} onInput={(e) => setIp(e.currentTarget.value)} />
          <button type="button" class="btn btn-sm" onClick={nextFree} disabled={!target}>
            Next free
          </button>
          <button type="button" class="btn btn-sm" onClick={attach}>
            <Icon name="plus" size={14} /> Attach
          </button>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
