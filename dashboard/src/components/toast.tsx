// Transient notifications (saved, deployed, failed) announced to screen readers.
import { createStore, useStore } from '../api/store';

interface Toast {
  id: number;
  tone: 'ok' | 'bad' | 'info';
  text: string;
}

const toasts = createStore<Toast[]>([]);
let nextId = 1;

export function toast(text: string, tone: Toast['tone'] = 'ok'): void {
  const id = nextId++;
  toasts.set((list) => [...list.slice(-3), { id, tone, text }]);
  setTimeout(() => toasts.set((list) => list.filter((t) => t.id !== id)), 4500);
}

export function Toasts() {
  const list = useStore(toasts);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} class={`toast toast-${t.tone}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
