import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { submitClass } from '../../layout/auth-layout.tsx';

const InviteForm = z.object({
  email: z.email({ message: 'validation.email' }),
  name: z.string().trim().min(1, { message: 'validation.required' }),
  role_id: z.string().min(1),
});

export const UsersAdminPage = () => {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [inviting, setInviting] = useState(false);
  const limit = 20;
  const users = useQuery({
    queryKey: ['users', page, search],
    queryFn: () =>
      unwrap(api.GET('/api/v1/users', { params: { query: { page, limit, ...(search ? { search } : {}) } } })),
  });
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => unwrap(api.GET('/api/v1/roles')) });
  const invite = useZodForm(InviteForm, async ({ role_id, ...rest }) => {
    try {
      await unwrap(api.POST('/api/v1/users', { body: { ...rest, role_ids: [role_id] } }));
      toast.show(t('users.invited'), 'success');
      setInviting(false);
      await qc.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      if (err instanceof ApiError) invite.setServerErrors(err.problem.errors);
      toast.show(
        err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('state.error'),
        'error',
      );
    }
  });
  return (
    <div className="flex flex-col gap-4" data-testid="users-admin">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <input
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          className="w-72 rounded-lg border border-slate-300 px-3 py-2 text-sm"
        />
        <button type="button" className={submitClass} onClick={() => setInviting(true)}>
          {t('users.invite')}
        </button>
      </div>
      <DataTable
        rows={users.data?.data}
        rowKey={(u) => u.id}
        page={page}
        limit={limit}
        total={users.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={users.isLoading}
        error={users.error}
        onRetry={() => void users.refetch()}
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
        onClose={() => setInviting(false)}
        footer={
          <>
            <button
              type="button"
              className="rounded-lg border border-slate-300 px-4 py-2 text-sm"
              onClick={() => setInviting(false)}
            >
              {t('common.cancel')}
            </button>
            <button type="submit" form="invite-form" className={submitClass}>
              {t('users.invite')}
            </button>
          </>
        }
      >
        <form id="invite-form" noValidate onSubmit={invite.onSubmit} className="flex flex-col gap-3">
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
