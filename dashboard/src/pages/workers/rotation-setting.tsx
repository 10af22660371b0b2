// The fleet-wide default rotation interval (minutes): deckies without their own interval rotate their
// services this often unless their host overrides it. Admins edit it; viewers read it.
import { useEffect, useState } from 'preact/hooks';
import { FleetControl } from '../../api';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';

export function RotationSetting({ isAdmin }: { isAdmin: boolean }) {
  const [value, setValue] = useState<string>('');
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => {
    FleetControl.settings().then((s) => {
      setSaved(s.defaultRotationIntervalMin);
      setValue(s.defaultRotationIntervalMin == null ? '' : String(s.defaultRotationIntervalMin));
    }, () => {});
  }, []);
  if (!isAdmin) return <span class="small muted">Default rotation: {saved == null ? 'off' : `every ${saved} min`}</span>;
  const save = async (e: Event) => {
    e.preventDefault();
    const n = value.trim() === '' ? null : Number(value);
    if (n !== null && (!Number.isInteger(n) || n < 1)) return toast('Rotation interval: a whole number of minutes (1 or more), or empty for off', 'bad');
    try {
      const s = await FleetControl.setSettings({ defaultRotationIntervalMin: n });
      setSaved(s.defaultRotationIntervalMin);
      toast(s.defaultRotationIntervalMin == null ? 'Default rotation off' : `Deckies rotate every ${s.defaultRotationIntervalMin} min by default`);
    } catch (err) {
      toast(errorLine(err), 'bad');
    }
  };
  return (
    <form class="row-actions" onSubmit={(e) => void save(e)}>
      <label class="small" for="rotation-default">Default rotation (min)</label>
      <input id="rotation-default" type="number" min={1} class="input-sm" placeholder="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} style={{ width: '6rem' }} />
      <button type="submit" class="btn btn-sm">Save</button>
    </form>
  );
}
