import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { useListQuery, useListSearch, useSearchBox } from '../../components/list-page.tsx';
import { Toolbar } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { submitClass } from '../../layout/auth-layout.tsx';

const InviteForm = z.object({
  email: z.email({ message: 'validation.email' }),
  name: z.string().trim().min(1, { message: 'validation.required' }),
  role_id: z.string().min(1),
});

export const UsersAdminPage = () => {
  const t = useT();
  const list = useListSearch({ search: '' });
  const searchBox = useSearchBox(list.filters.search, (v) => list.setFilter('search', v));
  const [inviting, setInviting] = useState(false);
  const formId = useId();
  const limit = 20;
  const users = useListQuery(list, {
    key: keys.users.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/users', { params: { query } })),
  });
  const roles = useQuery({ queryKey: keys.roles.all, queryFn: () => unwrap(api.GET('/api/v1/roles')) });
  const invite = useZodForm(InviteForm, async ({ role_id, ...rest }) => {
    await send.run({ ...rest, role_ids: [role_id] });
  });
  const send = useApiMutation({
    request: (body: { email: string; name: string; role_ids: string[] }) =>
      unwrap(api.POST('/api/v1/users', { body })),
    invalidates: [keys.users.all],
    success: t('users.invited'),
    form: invite,
    onSuccess: () => setInviting(false),
  });
  const close = () => {
    send.reset();
    setInviting(false);
  };
  return (
    <div className="flex flex-col gap-4" data-testid="users-admin">
      <Toolbar>
        <input
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          {...searchBox}
          className="w-72 rounded-lg border border-slate-300 px-3 py-2 text-sm"
        />
        <button type="button" className={`${submitClass} ml-auto`} onClick={() => setInviting(true)}>
          {t('users.invite')}
        </button>
      </Toolbar>
      <DataTable
        {...users.table}
        rowKey={(u) => u.id}
        columns={[
          { key: 'name', header: t('users.name'), cell: (u) => u.name },
          { key: 'email', header: t('users.email'), cell: (u) => u.email },
          { key: 'roles', header: t('users.roles'), cell: (u) => u.roles.map((r) => r.name).join(', ') },
          {
            key: 'status',
            header: t('users.status'),
            cell: (u) =>
              !u.active ? t('users.inactive') : u.email_verified ? t('users.active') : t('users.pending'),
          },
        ]}
      />
      <Dialog
        open={inviting}
        title={t('users.invite')}
        onClose={close}
        footer={
          <DialogFooter formId={formId} submitLabel={t('users.invite')} onCancel={close} busy={send.busy} />
        }
      >
        <form id={formId} noValidate onSubmit={invite.onSubmit} className="flex flex-col gap-3">
          <ProblemAlert error={send.error} />
          <TextField label={t('users.email')} name="email" type="email" error={invite.errors.email} />
          <TextField label={t('users.name')} name="name" error={invite.errors.name} />
          <SelectField
            label={t('users.role')}
            name="role_id"
            options={(roles.data?.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            error={invite.errors.role_id}
          />
        </form>
      </Dialog>
    </div>
  );
};
