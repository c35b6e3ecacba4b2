import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { Json } from '../../api/queries.ts';
import { CheckboxField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, requiredText } from '../../components/form-values.ts';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

export type Connection = Json<'/api/v1/integrations/connections/{id}', 'get'>;

/**
 * Saves a connection from its dialog: a change to `c`, where the enabled switch goes too, or
 * a new connection of `kind`. The server checks the kind's settings and names bad fields.
 */
export const useSaveConnection = <V,>(
  c: Connection | undefined,
  kind: 'microsip' | 'rest',
  bodyOf: (v: V) => Record<string, unknown> & { enabled: boolean },
  form: { setServerErrors: (errors?: { field: string; message: string }[]) => void },
  onClose: () => void,
) => {
  const t = useT();
  return useApiMutation({
    request: (v: V) => {
      const { enabled, ...body } = bodyOf(v);
      return c
        ? unwrap(
            api.PUT('/api/v1/integrations/connections/{id}', {
              params: { path: { id: c.id } },
              body: { ...body, enabled } as never,
            }),
          )
        : unwrap(api.POST('/api/v1/integrations/connections', { body: { kind, ...body } as never }));
    },
    invalidates: [keys.connections.all, keys.syncStatus.all],
    success: t('connections.saved'),
    onSuccess: onClose,
    form,
  });
};

const ConnectionForm = z.object({
  name: requiredText,
  host: requiredText,
  port: z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), {
      message: 'validation.integer',
    })
    .transform((v) => (v === '' ? undefined : Number(v))),
  database: requiredText,
  user: requiredText,
  password: z.string(),
  timezone: z.string().trim(),
  schedule: z.string().trim(),
  enabled: checkbox,
});
type Values = z.infer<typeof ConnectionForm>;

/**
 * A Microsip connection, new or changed. The password is never shown back: left empty on an
 * edit it stays as it was; an empty schedule means "only on demand".
 */
export const ConnectionDialog = ({
  connection,
  onClose,
}: {
  connection?: Connection;
  onClose: () => void;
}) => {
  const t = useT();
  const c = connection;
  const form = useZodForm(ConnectionForm, async (v) => {
    await save.run(v);
  });
  const save = useSaveConnection(
    c,
    'microsip',
    ({ password, port, timezone, schedule, ...v }: Values) => ({
      ...v,
      ...(port !== undefined ? { port } : {}),
      ...(password !== '' ? { password } : {}),
      ...(timezone !== '' ? { timezone } : {}),
      schedule: schedule === '' ? null : schedule,
    }),
    form,
    onClose,
  );
  const e = form.errors;
  return (
    <FormDialog
      title={c ? t('connections.edit') : t('connections.new')}
      onClose={onClose}
      testId="connection-dialog"
      wide
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: save.busy }}
      alert={<ProblemAlert error={save.error} />}
      className="grid grid-cols-1 gap-4 sm:grid-cols-2"
    >
      <div className="sm:col-span-2">
        <TextField label={t('connections.name')} name="name" defaultValue={c?.name} error={e.name} />
      </div>
      <TextField
        label={t('connections.host')}
        name="host"
        defaultValue={c?.host ?? undefined}
        error={e.host}
      />
      <TextField
        label={t('connections.port')}
        name="port"
        inputMode="numeric"
        defaultValue={c ? String(c.port) : '3050'}
        error={e.port}
      />
      <div className="sm:col-span-2">
        <TextField
          label={t('connections.database')}
          hint={t('connections.database_hint')}
          name="database"
          defaultValue={c?.database ?? undefined}
          error={e.database}
        />
      </div>
      <TextField
        label={t('connections.user')}
        name="user"
        autoComplete="off"
        defaultValue={c?.user ?? 'SYSDBA'}
        error={e.user}
      />
      <TextField
        label={t('connections.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        hint={c ? t('connections.password_keep') : undefined}
        error={e.password}
      />
      <TextField
        label={t('connections.timezone')}
        hint={t('connections.timezone_hint')}
        name="timezone"
        defaultValue={c?.timezone ?? 'America/Mexico_City'}
        error={e.timezone}
      />
      <ScheduleFields connection={c} error={e.schedule} />
    </FormDialog>
  );
};

/** When a connection syncs by itself (cron, UTC; empty: only on demand) and, once saved, whether it does. */
export const ScheduleFields = ({
  connection: c,
  error,
}: {
  connection: Connection | undefined;
  error?: string;
}) => {
  const t = useT();
  return (
    <>
      <TextField
        label={t('connections.schedule')}
        hint={t('connections.schedule_hint')}
        name="schedule"
        placeholder="0 */6 * * *"
        defaultValue={c ? (c.schedule ?? '') : '0 */6 * * *'}
        error={error}
      />
      {c && (
        <div className="sm:col-span-2">
          <CheckboxField label={t('connections.enabled')} name="enabled" defaultChecked={c.enabled} />
        </div>
      )}
    </>
  );
};
