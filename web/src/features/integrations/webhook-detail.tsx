import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { Detail, linkButton } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { WebhookDeliveries } from './webhook-deliveries.tsx';
import { EventChips, WebhookState } from './webhook-parts.tsx';

/** `/integrations/webhooks/$id`: one subscription and what became of each event sent to it. */
export const WebhookDetailPage = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const webhook = useQuery({
    queryKey: keys.webhooks.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } })),
  });
  const w = webhook.data;
  return (
    <div className="flex flex-col gap-4" data-testid="webhook-detail">
      <Link to="/integrations/webhooks" className={`${linkButton} self-start`}>
        {t('webhooks.back')}
      </Link>
      {webhook.error ? (
        <ErrorState error={webhook.error} onRetry={() => void webhook.refetch()} />
      ) : !w ? (
        <LoadingState />
      ) : (
        <>
          <div>
            <h1 className="break-all text-2xl font-semibold">{w.url}</h1>
            {w.description && <p className="text-sm text-slate-500">{w.description}</p>}
          </div>
          <dl className="grid grid-cols-1 gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3">
            <Detail label={t('webhooks.events')}>
              <EventChips events={w.events} />
            </Detail>
            <Detail label={t('common.status')}>
              <WebhookState webhook={w} />
            </Detail>
            <Detail label={t('webhooks.created')}>{f.date(w.created_at)}</Detail>
          </dl>
          <WebhookDeliveries id={id} />
        </>
      )}
    </div>
  );
};
