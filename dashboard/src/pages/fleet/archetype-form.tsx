// Deploy form fields: name, amount, archetype (prefills services and OS), services, OS
// fingerprint, rotation interval, fixed IP. Rendered to INI by deploy-logic.
import { Field } from '../../components/field';
import type { Catalogue } from '../../api/types';
import type { DeployForm } from './deploy-logic';
import { OS_FAMILY_OPTIONS } from './catalogue-fallback';
import { ServicePicker } from './service-picker';

export const EMPTY_FORM: DeployForm = { name: '', amount: 1, archetype: 'linux-server', services: ['ssh', 'http'], nmapOs: '', mutateIntervalMin: '', ip: '' };

export function ArchetypeForm({ form, onChange, catalogue }: { form: DeployForm; onChange(f: DeployForm): void; catalogue: Catalogue }) {
  const arch = catalogue.archetypes.find((a) => a.slug === form.archetype);
  const pickArchetype = (slug: string) => {
    const a = catalogue.archetypes.find((x) => x.slug === slug);
    onChange({ ...form, archetype: slug, services: a ? [...a.services] : form.services });
  };
  return (
    <div class="form-grid">
      <Field label="Name" hint={<>{form.amount > 1 ? `Creates ${form.name || 'name'}-01 … -${String(form.amount).padStart(2, '0')}` : 'Hostname of the decoy.'}</>}>
        <input value={form.name} required maxLength={63} placeholder="e.g. fin-db" onInput={(e) => onChange({ ...form, name: e.currentTarget.value.trim() })} />
      </Field>
      <Field label="Amount">
        <input type="number" min={1} max={64} value={form.amount} onInput={(e) => onChange({ ...form, amount: Number(e.currentTarget.value) || 1 })} />
      </Field>
      <Field label="Archetype" class="span-2">
        <select value={form.archetype} onChange={(e) => pickArchetype(e.currentTarget.value)}>
          <option value="">None (choose services)</option>
          {catalogue.archetypes.map((a) => (
            <option key={a.slug} value={a.slug}>
              {a.slug} — {a.description}
            </option>
          ))}
        </select>
      </Field>
      <fieldset class="field span-2">
        <legend>Services</legend>
        <ServicePicker all={catalogue.services} selected={form.services} onChange={(services) => onChange({ ...form, services })} />
      </fieldset>
      <Field label="OS fingerprint">
        <select value={form.nmapOs} onChange={(e) => onChange({ ...form, nmapOs: e.currentTarget.value })}>
          <option value="">{arch ? `From archetype (${arch.nmapOs})` : 'Default (linux)'}</option>
          {OS_FAMILY_OPTIONS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Rotation interval (minutes)" hint="Services are re-rolled this often; empty turns rotation off.">
        <input inputMode="numeric" value={form.mutateIntervalMin} placeholder="off" onInput={(e) => onChange({ ...form, mutateIntervalMin: e.currentTarget.value })} />
      </Field>
      <Field label="Fixed IP (optional)" class="span-2">
        <input class="mono" value={form.ip} placeholder="allocated automatically" disabled={form.amount > 1} onInput={(e) => onChange({ ...form, ip: e.currentTarget.value })} />
      </Field>
    </div>
  );
}
