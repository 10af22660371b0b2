// Full-screen password change required before anything else (first login, admin reset).
import { AuthShell } from './auth-shell';
import { ChangePasswordForm } from './change-password-form';
import { logout } from '../../auth/logout';

export function ForcedChangePage({ username }: { username: string }) {
  return (
    <AuthShell title="Choose a new password" subtitle={`The account ${username} must set a new password before continuing.`}>
      <ChangePasswordForm username={username} />
      <button type="button" class="btn btn-ghost btn-block" onClick={() => void logout()}>
        Sign out
      </button>
    </AuthShell>
  );
}
