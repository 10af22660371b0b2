// User administration (admins only): roles, password resets, removal.
import { useState } from 'preact/hooks';
import { Users } from '../../api';
import type { Role, User } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { Icon } from '../../components/icons';
import { ConfirmModal } from '../../components/modal';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { formatDateTime, formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { CreateUserModal, ResetPasswordModal } from './user-modals';

type Dialog = { kind: 'create' } | { kind: 'reset'; user: User } | { kind: 'delete'; user: User } | null;

export function UsersPage({ me }: { me: User }) {
  const state = useAsync(() => Users.list(), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const now = useNow();

  const changeRole = async (u: User, role: Role) => {
    try {
      await Users.update(u.id, { role });
      toast(`${u.username} is now ${role}`);
    } catch (err) {
      toast(errorLine(err), 'bad');
    }
    state.reload();
  };

  const columns: Column<User>[] = [
    { key: 'username', header: 'User', sortValue: (u) => u.username, render: (u) => (<span class="strong">{u.username}{u.id === me.id && <span class="muted small"> (you)</span>}</span>) },
    {
      key: 'role',
      header: 'Role',
      sortValue: (u) => u.role,
      render: (u) =>
        u.id === me.id ? (
          <Badge tone="accent">{u.role}</Badge>
        ) : (
          <select class="select-sm" aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => void changeRole(u, e.currentTarget.value as Role)}>
            <option value="viewer">viewer</option>
            <option value="admin">admin</option>
          </select>
        ),
    },
    { key: 'status', header: 'Password', render: (u) => (u.mustChangePassword ? <Badge tone="warn">must change</Badge> : <Badge tone="ok">set</Badge>) },
    { key: 'last', header: 'Last sign-in', sortValue: (u) => u.lastLoginAt, render: (u) => <span title={formatDateTime(u.lastLoginAt)}>{formatRelative(u.lastLoginAt, now)}</span> },
    { key: 'created', header: 'Created', sortValue: (u) => u.createdAt, render: (u) => formatDateTime(u.createdAt) },
    {
      key: 'actions',
      header: <span class="sr-only">Actions</span>,
      align: 'right',
      render: (u) =>
        u.id === me.id ? null : (
          <span class="row-actions">
            <button type="button" class="btn btn-sm" onClick={() => setDialog({ kind: 'reset', user: u })} aria-label={`Reset password of ${u.username}`}>
              <Icon name="key" size={13} /> Reset password
            </button>
            <button type="button" class="btn btn-sm btn-danger-ghost" onClick={() => setDialog({ kind: 'delete', user: u })} aria-label={`Delete ${u.username}`}>
              <Icon name="trash" size={13} /> Delete
            </button>
          </span>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Operator accounts. Viewers read everything; admins also deploy, manage hosts and users."
        actions={
          <button type="button" class="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
            <Icon name="plus" size={14} /> Add user
          </button>
        }
      />
      <AsyncView state={state}>
        {({ items }) => (
          <Card flush title={`${items.length} user${items.length === 1 ? '' : 's'}`}>
            <Table caption="Users" columns={columns} rows={items} rowKey={(u) => u.id} />
          </Card>
        )}
      </AsyncView>
      {dialog?.kind === 'create' && <CreateUserModal onClose={() => setDialog(null)} onDone={(u) => { toast(`${u.username} created`); state.reload(); }} />}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} onDone={() => toast(`Password of ${dialog.user.username} reset`)} />}
      {dialog?.kind === 'delete' && (
        <ConfirmModal
          title={`Delete ${dialog.user.username}?`}
          confirmLabel="Delete user"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await Users.remove(dialog.user.id);
            toast(`${dialog.user.username} deleted`);
            state.reload();
          }}
        >
          <p>The account and its sessions are removed. This cannot be undone.</p>
        </ConfirmModal>
      )}
    </>
  );
}
