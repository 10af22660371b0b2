// One service's settings as a typed form built from the JSON Schema its host reports (text,
// number, switch, choice), with the schema's constraints on the inputs and inline problems. Keys
// the schema does not know (or a service without a schema) stay editable as key/value rows.
import { Field } from '../../components/field';
import { Icon } from '../../components/icons';
import { fieldProblem, fieldsOf, isTruthy, type FormField } from './schema-form-logic';

interface Props {
  service: string;
  schema: unknown;
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
}

/** `id` and `aria-describedby` come from the enclosing Field, which ties its label and hint to the control. */
function Input({ f, value, set, ...ids }: { f: FormField; value: string; set(v: string): void; id?: string; 'aria-describedby'?: string }) {
  const common = { ...ids, 'aria-invalid': fieldProblem(f, value) ? true : undefined, class: 'mono' };
  switch (f.kind) {
    case 'boolean':
      return (
        <select {...common} value={value === '' ? '' : isTruthy(value) ? 'true' : 'false'} onChange={(e) => set(e.currentTarget.value)}>
          <option value="">default</option>
          <option value="true">on</option>
          <option value="false">off</option>
        </select>
      );
    case 'enum':
      return (
        <select {...common} value={value} onChange={(e) => set(e.currentTarget.value)}>
          <option value="">{f.defaultText ? `default (${f.defaultText})` : 'default'}</option>
          {(f.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'integer':
    case 'number':
      return <input {...common} type="number" step={f.kind === 'integer' ? 1 : 'any'} min={f.min} max={f.max} placeholder={f.defaultText ?? ''} value={value} onInput={(e) => set(e.currentTarget.value)} />;
    case 'text':
      return <textarea {...common} rows={3} maxLength={f.maxLength} placeholder={f.defaultText ?? ''} value={value} onInput={(e) => set(e.currentTarget.value)} />;
    default:
      return <input {...common} maxLength={f.maxLength} placeholder={f.defaultText ?? ''} value={value} onInput={(e) => set(e.currentTarget.value)} />;
  }
}

function hintOf(f: FormField, value: string): string | undefined {
  const problem = fieldProblem(f, value);
  if (problem) return `Expected ${problem}.`;
  const range = f.min !== undefined || f.max !== undefined ? `${f.min ?? '…'}–${f.max ?? '…'}` : undefined;
  return [f.description, range].filter(Boolean).join(' · ') || undefined;
}

export function ServiceConfigForm({ service, schema, values, onChange }: Props) {
  const fields = fieldsOf(schema);
  const known = new Set(fields.map((f) => f.key));
  const extra = Object.entries(values).filter(([k]) => !known.has(k));
  const set = (key: string, v: string) => onChange({ ...values, [key]: v });
  const renameExtra = (oldKey: string, newKey: string) => onChange(Object.fromEntries(Object.entries(values).map(([k, v]) => [k === oldKey ? newKey : k, v])));
  const drop = (key: string) => onChange(Object.fromEntries(Object.entries(values).filter(([k]) => k !== key)));
  return (
    <fieldset class="field service-form">
      <legend>{service}</legend>
      {fields.length === 0 && <p class="muted small">This host reports no settings schema for {service}: settings are free key/value pairs.</p>}
      <div class="form-grid">
        {fields.map((f) => (
          <Field key={f.key} label={`${service}.${f.key}`} hint={hintOf(f, values[f.key] ?? '')}>
            <Input f={f} value={values[f.key] ?? ''} set={(v) => set(f.key, v)} />
          </Field>
        ))}
      </div>
      {extra.map(([k, v], i) => (
        <div class="config-row" key={i}>
          <span class="muted small">other</span>
          <input aria-label={`${service} setting name`} class="mono" maxLength={64} value={k} onInput={(e) => renameExtra(k, e.currentTarget.value)} />
          <input aria-label={`${service} setting value`} class="mono grow" value={v} onInput={(e) => set(k, e.currentTarget.value)} />
          <button type="button" class="btn btn-icon btn-ghost" aria-label={`Remove ${service} setting`} onClick={() => drop(k)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
      {!known.has('') && !Object.hasOwn(values, '') && (
        <button type="button" class="btn btn-sm btn-ghost" onClick={() => set('', '')}>
          <Icon name="plus" size={14} /> Other setting
        </button>
      )}
    </fieldset>
  );
}
