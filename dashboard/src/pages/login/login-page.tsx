// Sign-in form. Rate limiting (429) shows how long to wait; a forced logout shows why.
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Auth, ApiError } from '../../api';
import { Spinner } from '../../components/spinner';
import { auth, startSession } from '../../auth/session';
import { useStore } from '../../api/store';
import { AuthShell } from './auth-shell';

export function LoginPage() {
  const { notice } = useStore(auth);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      startSession(await Auth.login(username.trim(), password));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        setError(`Too many attempts. Try again in ${err.retryAfterS ?? 60} seconds.`);
      } else if (err instanceof ApiError && err.status === 401) {
        setError('Wrong username or password.');
      } else {
        setError(err instanceof Error ? err.message : 'Sign-in failed.');
      }
      setBusy(false);
    }
  };

  return (
    <AuthShell title="Sign in" subtitle="Use your operator account.">
      {notice && !error && <p class="notice">{notice}</p>}
      <form class="form" onSubmit={submit}>
        <Field label="Username">
          <input name="username" autoComplete="username" required maxLength={64} value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoFocus />
        </Field>
        <Field label="Password">
          <input name="password" type="password" autoComplete="current-password" required maxLength={1024} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy || !username || !password}>
          {busy && <Spinner size={14} />} Sign in
        </button>
      </form>
    </AuthShell>
  );
}
