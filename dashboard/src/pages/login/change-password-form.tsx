// Password change form: used forced (first login, reset by an admin) and from the account menu.
// A successful change revokes old tokens, so the new session replaces the stored one.
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Auth } from '../../api';
import { Spinner } from '../../components/spinner';
import { startSession } from '../../auth/session';
import { errorLine } from '../../format/errors';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-rules';

export function ChangePasswordForm({ username, onDone }: { username: string; onDone?: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = passwordProblem(next, confirm, username, current);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      startSession(await Auth.changePassword(current, next));
      onDone?.();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit}>
      <input type="text" name="username" autoComplete="username" value={username} hidden readOnly />
      <Field label="Current password">
        <input name="current-password" type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </Field>
      <Field label="New password" hint={<>At least {MIN_PASSWORD_LENGTH} characters, not your username.</>}>
        <input name="new-password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={1024} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      </Field>
      <Field label="Confirm new password">
        <input name="confirm-password" type="password" autoComplete="new-password" required value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
      </Field>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-block" disabled={busy || !current || !next || !confirm}>
        {busy && <Spinner size={14} />} Change password
      </button>
    </form>
  );
}
