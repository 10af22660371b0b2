// Key/value rows of per-service settings (banner, server header, ...) for one decky.
import { Icon } from '../../components/icons';
import type { ConfigRow } from './decky-edit-logic';

export function ServiceConfigEditor({ rows, services, onChange }: { rows: ConfigRow[]; services: string[]; onChange(rows: ConfigRow[]): void }) {
  const set = (i: number, patch: Partial<ConfigRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div class="config-editor">
      {rows.length === 0 && <p class="muted small">No service settings: every service uses its defaults.</p>}
      {rows.map((r, i) => (
        <div class="config-row" key={i}>
          <select aria-label="Service" value={r.service} onChange={(e) => set(i, { service: e.currentTarget.value })}>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            {!services.includes(r.service) && <option value={r.service}>{r.service} (removed)</option>}
          </select>
          <input aria-label="Setting" class="mono" placeholder="key" maxLength={64} value={r.key} onInput={(e) => set(i, { key: e.currentTarget.value })} />
          <input aria-label="Value" class="mono grow" placeholder="value" value={r.value} onInput={(e) => set(i, { value: e.currentTarget.value })} />
          <button type="button" class="btn btn-icon btn-ghost" aria-label="Remove setting" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
      <button type="button" class="btn btn-sm" disabled={!services.length} onClick={() => onChange([...rows, { service: services[0] ?? '', key: '', value: '' }])}>
        <Icon name="plus" size={14} /> Add setting
      </button>
    </div>
  );
}
