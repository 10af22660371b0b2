// Search box that reports its value after typing pauses (debounced), with a clear button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon } from './icons';

export function SearchInput({ value, onChange, placeholder, label, delayMs = 300 }: { value: string; onChange(v: string): void; placeholder?: string; label: string; delayMs?: number }) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const update = (v: string) => {
    setText(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange(v.trim()), delayMs);
  };
  return (
    <label class="search">
      <Icon name="search" size={14} />
      <span class="sr-only">{label}</span>
      <input type="search" value={text} placeholder={placeholder} maxLength={200} onInput={(e) => update(e.currentTarget.value)} />
    </label>
  );
}
