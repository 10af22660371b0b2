// Create-user and reset-password dialogs. Both set a temporary password the user must change.
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Users } from '../../api';
import type { Role, User } from '../../api/types';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';
import { MIN_PASSWORD_LENGTH } from '../login/password-rules';

const USERNAME_RE = /^[A-Za-z0-9._@-]{1,64}$/;

function Footer({ busy, label, formId, onClose }: { busy: boolean; label: string; formId: string; onClose(): void }) {
  return (
    <>
      <button type="button" class="btn btn-ghost" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" form={formId} class="btn btn-primary" disabled={busy}>
        {busy && <Spinner size={14} />} {label}
      </button>
    </>
  );
}

export function CreateUserModal({ onClose, onDone }: { onClose(): void; onDone(u: User): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!USERNAME_RE.test(username)) return setError('Username: letters, digits and . _ @ - only.');
    if (password.length < MIN_PASSWORD_LENGTH) return setError(`Temporary password: at least ${MIN_PASSWORD_LENGTH} characters.`);
    setBusy(true);
    try {
      onDone(await Users.create({ username, password, role, mustChangePassword: true }));
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  return (
    <Modal title="Add user" onClose={onClose} footer={<Footer busy={busy} label="Create user" formId="user-form" onClose={onClose} />}>
      <form id="user-form" class="stack" onSubmit={submit}>
        <Field label="Username">
          <input value={username} maxLength={64} autoComplete="off" onInput={(e) => setUsername(e.currentTarget.value.trim())} autoFocus />
        </Field>
        <Field label="Temporary password" hint="The user must change it at first sign-in.">
          <input type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Field label="Role">
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="viewer">viewer — read-only</option>
            <option value="admin">admin — deploy, hosts, users</option>
          </select>
        </Field>
        {error && <p class="form-error" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose, onDone }: { user: User; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) return setError(`At least ${MIN_PASSWORD_LENGTH} characters.`);
    setBusy(true);
    try {
      await Users.update(user.id, { password });
      onDone();
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  return (
    <Modal title={`Reset password of ${user.username}`} onClose={onClose} footer={<Footer busy={busy} label="Reset password" formId="reset-form" onClose={onClose} />}>
      <form id="reset-form" class="stack" onSubmit={submit}>
        <p class="muted">Signs the user out everywhere; they must choose a new password at next sign-in.</p>
        <Field label="Temporary password">
          <input type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autoFocus />
        </Field>
        {error && <p class="form-error" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
