import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { CheckboxField, TextAreaField, TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { checkbox, optionalText, requiredText } from '../../components/form-values.ts';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { eventLines, type Webhook, type WebhookWithSecret } from './webhooks-api.ts';

const WebhookForm = z.object({
  url: requiredText,
  events: eventLines,
  description: optionalText,
  enabled: checkbox,
});
type Values = z.infer<typeof WebhookForm>;

/**
 * A subscription, new or changed. A new one hands its secret to `onCreated`, which shows it
 * once; `enabled` is sent only when it changed, since sending it clears why the endpoint was
 * turned off (a 410) even when it stays off.
 */
export const WebhookDialog = ({
  webhook,
  onClose,
  onCreated,
}: {
  webhook?: Webhook;
  onClose: () => void;
  onCreated: (created: WebhookWithSecret) => void;
}) => {
  const t = useT();
  const w = webhook;
  const form = useZodForm(WebhookForm, async (v) => {
    await save.run(v);
  });
  const save = useApiMutation({
    request: async ({ enabled, ...v }: Values): Promise<WebhookWithSecret | Webhook> =>
      w
        ? unwrap(
            api.PUT('/api/v1/webhooks/{id}', {
              params: { path: { id: w.id } },
              body: { ...v, ...(enabled !== w.enabled ? { enabled } : {}) },
            }),
          )
        : unwrap(api.POST('/api/v1/webhooks', { body: { ...v, enabled } })),
    invalidates: [keys.webhooks.all],
    success: t('webhooks.saved'),
    onSuccess: (r) => {
      onClose();
      if ('secret' in r) onCreated(r);
    },
    // The server names a refused event `events[2]`; the form has one field for all of them.
    onFieldErrors: (errors) =>
      form.setServerErrors(errors.map((e) => ({ ...e, field: e.field.replace(/\[\d+\]$/, '') }))),
  });
  const e = form.errors;
  return (
    <FormDialog
      title={w ? t('webhooks.edit') : t('webhooks.new')}
      onClose={onClose}
      testId="webhook-dialog"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: save.busy }}
      alert={<ProblemAlert error={save.error} />}
    >
      <TextField
        label={t('webhooks.url')}
        hint={t('webhooks.url_hint')}
        name="url"
        type="url"
        inputMode="url"
        placeholder="https://"
        defaultValue={w?.url}
        error={e.url}
      />
      <TextAreaField
        label={t('webhooks.events')}
        hint={t('webhooks.events_hint')}
        name="events"
        rows={4}
        spellCheck={false}
        placeholder={'inventory.stock.updated\norders.*'}
        defaultValue={w?.events.join('\n')}
        error={e.events}
      />
      <TextField
        label={t('webhooks.description')}
        name="description"
        defaultValue={w?.description ?? ''}
        error={e.description}
      />
      <CheckboxField
        label={t('webhooks.enabled')}
        name="enabled"
        defaultChecked={w ? w.enabled : true}
        error={e.enabled}
      />
    </FormDialog>
  );
};
