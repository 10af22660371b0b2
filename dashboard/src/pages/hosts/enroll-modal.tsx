// Add a sensor host: create a single-use enrollment token, then copy the one-line install
// command to run on the host.
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { EnrollmentToken } from '../../api/types';
import { CodeBlock } from '../../components/code-block';
import { KeyValues } from '../../components/field-list';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';
import { formatDateTime } from '../../format/time';

const HOST_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/;

export function EnrollModal({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState('60');
  const [site, setSite] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<EnrollmentToken | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!HOST_NAME_RE.test(name)) return setError('Host name: letters, digits, . _ - (up to 63 characters).');
    setBusy(true);
    setError(null);
    try {
      setToken(await Fleet.enrollmentToken(name, Number(ttl) || undefined, site.trim() || undefined));
      onCreated();
    } catch (err) {
      setError(errorLine(err));
    } finally {
      setBusy(false);
    }
  };

  if (token) {
    return (
      <Modal title={`Install the agent on ${token.hostName}`} wide onClose={onClose} footer={<button type="button" class="btn btn-primary" onClick={onClose}>Done</button>}>
        <div class="stack">
          <p>Run this as root on the sensor host. The token works once and expires {formatDateTime(token.expiresAt)}.</p>
          <CodeBlock text={token.installCommand} copy label="Install command" />
          <KeyValues
            items={[
              ['CA SHA-256', <span class="mono small break">{token.caSha256}</span>],
              ['Expires', formatDateTime(token.expiresAt)],
            ]}
          />
          <p class="muted small">The host appears as “pending” until the agent enrolls, then “online” with its first heartbeat.</p>
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      title="Add a sensor host"
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="enroll-form" class="btn btn-primary" disabled={busy || !name}>
            {busy && <Spinner size={14} />} Create install command
          </button>
        </>
      }
    >
      <form id="enroll-form" class="stack" onSubmit={submit}>
        <Field label="Host name">
          <input value={name} maxLength={63} placeholder="e.g. sensor-paris-1" onInput={(e) => setName(e.currentTarget.value.trim())} autoFocus />
        </Field>
        <Field label="Site (optional)">
          <input value={site} maxLength={64} placeholder="e.g. paris-dc1" onInput={(e) => setSite(e.currentTarget.value)} />
        </Field>
        <Field label="Token valid for">
          <select value={ttl} onChange={(e) => setTtl(e.currentTarget.value)}>
            <option value="15">15 minutes</option>
            <option value="60">1 hour</option>
            <option value="1440">24 hours</option>
          </select>
        </Field>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
