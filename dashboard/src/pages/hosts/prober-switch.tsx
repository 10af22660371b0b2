// The per-host prober switch on the Hosts page: admins pick on / off / agent config (null), viewers
// see the setting. The agent picks a change up with its next desired state.
import { useEffect, useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { Host } from '../../api/types';
import { Badge } from '../../components/badge';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';

type Choice = 'agent' | 'on' | 'off';
const toChoice = (v: boolean | null): Choice => (v == null ? 'agent' : v ? 'on' : 'off');
const fromChoice = (c: Choice): boolean | null => (c === 'agent' ? null : c === 'on');

export function ProberSetting({ host }: { host: Host }) {
  const v = host.proberEnabled;
  return v == null ? <span class="muted" title="The agent's own configuration decides">agent config</span> : <Badge tone={v ? 'info' : 'neutral'}>{v ? 'on' : 'off'}</Badge>;
}

export function ProberSwitch({ host, onDone }: { host: Host; onDone(): void }) {
  const [value, setValue] = useState<Choice>(toChoice(host.proberEnabled));
  const [busy, setBusy] = useState(false);
  // Follow the polled host (another admin may have changed it) unless a change is in flight.
  useEffect(() => {
    if (!busy) setValue(toChoice(host.proberEnabled));
  }, [host.proberEnabled]);
  const change = async (next: Choice) => {
    const prev = value;
    setValue(next);
    setBusy(true);
    try {
      await Fleet.setHostProber(host.id, fromChoice(next));
      toast(`Prober on ${host.name}: ${next === 'agent' ? "agent's config" : next}`);
      onDone();
    } catch (err) {
      setValue(prev);
      toast(errorLine(err), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return (
    <select
      value={value}
      disabled={busy}
      aria-label={`Prober on ${host.name}`}
      title="Active probing of attacker addresses (JARM, SSH banner, TLS certificate, open ports)"
      onChange={(e) => void change(e.currentTarget.value as Choice)}
    >
      <option value="agent">agent config</option>
      <option value="on">on</option>
      <option value="off">off</option>
    </select>
  );
}
