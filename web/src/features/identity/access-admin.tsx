import { type QueryKey, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { ErrorState, LoadingState, ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { submitClass } from '../../layout/auth-layout.tsx';

const lines = (v: string) =>
  v
    .split(/\s+/)
    .map((x) => x.trim())
    .filter(Boolean);
const secondary = 'rounded-lg border border-slate-300 px-3 py-1.5 text-sm';

const NameAndPermissions = z.object({
  name: z.string().trim().min(1, { message: 'validation.required' }),
  permissions: z.string().trim().min(3, { message: 'validation.required' }),
});

type NewGrant = { name: string; permissions: string[] };

/** A list with a "new" dialog of name + permissions: roles and API clients share it. */
const useCreateDialog = <R,>(o: {
  request: (v: NewGrant) => Promise<R>;
  invalidates: QueryKey[];
  success?: string;
  onSuccess?: (r: R) => void;
}) => {
  const [open, setOpen] = useState(false);
  const form = useZodForm(NameAndPermissions, async (v) => {
    await create.run({ name: v.name, permissions: lines(v.permissions) });
  });
  const create = useApiMutation({
    ...o,
    form,
    onSuccess: (r: R) => {
      setOpen(false);
      o.onSuccess?.(r);
    },
  });
  const close = () => {
    create.reset();
    setOpen(false);
  };
  return { open, setOpen, close, form, create };
};

const PermissionsDialog = <R,>({ title, d }: { title: string; d: ReturnType<typeof useCreateDialog<R>> }) => {
  const t = useT();
  const formId = useId();
  return (
    <Dialog
      open={d.open}
      title={title}
      onClose={d.close}
      footer={<DialogFooter formId={formId} submitLabel={title} onCancel={d.close} busy={d.create.busy} />}
    >
      <form id={formId} noValidate onSubmit={d.form.onSubmit} className="flex flex-col gap-3">
        <ProblemAlert error={d.create.error} />
        <TextField label={t('roles.name')} name="name" error={d.form.errors.name} />
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {t('roles.permissions')}
          <textarea
            name="permissions"
            rows={5}
            className="rounded-lg border border-slate-300 p-2 font-mono text-sm"
          />
          <span className="text-xs font-normal text-slate-500">
            {d.form.errors.permissions ?? t('roles.permissions_hint')}
          </span>
        </label>
      </form>
    </Dialog>
  );
};

export const RolesAdmin = () => {
  const t = useT();
  const roles = useQuery({ queryKey: keys.roles.all, queryFn: () => unwrap(api.GET('/api/v1/roles')) });
  const d = useCreateDialog({
    request: (body) => unwrap(api.POST('/api/v1/roles', { body })),
    invalidates: [keys.roles.all],
    success: t('roles.created'),
  });
  const remove = useApiMutation({
    request: (id: string) => unwrap(api.DELETE('/api/v1/roles/{id}', { params: { path: { id } } })),
    invalidates: [keys.roles.all],
    toastError: true,
  });
  if (roles.error) return <ErrorState error={roles.error} />;
  if (!roles.data) return <LoadingState />;
  return (
    <div className="flex flex-col gap-3" data-testid="roles-admin">
      <div>
        <button type="button" className={submitClass} onClick={() => d.setOpen(true)}>
          {t('roles.new')}
        </button>
      </div>
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
        {roles.data.data.map((r) => (
          <li key={r.id} className="flex items-start justify-between gap-4 p-4 text-sm">
            <div>
              <p className="font-medium">
                {r.name}{' '}
                {r.is_system && (
                  <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-500">
                    {t('roles.system')}
                  </span>
                )}
              </p>
              <p className="mt-1 font-mono text-xs text-slate-500">{r.permissions.join('  ')}</p>
            </div>
            {!r.is_system && (
              <button
                type="button"
                className={secondary}
                disabled={remove.busy}
                onClick={() => void remove.run(r.id)}
              >
                {t('roles.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <PermissionsDialog title={t('roles.new')} d={d} />
    </div>
  );
};

export const ApiClientsAdmin = () => {
  const t = useT();
  const [secret, setSecret] = useState<{ client_id: string; client_secret: string }>();
  const clients = useQuery({
    queryKey: keys.apiClients.all,
    queryFn: () => unwrap(api.GET('/api/v1/api-clients')),
  });
  const d = useCreateDialog({
    request: (body) => unwrap(api.POST('/api/v1/api-clients', { body })),
    invalidates: [keys.apiClients.all],
    onSuccess: setSecret,
  });
  const revoke = useApiMutation({
    request: (id: string) => unwrap(api.DELETE('/api/v1/api-clients/{id}', { params: { path: { id } } })),
    invalidates: [keys.apiClients.all],
    toastError: true,
  });
  if (clients.error) return <ErrorState error={clients.error} />;
  if (!clients.data) return <LoadingState />;
  return (
    <div className="flex flex-col gap-3" data-testid="clients-admin">
      <div>
        <button type="button" className={submitClass} onClick={() => d.setOpen(true)}>
          {t('clients.new')}
        </button>
      </div>
      {secret && (
        <div role="status" className="rounded-xl border border-amber-200 bg-amber-50 p-4 text-sm">
          <p className="font-medium">{t('clients.secret_once')}</p>
          <p className="mt-2 font-mono text-xs">
            client_id={secret.client_id}
            <br />
            client_secret={secret.client_secret}
          </p>
        </div>
      )}
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
        {clients.data.data.map((c) => (
          <li key={c.id} className="flex items-start justify-between gap-4 p-4 text-sm">
            <div>
              <p className="font-medium">{c.name}</p>
              <p className="font-mono text-xs text-slate-500">
                {t('clients.client_id')}: {c.client_id} · {c.permissions.join(' ')}
              </p>
            </div>
            {c.revoked ? (
              <span className="text-xs text-slate-500">{t('clients.revoked')}</span>
            ) : (
              <button
                type="button"
                className={secondary}
                disabled={revoke.busy}
                onClick={() => void revoke.run(c.id)}
              >
                {t('clients.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <PermissionsDialog title={t('clients.new')} d={d} />
    </div>
  );
};

const OrgForm = z.object({
  name: z.string().trim().min(2, { message: 'validation.required' }),
  timezone: z.string().min(1),
  lockout_threshold: z.coerce.number().int().min(3).max(50),
  lockout_minutes: z.coerce.number().int().min(1).max(1440),
  password_min_length: z.coerce.number().int().min(10).max(128),
  require_2fa_for_admins: z.string().optional(),
});

type TenantBody = {
  name: string;
  timezone: string;
  settings: Omit<z.infer<typeof OrgForm>, 'name' | 'timezone' | 'require_2fa_for_admins'> & {
    require_2fa_for_admins: boolean;
  };
};

export const OrganisationSettings = () => {
  const t = useT();
  const org = useQuery({ queryKey: keys.tenant, queryFn: () => unwrap(api.GET('/api/v1/tenants/current')) });
  const form = useZodForm(OrgForm, async ({ name, timezone, require_2fa_for_admins, ...numbers }) => {
    await save.run({
      name,
      timezone,
      settings: { ...numbers, require_2fa_for_admins: require_2fa_for_admins === 'on' },
    });
  });
  const save = useApiMutation({
    request: (body: TenantBody) => unwrap(api.PUT('/api/v1/tenants/current', { body })),
    invalidates: [keys.tenant],
    success: t('profile.saved'),
    form,
  });
  if (org.error) return <ErrorState error={org.error} />;
  if (!org.data) return <LoadingState />;
  const s = org.data.settings;
  const zones = [...new Set([org.data.timezone, 'UTC', ...Intl.supportedValuesOf('timeZone')])];
  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      className="grid max-w-2xl gap-3 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2"
      data-testid="org-settings"
    >
      {save.error !== undefined && (
        <div className="sm:col-span-2">
          <ProblemAlert error={save.error} />
        </div>
      )}
      <TextField label={t('org.name')} name="name" defaultValue={org.data.name} error={form.errors.name} />
      <SelectField
        label={t('org.timezone')}
        name="timezone"
        defaultValue={org.data.timezone}
        hint={t('org.timezone_hint')}
        error={form.errors.timezone}
        options={zones.map((z) => ({ value: z, label: z }))}
      />
      <TextField
        label={t('org.password_min_length')}
        name="password_min_length"
        type="number"
        defaultValue={s.password_min_length ?? 10}
        error={form.errors.password_min_length}
      />
      <TextField
        label={t('org.lockout_threshold')}
        name="lockout_threshold"
        type="number"
        defaultValue={s.lockout_threshold ?? 5}
        error={form.errors.lockout_threshold}
      />
      <TextField
        label={t('org.lockout_minutes')}
        name="lockout_minutes"
        type="number"
        defaultValue={s.lockout_minutes ?? 15}
        error={form.errors.lockout_minutes}
      />
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input
          type="checkbox"
          name="require_2fa_for_admins"
          defaultChecked={s.require_2fa_for_admins ?? false}
        />
        {t('org.require_2fa_for_admins')}
      </label>
      <div>
        <button type="submit" disabled={save.busy} className={submitClass}>
          {t('profile.save')}
        </button>
      </div>
    </form>
  );
};
