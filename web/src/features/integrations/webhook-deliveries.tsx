import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { pagedRows, useListSearch } from '../../components/list-page.tsx';
import { secondaryButton } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { DeliveryStatusBadge } from './webhook-parts.tsx';
import { type Attempt, type Delivery, unsettled } from './webhooks-api.ts';

const LIMIT = 20;
/** Enough of a receiver's answer to recognise it; the server keeps a little more. */
const SNIPPET = 160;
const snippet = (s: string) => (s.length > SNIPPET ? `${s.slice(0, SNIPPET)}…` : s);

/** One try: when, what the receiver answered (or why there was no answer) and how fast. */
const AttemptLine = ({ a }: { a: Attempt }) => {
  const t = useT();
  const f = useFormat();
  const ok = a.status !== null && a.status >= 200 && a.status < 300;
  const said = a.error ?? a.response;
  return (
    <li data-testid="attempt" data-status={a.status ?? 'none'} className="text-xs">
      <span className="whitespace-nowrap text-slate-500">
        #{a.attempt} · {f.date(a.at)} ·{' '}
      </span>
      <span className={`font-medium ${ok ? 'text-emerald-700' : 'text-red-700'}`}>
        {a.status === null ? t('deliveries.no_answer') : `HTTP ${a.status}`}
      </span>
      <span className="text-slate-500"> · {t('deliveries.latency', { ms: a.latency_ms })}</span>
      {said && <span className="block break-all font-mono text-slate-600">{snippet(said)}</span>}
    </li>
  );
};

/** A subscription's deliveries, newest first, polled while one waits or will be retried. */
export const WebhookDeliveries = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const list = useListSearch({});
  const deliveries = useQuery({
    queryKey: keys.webhookDeliveries.page(id, { page: list.page }),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { page: list.page, limit: LIMIT } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.data.some(unsettled) ? 2000 : false),
  });
  const replay = useApiMutation({
    request: (d: Delivery) =>
      unwrap(api.POST('/api/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: d.id } } })),
    invalidates: [keys.webhookDeliveries.of(id)],
    success: t('deliveries.replayed'),
    toastError: true,
  });
  const writable = can('integration:write');
  return (
    <section className="flex flex-col gap-3" aria-labelledby="webhook-deliveries">
      <h2 id="webhook-deliveries" className="text-lg font-semibold">
        {t('deliveries.title')}
      </h2>
      <DataTable<Delivery>
        {...pagedRows(list, deliveries, LIMIT)}
        rowKey={(d) => d.id}
        rowProps={(d) => ({ 'data-testid': `delivery-${d.id}` })}
        empty={<EmptyState title={t('deliveries.none')} body={t('deliveries.none_body')} />}
        columns={[
          {
            key: 'event',
            header: t('deliveries.event'),
            cell: (d) => (
              <span className="flex flex-col">
                <span className="font-mono text-xs" data-testid="delivery-event">
                  {d.event_type}
                </span>
                <span className="whitespace-nowrap text-xs text-slate-500">{f.date(d.created_at)}</span>
              </span>
            ),
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (d) => (
              <span className="flex flex-col items-start gap-0.5">
                <DeliveryStatusBadge status={d.status} />
                {d.delivered_at && (
                  <span className="whitespace-nowrap text-xs text-slate-500">{f.date(d.delivered_at)}</span>
                )}
              </span>
            ),
          },
          {
            key: 'attempts',
            header: t('deliveries.attempts'),
            cell: (d) => (
              <span className="flex flex-col gap-1">
                <span className="whitespace-nowrap">{t('deliveries.attempts_count', { n: d.attempts })}</span>
                {d.next_attempt_at && (
                  <span className="whitespace-nowrap text-xs text-slate-500">
                    {t('deliveries.next_attempt', { when: f.date(d.next_attempt_at) })}
                  </span>
                )}
              </span>
            ),
          },
          {
            key: 'log',
            header: t('deliveries.log'),
            cell: (d) =>
              d.log.length === 0 ? (
                <span className="text-xs text-slate-500">{t('deliveries.not_tried')}</span>
              ) : (
                <ol className="flex min-w-64 flex-col gap-1" aria-label={t('deliveries.log')}>
                  {d.log.map((a) => (
                    <AttemptLine key={a.attempt} a={a} />
                  ))}
                </ol>
              ),
          },
          ...(writable
            ? [
                {
                  key: 'replay',
                  header: '',
                  align: 'right' as const,
                  cell: (d: Delivery) => (
                    <button
                      type="button"
                      className={secondaryButton}
                      disabled={replay.busy && replay.variables?.id === d.id}
                      data-testid="delivery-replay"
                      onClick={() => void replay.run(d)}
                    >
                      {t('deliveries.replay')}
                    </button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </section>
  );
};
