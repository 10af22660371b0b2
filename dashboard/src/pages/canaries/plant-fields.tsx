// Decky picker and path input (the generator's plausible paths offered, the first as default),
// shared by the create and plant dialogs.
import type { Decky } from '../../api/types';
import { Field } from '../../components/field';

export function PlantFields({ deckies, decky, path, paths, optional, onDecky, onPath }: {
  deckies: readonly Decky[];
  decky: string;
  path: string;
  paths: readonly string[];
  optional?: boolean;
  onDecky(name: string): void;
  onPath(path: string): void;
}) {
  return (
    <>
      <Field label="Decky" hint={optional ? 'Optional: plant the file at once.' : undefined}>
        <select name="decky" value={decky} onChange={(e) => onDecky(e.currentTarget.value)}>
          {optional && <option value="">Do not plant now</option>}
          {deckies.map((d) => (
            <option key={d.id} value={d.name}>{d.name}{d.archetype ? ` (${d.archetype})` : ''}</option>
          ))}
        </select>
      </Field>
      <Field label="Path" hint="Where the file appears in the decky's shell, sftp/scp and FTP listings.">
        <input name="path" list="canary-paths" value={path} maxLength={64} disabled={optional && !decky} placeholder={paths[0]} onInput={(e) => onPath(e.currentTarget.value)} />
      </Field>
      <datalist id="canary-paths">
        {paths.map((p) => <option key={p} value={p} />)}
      </datalist>
      {paths.length > 1 && (
        <div class="row small" aria-label="Suggested paths">
          {paths.map((p) => (
            <button key={p} type="button" class="btn btn-sm btn-ghost mono" disabled={optional && !decky} onClick={() => onPath(p)}>{p}</button>
          ))}
        </div>
      )}
    </>
  );
}
