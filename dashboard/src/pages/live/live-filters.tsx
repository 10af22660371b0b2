// Filter bar for live events. Applying updates the URL (so filtered views can be linked).
import { useEffect, useState } from 'preact/hooks';
import { Field } from '../../components/field';
import { Icon } from '../../components/icons';
import { activeFilterCount, type LiveFilters } from './event-filter';

const FIELDS: { key: keyof LiveFilters; label: string; placeholder: string; mono?: boolean }[] = [
  { key: 'q', label: 'Search', placeholder: 'text in message, fields, raw line' },
  { key: 'decky', label: 'Decky', placeholder: 'e.g. web-01' },
  { key: 'service', label: 'Service', placeholder: 'e.g. ssh' },
  { key: 'eventType', label: 'Event type', placeholder: 'e.g. auth_attempt' },
  { key: 'srcIp', label: 'Source IP', placeholder: 'e.g. 203.0.113.7', mono: true },
];

export function LiveFilterBar({ value, onApply }: { value: LiveFilters; onApply(f: LiveFilters): void }) {
  const [draft, setDraft] = useState<LiveFilters>(value);
  useEffect(() => setDraft(value), [value]);
  const submit = (e: Event) => {
    e.preventDefault();
    const clean: LiveFilters = {};
    for (const f of FIELDS) {
      const v = draft[f.key]?.trim();
      if (v) clean[f.key] = v;
    }
    onApply(clean);
  };
  return (
    <form class="filter-bar" onSubmit={submit} aria-label="Event filters">
      {FIELDS.map((f) => (
        <Field key={f.key} label={f.label} class={f.key === 'q' ? 'grow' : undefined}>
          <input class={f.mono ? 'mono' : ''} value={draft[f.key] ?? ''} placeholder={f.placeholder} maxLength={200} onInput={(e) => setDraft({ ...draft, [f.key]: e.currentTarget.value })} />
        </Field>
      ))}
      <div class="filter-actions">
        <button type="submit" class="btn btn-primary">
          <Icon name="search" size={14} /> Apply
        </button>
        {activeFilterCount(value) > 0 && (
          <button type="button" class="btn btn-ghost" onClick={() => onApply({})}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
