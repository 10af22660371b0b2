// The signed-in user's account: role, last sign-in, and a voluntary password change.
import type { User } from '../../api/types';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { KeyValues } from '../../components/field-list';
import { PageHeader } from '../../components/page-header';
import { toast } from '../../components/toast';
import { formatDateTime } from '../../format/time';
import { ChangePasswordForm } from './change-password-form';

export function AccountPage({ user }: { user: User }) {
  return (
    <>
      <PageHeader title="Account" subtitle="Your operator account on this control plane." />
      <div class="grid-2">
        <Card title="Profile">
          <KeyValues
            items={[
              ['Username', user.username],
              ['Role', <Badge tone={user.role === 'admin' ? 'accent' : 'neutral'}>{user.role}</Badge>],
              ['Created', formatDateTime(user.createdAt)],
              ['Last sign-in', formatDateTime(user.lastLoginAt)],
            ]}
          />
        </Card>
        <Card title="Change password">
          <div class="stack">
            <p class="muted small">Changing the password signs out every other session of this account.</p>
            <ChangePasswordForm username={user.username} onDone={() => toast('Password changed')} />
          </div>
        </Card>
      </div>
    </>
  );
}
