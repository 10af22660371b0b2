// A labelled form control: <label for> tied to the control by id, and an optional hint linked
// with aria-describedby, so screen readers announce "Name, edit text, Hostname of the decoy".
import type { ComponentChildren, VNode } from 'preact';
import { cloneElement } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: ComponentChildren;
  hint?: ComponentChildren;
  class?: string;
  /** Exactly one control element (input, select, textarea). */
  children: VNode<Record<string, unknown>>;
}

export function Field({ label, hint, class: cls, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class={`field${cls ? ` ${cls}` : ''}`}>
      <label for={id}>{label}</label>
      {cloneElement(children, { id, ...(hintId ? { 'aria-describedby': hintId } : {}) })}
      {hint && (
        <small id={hintId} class="muted">
          {hint}
        </small>
      )}
    </div>
  );
}
