import { Badge } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { DeliveryStatus, Webhook } from './webhooks-api.ts';

/** The event patterns of a subscription as chips. */
export const EventChips = ({ events }: { events: readonly string[] }) => (
  <ul className="flex flex-wrap gap-1">
    {events.map((e) => (
      <li key={e} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
        {e}
      </li>
    ))}
  </ul>
);

/** Whether a subscription sends, and when the server turned it off (a 410), why. */
export const WebhookState = ({ webhook: w }: { webhook: Webhook }) => {
  const t = useT();
  return (
    <span className="flex flex-col items-start gap-0.5" data-testid="webhook-state" data-enabled={w.enabled}>
      <Badge tone={w.enabled ? 'green' : 'grey'}>{w.enabled ? t('webhooks.on') : t('webhooks.off')}</Badge>
      {!w.enabled && w.disabled_reason && <span className="text-xs text-slate-500">{w.disabled_reason}</span>}
    </span>
  );
};

const deliveryTone = {
  pending: 'grey',
  delivered: 'green',
  failed: 'amber',
  dead: 'red',
} as const satisfies Record<DeliveryStatus, string>;

export const DeliveryStatusBadge = ({ status }: { status: DeliveryStatus }) => {
  const t = useT();
  return (
    <span data-testid="delivery-status" data-status={status}>
      <Badge tone={deliveryTone[status]}>{t(`deliveries.status.${status}`)}</Badge>
    </span>
  );
};

/** How a receiver checks that a request came from Flujo, as the Standard Webhooks spec says. */
export const SigningHelp = () => {
  const t = useT();
  const code = 'rounded bg-slate-100 px-1 font-mono text-xs';
  return (
    <section
      aria-labelledby="webhook-signing"
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 text-sm text-slate-600"
    >
      <h2 id="webhook-signing" className="font-medium text-slate-900">
        {t('signing.title')}
      </h2>
      <p>{t('signing.headers')}</p>
      <ul className="list-disc pl-5">
        <li>
          <code className={code}>webhook-id</code> — {t('signing.id')}
        </li>
        <li>
          <code className={code}>webhook-timestamp</code> — {t('signing.timestamp')}
        </li>
        <li>
          <code className={code}>webhook-signature</code> — <code className={code}>v1,&lt;base64&gt;</code>{' '}
          {t('signing.signature')}
        </li>
      </ul>
      <p>
        {t('signing.compute')}{' '}
        <code className={code}>
          base64(HMAC-SHA256(key, webhook-id + "." + webhook-timestamp + "." + body))
        </code>
      </p>
      <p>{t('signing.checks')}</p>
    </section>
  );
};
