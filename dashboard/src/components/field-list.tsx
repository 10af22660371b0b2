// Parsed structured fields of an event (the RFC 5424 SD params) as key/value pills, and a
// definition list for detail panels. Values are attacker data: rendered as escaped text.
import type { ComponentChildren } from 'preact';
import { oneLine, visible } from '../format/text';

/** Fields worth showing first in a one-line summary, in this order. */
const PRIORITY = ['username', 'principal', 'secret_printable', 'command', 'cmd', 'method', 'path', 'uri', 'url', 'user_agent', 'query', 'filename'];
const HIDDEN = new Set(['src_ip', 'src_port', 'secret_b64', 'session_id']);

export function orderedFields(fields: Record<string, string>): [string, string][] {
  // Templates send both `username` and `principal` for logins; one is enough in a summary.
  const entries = Object.entries(fields).filter(([k, v]) => !HIDDEN.has(k) && !(k === 'username' && v === fields.principal));
  const rank = (k: string) => {
    const i = PRIORITY.indexOf(k);
    return i === -1 ? PRIORITY.length : i;
  };
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

export function FieldPills({ fields, max = 4 }: { fields: Record<string, string>; max?: number }) {
  const list = orderedFields(fields);
  if (!list.length) return null;
  return (
    <span class="pills">
      {list.slice(0, max).map(([k, v]) => (
        <span class="pill" key={k}>
          <span class="pill-k">{k}</span>
          <span class="pill-v">{oneLine(v, 64)}</span>
        </span>
      ))}
      {list.length > max && <span class="muted small">+{list.length - max}</span>}
    </span>
  );
}

export function FieldTable({ fields }: { fields: Record<string, string> }) {
  const list = Object.entries(fields).sort((a, b) => a[0].localeCompare(b[0]));
  if (!list.length) return <p class="muted small">No structured fields.</p>;
  return (
    <dl class="kv mono">
      {list.map(([k, v]) => (
        <div class="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>{visible(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function KeyValues({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="kv">
      {items.map(([k, v]) => (
        <div class="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
