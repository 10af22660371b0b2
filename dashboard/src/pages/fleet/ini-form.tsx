// Deploy from DECNET INI text: the file as-is, optionally replacing the whole fleet of the host.

import { Field } from '../../components/field';

export const INI_EXAMPLE = `[general]
net = 192.168.10.0/24
gw = 192.168.10.1

[web-01]
archetype = web-server
mutate_interval = 240

[db]
archetype = database-server
amount = 2

[web-01.http]
server_header = Apache/2.4.57 (Debian)
`;

export function IniForm({ text, onText, replaceFleet, onReplace, errorLine }: { text: string; onText(t: string): void; replaceFleet: boolean; onReplace(v: boolean): void; errorLine?: number }) {
  return (
    <div class="stack">
      <Field label="INI configuration" hint="DECNET's INI format: one [section] per decky, amount= to clone, [decky.service] for service settings.">
        <textarea class="mono ini-input" rows={16} spellcheck={false} value={text} placeholder={INI_EXAMPLE} onInput={(e) => onText(e.currentTarget.value)} aria-invalid={errorLine ? true : undefined} />
      </Field>
      <label class="check">
        <input type="checkbox" checked={replaceFleet} onChange={(e) => onReplace(e.currentTarget.checked)} />
        <span>
          Replace the host's fleet <span class="muted">(tears down deckies not in this file)</span>
        </span>
      </label>
    </div>
  );
}
