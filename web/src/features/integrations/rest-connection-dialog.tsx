import { useState } from 'react';
import { z } from 'zod';
import { SelectField, TextAreaField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, requiredText } from '../../components/form-values.ts';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { type Connection, ScheduleFields, useSaveConnection } from './connection-dialog.tsx';

const AUTH = ['none', 'api_key', 'bearer', 'basic', 'oauth2'] as const;
const PAGING = ['page', 'offset', 'cursor', 'next_link'] as const;
type Auth = (typeof AUTH)[number];
type Paging = (typeof PAGING)[number];

/** What a new connection's resources start from: one list, its records and the two fields it needs. */
const STARTER = {
  products: {
    path: '/products',
    records_path: 'data',
    since_param: 'updated_since',
    fields: { sku: 'code', name: 'description', modified_at: 'updated_at' },
  },
};

const json = z
  .string()
  .trim()
  .transform((v, c) => {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {}
    c.addIssue({ code: 'custom', message: 'connections.rest.resources_json' });
    return z.NEVER;
  });

/** A field only some sign-ins and page styles show: absent from the form when hidden. */
const shown = z.string().trim().optional();

const RestForm = z.object({
  name: requiredText,
  base_url: requiredText,
  auth_type: z.enum(AUTH),
  header: shown,
  username: shown,
  token_url: shown,
  client_id: shown,
  scope: shown,
  secret: z.string().optional(),
  paging_type: z.enum(PAGING),
  page_param: shown,
  size_param: shown,
  first_page: z.enum(['0', '1']).optional(),
  cursor_param: shown,
  next_path: shown,
  resources: json,
  lookback_minutes: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, { message: 'validation.integer' })
    .transform(Number),
  schedule: z.string().trim(),
  enabled: checkbox,
});
type Values = z.infer<typeof RestForm>;

type Settings = {
  base_url?: string;
  auth?: Record<string, unknown> & { type?: Auth };
  pagination?: Record<string, unknown> & { type?: Paging };
  resources?: Record<string, unknown>;
  lookback_minutes?: number;
};

const text = (o: Record<string, unknown> | undefined, k: string) =>
  typeof o?.[k] === 'string' ? (o[k] as string) : undefined;

/** The form's flat fields as the connector's settings; blank optional fields are left out. */
const settingsOf = (v: Values) => {
  const given = (o: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== ''));
  const auth = {
    type: v.auth_type,
    ...given(
      v.auth_type === 'api_key'
        ? { header: v.header }
        : v.auth_type === 'basic'
          ? { username: v.username }
          : v.auth_type === 'oauth2'
            ? { token_url: v.token_url, client_id: v.client_id, scope: v.scope }
            : {},
    ),
  };
  const pagination =
    v.paging_type === 'page'
      ? {
          type: 'page',
          ...given({ page_param: v.page_param, size_param: v.size_param }),
          first_page: Number(v.first_page ?? 1),
        }
      : v.paging_type === 'offset'
        ? { type: 'offset', ...given({ offset_param: v.page_param, limit_param: v.size_param }) }
        : v.paging_type === 'cursor'
          ? {
              type: 'cursor',
              ...given({ cursor_param: v.cursor_param, next_path: v.next_path, size_param: v.size_param }),
            }
          : { type: 'next_link', ...given({ next_path: v.next_path }) };
  return {
    base_url: v.base_url,
    auth,
    pagination,
    resources: v.resources,
    lookback_minutes: v.lookback_minutes,
  };
};

/**
 * A connection to an ERP's HTTP API, new or changed: where it is, how Flujo signs in and pages,
 * and which lists it reads (as JSON: a list's path, where its records sit, and which of the
 * record's fields is which). The secret is never shown back: left empty on an edit it stays.
 */
