// Checkbox grid of services (keyboard: tab through, space toggles).

export function ServicePicker({ all, selected, onChange }: { all: readonly string[]; selected: readonly string[]; onChange(next: string[]): void }) {
  const toggle = (s: string) => onChange(selected.includes(s) ? selected.filter((x) => x !== s) : [...selected, s]);
  return (
    <div class="service-picker">
      {all.map((s) => (
        <label key={s} class={`chip-check${selected.includes(s) ? ' on' : ''}`}>
          <input type="checkbox" checked={selected.includes(s)} onChange={() => toggle(s)} />
          {s}
        </label>
      ))}
    </div>
  );
}
