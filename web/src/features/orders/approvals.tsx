import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiBatch } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { inputClass, primaryButton, secondaryButton } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import {
  BackToOrders,
  DueDate,
  type SupplyOrder,
  useOrderProblem,
  useOrderSettings,
  useOrdersLive,
} from './order-parts.tsx';

type Decision = { o: SupplyOrder; kind: 'approve' | 'reject'; reason?: string };

/**
 * Orders above the approval threshold, oldest first: approve opens them (they stay on order in
 * net flow either way), reject sends them back to draft with the reason in their notes.
 */
export const ApprovalsPage = () => {
  const t = useT();
  const f = useFormat();
  const toast = useToast();
  const problem = useOrderProblem();
  useOrdersLive();
  const settings = useOrderSettings();
  const list = useListSearch({});
  const { page } = list;
  // The row whose reject reason is being typed, and the reason.
  const [rejecting, setRejecting] = useState<{ id: string; reason: string; missing?: boolean }>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const limit = 20;
  const inbox = useQuery({
    queryKey: keys.approvals.list({ page }),
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET('/api/v1/approvals', { params: { query: { page, limit } } })),
    enabled: can('order:approve'),
  });

  // Each decision its own request, so one row's refusal stays on that row; whatever came of
  // it, the inbox and the lists refresh (another approver may have acted first).
  const decide = useApiBatch({
    request: ({ o, kind, reason }: Decision) => {
      const path = { params: { path: { id: o.id } } };
      return kind === 'approve'
        ? unwrap(api.POST('/api/v1/orders/{id}/approve', path))
        : unwrap(api.POST('/api/v1/orders/{id}/reject', { ...path, body: { reason: reason ?? '' } }));
    },
    invalidates: [keys.approvals.all, keys.orders.all, keys.order.all],
    onSettled: ({ done, failed }) => {
      for (const { values } of done) {
        toast.show(
          t(values.kind === 'approve' ? 'supply.approved' : 'supply.rejected', { number: values.o.number }),
          'success',
        );
        setRejecting(undefined);
      }
      for (const { values, error } of failed) setErrors((all) => ({ ...all, [values.o.id]: problem(error) }));
    },
  });
  const busy = (o: SupplyOrder) => decide.pending.some((d) => d.o.id === o.id);
  const act = (o: SupplyOrder, kind: Decision['kind'], reason?: string) => {
    setErrors(({ [o.id]: _, ...rest }) => rest);
    void decide.run([{ o, kind, reason }]);
  };

  const actions = (o: SupplyOrder) => {
    if (rejecting?.id === o.id) {
      return (
        <span className="flex items-start justify-end gap-2">
          <span className="flex flex-col">
            <input
              aria-label={t('supply.reject_reason')}
              placeholder={t('supply.reject_reason')}
              data-testid="approval-reason"
              value={rejecting.reason}
              aria-invalid={rejecting.missing || undefined}
              onChange={(e) => setRejecting({ id: o.id, reason: e.target.value })}
              className={`${inputClass} w-56 ${rejecting.missing ? 'border-red-400' : ''}`}
            />
            {rejecting.missing && <span className="text-xs text-red-700">{t('validation.required')}</span>}
          </span>
          <button
            type="button"
            className={primaryButton}
            disabled={busy(o)}
            data-testid="approval-reject-confirm"
            onClick={() =>
              rejecting.reason.trim()
                ? act(o, 'reject', rejecting.reason.trim())
                : setRejecting({ ...rejecting, missing: true })
            }
          >
            {t('supply.reject')}
          </button>
          <button type="button" className={secondaryButton} onClick={() => setRejecting(undefined)}>
            {t('common.cancel')}
          </button>
        </span>
      );
    }
    return (
      <span className="flex justify-end gap-2">
        <button
          type="button"
          className={primaryButton}
          disabled={busy(o)}
          data-testid="approval-approve"
          onClick={() => act(o, 'approve')}
        >
          {t('supply.approve')}
        </button>
        <button
          type="button"
          className={secondaryButton}
          disabled={busy(o)}
          data-testid="approval-reject"
          onClick={() => setRejecting({ id: o.id, reason: '' })}
        >
          {t('supply.reject')}
        </button>
      </span>
    );
  };

  return (
    <ListPage
      testId="approvals-page"
      back={<BackToOrders />}
      title={t('supply.approvals.title')}
      subtitle={t('supply.approvals.subtitle', {
        threshold: settings.data
          ? f.minor(settings.data.approval_threshold_minor, settings.data.currency)
          : '—',
      })}
    >
      <DataTable<SupplyOrder>
        rowKey={(o) => o.id}
        rowProps={(o) => ({ 'data-testid': `approval-row-${o.number}` })}
        {...pagedRows(list, inbox, limit)}
        rows={can('order:approve') ? inbox.data?.data : []}
        empty={
          <EmptyState
            title={t(can('order:approve') ? 'supply.approvals.none' : 'supply.approvals.not_allowed')}
          />
        }
        columns={[
          {
            key: 'number',
            header: t('supply.number'),
            cell: (o) => (
              <Link
                to="/orders/$id"
                params={{ id: o.id }}
                className="font-mono text-xs text-brand-700 hover:underline"
                data-testid="approval-link"
              >
                {o.number}
              </Link>
            ),
          },
          { key: 'kind', header: t('supply.kind'), cell: (o) => t(`supply.kinds.${o.kind}`) },
          { key: 'supplier', header: t('supply.supplier'), cell: (o) => o.supplier_name ?? '—' },
          {
            key: 'store',
            header: t('supply.store'),
            cell: (o) => <span className="font-mono text-xs">{o.store_id}</span>,
          },
          { key: 'raised', header: t('supply.created_at'), cell: (o) => f.date(o.created_at) },
          { key: 'due', header: t('supply.due_date'), cell: (o) => <DueDate order={o} /> },
          {
            key: 'total',
            header: t('supply.total'),
            align: 'right',
            cell: (o) => <span className="font-medium">{f.minor(o.total_minor, o.currency)}</span>,
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (o) => (
              <span className="flex flex-col items-end gap-1">
                {actions(o)}
                {errors[o.id] && (
                  <span role="alert" className="max-w-72 text-xs text-red-700" data-testid="approval-error">
                    {errors[o.id]}
                  </span>
                )}
              </span>
            ),
          },
        ]}
      />
    </ListPage>
  );
};