export const RestConnectionDialog = ({
  connection,
  onClose,
}: {
  connection?: Connection;
  onClose: () => void;
}) => {
  const t = useT();
  const c = connection;
  const s = (c?.rest ?? {}) as Settings;
  const [authType, setAuthType] = useState<Auth>(s.auth?.type ?? 'bearer');
  const [paging, setPaging] = useState<Paging>(s.pagination?.type ?? 'page');
  const form = useZodForm(RestForm, async (v) => {
    await save.run(v);
  });
  const save = useSaveConnection(
    c,
    'rest',
    (v: Values) => ({
      name: v.name,
      rest: settingsOf(v),
      ...(v.secret ? { password: v.secret } : {}),
      schedule: v.schedule === '' ? null : v.schedule,
      enabled: v.enabled,
    }),
    form,
    onClose,
  );
  const e = form.errors;
  /** A field's error from the form's own check or the server's, which names the setting's place. */
  const err = (...names: string[]) => names.map((n) => e[n]).find(Boolean);
  const auth = s.auth;
  const page = s.pagination;
  const authOptions = AUTH.map((a) => ({ value: a, label: t(`connections.rest.auth.${a}`) }));
  const pagingOptions = PAGING.map((a) => ({ value: a, label: t(`connections.rest.paging.${a}`) }));
  return (
    <FormDialog
      title={c ? t('connections.rest.edit') : t('connections.rest.new')}
      onClose={onClose}
      testId="rest-connection-dialog"
      wide
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: save.busy }}
      alert={<ProblemAlert error={save.error} />}
      className="grid grid-cols-1 gap-4 sm:grid-cols-2"
    >
      <TextField label={t('connections.name')} name="name" defaultValue={c?.name} error={e.name} />
      <TextField
        label={t('connections.rest.base_url')}
        hint={t('connections.rest.base_url_hint')}
        name="base_url"
        type="url"
        placeholder="https://erp.example.com/api/v1"
        defaultValue={s.base_url}
        error={err('base_url', 'rest.base_url')}
      />
      <SelectField
        label={t('connections.rest.auth')}
        name="auth_type"
        options={authOptions}
        value={authType}
        onChange={(ev) => setAuthType(ev.target.value as Auth)}
      />
      <TextField
        label={t(`connections.rest.secret.${authType}`)}
        name="secret"
        type="password"
        autoComplete="new-password"
        disabled={authType === 'none'}
        hint={c ? t('connections.password_keep') : undefined}
        error={e.password}
      />
      {authType === 'api_key' && (
        <TextField
          label={t('connections.rest.header')}
          name="header"
          placeholder="X-Api-Key"
          defaultValue={text(auth, 'header')}
          error={err('header', 'rest.auth.header')}
        />
      )}
      {authType === 'basic' && (
        <TextField
          label={t('connections.user')}
          name="username"
          autoComplete="off"
          defaultValue={text(auth, 'username')}
          error={err('username', 'rest.auth.username')}
        />
      )}
      {authType === 'oauth2' && (
        <>
          <TextField
            label={t('connections.rest.token_url')}
            name="token_url"
            type="url"
            defaultValue={text(auth, 'token_url')}
            error={err('token_url', 'rest.auth.token_url')}
          />
          <TextField
            label={t('connections.rest.client_id')}
            name="client_id"
            autoComplete="off"
            defaultValue={text(auth, 'client_id')}
            error={err('client_id', 'rest.auth.client_id')}
          />
          <TextField
            label={t('connections.rest.scope')}
            name="scope"
            defaultValue={text(auth, 'scope')}
            error={err('scope', 'rest.auth.scope')}
          />
        </>
      )}
      <SelectField
        label={t('connections.rest.paging')}
        name="paging_type"
        options={pagingOptions}
        value={paging}
        onChange={(ev) => setPaging(ev.target.value as Paging)}
      />
      {(paging === 'page' || paging === 'offset') && (
        <>
          <TextField
            label={t(paging === 'page' ? 'connections.rest.page_param' : 'connections.rest.offset_param')}
            name="page_param"
            defaultValue={
              text(page, 'page_param') ??
              text(page, 'offset_param') ??
              (paging === 'page' ? 'page' : 'offset')
            }
            error={err('page_param', 'rest.pagination.page_param', 'rest.pagination.offset_param')}
          />
          <TextField
            label={t(paging === 'page' ? 'connections.rest.size_param' : 'connections.rest.limit_param')}
            name="size_param"
            defaultValue={
              text(page, 'size_param') ??
              text(page, 'limit_param') ??
              (paging === 'page' ? 'per_page' : 'limit')
            }
            error={err('size_param', 'rest.pagination.size_param', 'rest.pagination.limit_param')}
          />
        </>
      )}
      {paging === 'page' && (
        <SelectField
          label={t('connections.rest.first_page')}
          name="first_page"
          options={[
            { value: '1', label: '1' },
            { value: '0', label: '0' },
          ]}
          defaultValue={String(page?.first_page ?? 1)}
        />
      )}
      {paging === 'cursor' && (
        <>
          <TextField
            label={t('connections.rest.cursor_param')}
            name="cursor_param"
            defaultValue={text(page, 'cursor_param') ?? 'cursor'}
            error={err('cursor_param', 'rest.pagination.cursor_param')}
          />
          <TextField
            label={t('connections.rest.size_param')}
            name="size_param"
            defaultValue={text(page, 'size_param')}
            error={err('size_param', 'rest.pagination.size_param')}
          />
        </>
      )}
      {(paging === 'cursor' || paging === 'next_link') && (
        <TextField
          label={t(
            paging === 'cursor' ? 'connections.rest.next_cursor_path' : 'connections.rest.next_link_path',
          )}
          name="next_path"
          placeholder={paging === 'cursor' ? 'meta.next_cursor' : 'links.next'}
          defaultValue={text(page, 'next_path')}
          error={err('next_path', 'rest.pagination.next_path')}
        />
      )}
      <div className="sm:col-span-2">
        <TextAreaField
          label={t('connections.rest.resources')}
          hint={t('connections.rest.resources_hint')}
          name="resources"
          rows={12}
          spellCheck={false}
          className="rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
          defaultValue={JSON.stringify(s.resources ?? STARTER, null, 2)}
          error={e.resources}
        />
      </div>
      <TextField
        label={t('connections.rest.lookback')}
        hint={t('connections.rest.lookback_hint')}
        name="lookback_minutes"
        inputMode="numeric"
        defaultValue={String(s.lookback_minutes ?? 10)}
        error={err('lookback_minutes', 'rest.lookback_minutes')}
      />
      <ScheduleFields connection={c} error={e.schedule} />
    </FormDialog>
  );
};
