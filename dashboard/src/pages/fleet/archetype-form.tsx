// Deploy form fields: name, amount, archetype (prefills services and OS), services, OS
// fingerprint, rotation interval, fixed IP. Rendered to INI by deploy-logic.
import { Field } from '../../components/field';
import type { Catalogue } from '../../api/types';
import type { DeployForm } from './deploy-logic';
import { ServicePicker } from './service-picker';
import { offeredServices } from './use-catalogue';

export const EMPTY_FORM: DeployForm = { name: '', amount: 1, archetype: 'linux-server', services: ['ssh', 'http'], nmapOs: '', mutateIntervalMin: '', ip: '' };

export function ArchetypeForm({ form, onChange, catalogue }: { form: DeployForm; onChange(f: DeployForm): void; catalogue: Catalogue }) {
  const arch = catalogue.archetypes.find((a) => a.slug === form.archetype);
  const offered = offeredServices(catalogue);
  // An archetype deploys what the host can run of it; the rest is named, never silently offered.
  const pickArchetype = (slug: string) => {
    const a = catalogue.archetypes.find((x) => x.slug === slug);
    onChange({ ...form, archetype: slug, services: a ? a.services.filter((s) => offered.includes(s)) : form.services });
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
              {a.missing.length ? ` (cannot run here: ${a.missing.join(', ')})` : ''}
            </option>
          ))}
        </select>
      </Field>
      <fieldset class="field span-2">
        <legend>Services</legend>
        <ServicePicker all={offered} selected={form.services} onChange={(services) => onChange({ ...form, services })} />
        {arch && arch.missing.length > 0 && (
          <small class="muted">
            {arch.slug} would also run {arch.missing.join(', ')}, which this host cannot run{catalogue.runtime ? ` (${catalogue.runtime} runtime)` : ''}.
          </small>
        )}
        {offered.length === 0 && <small class="muted">This host has not reported which services it can run yet; wait for its first heartbeat.</small>}
      </fieldset>
      <Field label="OS fingerprint">
        <select value={form.nmapOs} onChange={(e) => onChange({ ...form, nmapOs: e.currentTarget.value })}>
          <option value="">{arch ? `From archetype (${arch.nmapOs})` : 'Default (linux)'}</option>
          {catalogue.osFamilies.map((o) => (
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
