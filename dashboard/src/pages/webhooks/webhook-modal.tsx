// Create / edit a webhook subscription (presets or raw patterns, format, batching window), and the
// one-time secret dialog shown after creation or rotation.
import { useState } from 'preact/hooks';
import { Webhooks, type Webhook, type WebhookFormat } from '../../api/webhook-api';
import { CopyButton } from '../../components/copy-button';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';

const PRESETS = [
  ['attacker_activity', 'Attacker activity (new attackers, logins, reuse, files, canaries, identities)'],
  ['decky_status', 'Decky status'],
  ['system', 'System (hosts online/offline, degraded workers)'],
] as const;
type Preset = (typeof PRESETS)[number][0];

export function WebhookModal({ hook, onClose, onSaved }: { hook?: Webhook; onClose(): void; onSaved(secret?: string): void }) {
  const [name, setName] = useState(hook?.name ?? '');
  const [url, setUrl] = useState(hook?.url ?? '');
  const [presets, setPresets] = useState<Preset[]>(hook ? [] : ['attacker_activity']);
  const [patterns, setPatterns] = useState((hook?.patterns ?? []).join('\n'));
  const [format, setFormat] = useState<WebhookFormat>(hook?.format ?? 'json');
  const [batchS, setBatchS] = useState(String((hook?.batchWindowMs ?? 0) / 1000));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = (p: Preset, on: boolean) => setPresets((cur) => (on ? [...cur, p] : cur.filter((x) => x !== p)));
  const submit = async (e: Event) => {
    e.preventDefault();
    const raw = patterns.split(/\s+/).filter(Boolean);
    const body = { name: name.trim(), url: url.trim(), presets, patterns: raw, format, batchWindowMs: Math.round(Number(batchS || 0) * 1000) };
    setBusy(true);
    try {
      if (hook) {
        await Webhooks.update(hook.id, body);
        onSaved();
      } else {
        onSaved((await Webhooks.create(body)).secret);
      }
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  const footer = (
    <>
      <button type="button" class="btn btn-ghost" onClick={onClose}>Cancel</button>
      <button type="submit" form="webhook-form" class="btn btn-primary" disabled={busy}>
        {busy && <Spinner size={14} />} {hook ? 'Save' : 'Create webhook'}
      </button>
    </>
  );
  return (
    <Modal title={hook ? `Edit ${hook.name}` : 'Add webhook'} onClose={onClose} footer={footer} wide>
      <form id="webhook-form" class="stack" onSubmit={submit}>
        <Field label="Name">
          <input name="name" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
        </Field>
        <Field label="URL" hint="http(s). Private and loopback targets are refused unless the operator allows them.">
          <input name="url" type="url" value={url} maxLength={2048} onInput={(e) => setUrl(e.currentTarget.value)} />
        </Field>
        <fieldset class="stack-tight">
          <legend>Presets</legend>
          {PRESETS.map(([p, label]) => (
            <label class="check" key={p}>
              <input type="checkbox" name={`preset-${p}`} checked={presets.includes(p)} onChange={(e) => toggle(p, e.currentTarget.checked)} /> {label}
            </label>
          ))}
        </fieldset>
        <Field label="Topic patterns" hint="One per line: decnet/decky/+/state, or DECNET's dotted form (decky.*.state, system.>).">
          <textarea name="patterns" rows={3} value={patterns} onInput={(e) => setPatterns(e.currentTarget.value)} />
        </Field>
        <Field label="Format">
          <select name="format" value={format} onChange={(e) => setFormat(e.currentTarget.value as WebhookFormat)}>
            <option value="json">DECNET JSON (signed)</option>
            <option value="slack">Slack</option>
            <option value="teams">Microsoft Teams</option>
            <option value="discord">Discord</option>
          </select>
        </Field>
        <Field label="Batching window (seconds)" hint="0 sends each fact at once.">
          <input name="batch" type="number" min={0} max={300} value={batchS} onInput={(e) => setBatchS(e.currentTarget.value)} />
        </Field>
        {error && <p class="form-error" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}

export function SecretModal({ secret, onClose }: { secret: string; onClose(): void }) {
  return (
    <Modal title="Signing secret" onClose={onClose} footer={<button type="button" class="btn btn-primary" onClick={onClose}>Done</button>}>
      <p>Copy it now: it is not shown again. Receivers verify <code>X-DECNET-Signature: sha256=HMAC-SHA256(secret, body)</code>.</p>
      <p class="mono" data-testid="webhook-secret">{secret}</p>
      <CopyButton text={secret} />
    </Modal>
  );
}
