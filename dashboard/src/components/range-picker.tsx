// Segmented control for the time window of the overview and charts.
import { TIME_RANGES, type TimeRange } from '../format/time';

export function RangePicker({ value, onChange }: { value: TimeRange; onChange(r: TimeRange): void }) {
  return (
    <div class="segmented" role="radiogroup" aria-label="Time range">
      {TIME_RANGES.map((r) => (
        <button key={r.key} type="button" role="radio" aria-checked={r.key === value.key} class={r.key === value.key ? 'active' : ''} onClick={() => onChange(r)} title={r.label}>
          {r.key}
        </button>
      ))}
    </div>
  );
}
