// The seeded generator's parameters, and its preview on a read-only canvas (nothing is stored
// until "Create"): the same parameters and seed always give the same topology.
import type { TopologyPreview } from '@decnet/protocol';
import { Field } from '../../components/field';
import { countsOf } from './diff-logic';
import { graphElements, needsLayout } from './graph-logic';
import type { GenerateForm } from './new-topology-logic';
import { TopologyCanvas } from './topology-canvas';

const NUMBERS: [keyof GenerateForm, string, string][] = [
  ['depth', 'Depth', 'LAN levels below the DMZ (0–6)'],
  ['branching', 'Branching', 'Child LANs per LAN (1–4)'],
  ['deckiesPerLan', 'Deckies per LAN', '1–32'],
  ['forwardProbability', 'Forward probability', 'A bridge decky forwards (0–1)'],
  ['crossEdgeProbability', 'Cross-edge probability', 'Extra edge to a non-adjacent LAN (0–1)'],
  ['subnetBase', 'Subnet base', 'First LAN’s subnet; the rest follow'],
  ['seed', 'Seed', 'Same seed, same topology'],
];

export function GenerateFields({ form, onChange }: { form: GenerateForm; onChange(f: GenerateForm): void }) {
  return (
    <div class="stack">
      <div class="form-grid">
        {NUMBERS.map(([key, label, hint]) => (
          <Field key={key} label={label} hint={hint}>
            <input class="mono" value={form[key] as string} maxLength={24} onInput={(e) => onChange({ ...form, [key]: e.currentTarget.value })} />
          </Field>
        ))}
      </div>
      <label class="check">
        <input type="checkbox" checked={form.randomServices} onChange={(e) => onChange({ ...form, randomServices: e.currentTarget.checked })} />
        Random services (a seeded pick from each archetype’s services)
      </label>
    </div>
  );
}

export function GeneratePreview({ preview }: { preview: TopologyPreview }) {
  const c = countsOf(preview.body);
  return (
    <div class="stack">
      <p class="muted small" aria-label="Preview counts">
        Preview: {c.lans} LANs, {c.deckies} deckies, {c.homes} LAN memberships, {c.forwarders} forwarding deckies
      </p>
      <TopologyCanvas elements={graphElements(preview.body, preview.body, {})} selected={null} autoLayout={needsLayout(preview.body)} editable={false} onSelect={() => undefined} label="Preview of the generated topology" />
      {preview.issues.length > 0 && (
        <div class="notice notice-warn" role="alert">
          <p>Validation findings (the topology is created anyway only if none remain):</p>
          <ul>
            {preview.issues.map((i, k) => (
              <li key={k}>
                {i.message} {i.objects.length > 0 && <span class="mono">({i.objects.join(', ')})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
