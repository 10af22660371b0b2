// Accessible tabs (WAI-ARIA tabs pattern): arrow keys move between tabs, the panel follows.
import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';

export interface TabDef {
  key: string;
  label: ComponentChildren;
}

export function Tabs({ tabs, active, onChange, idPrefix }: { tabs: TabDef[]; active: string; onChange(key: string): void; idPrefix: string }) {
  const onKey = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.key === active);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(i + step + tabs.length) % tabs.length]!;
    onChange(next.key);
    document.getElementById(`${idPrefix}-tab-${next.key}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.key}
          id={`${idPrefix}-tab-${t.key}`}
          type="button"
          role="tab"
          class={`tab${t.key === active ? ' active' : ''}`}
          aria-selected={t.key === active}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={t.key === active ? 0 : -1}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idPrefix, active, children }: { idPrefix: string; active: string; children: ComponentChildren }) {
  return (
    <div id={`${idPrefix}-panel`} role="tabpanel" aria-labelledby={`${idPrefix}-tab-${active}`} class="tab-panel">
      {children}
    </div>
  );
}
