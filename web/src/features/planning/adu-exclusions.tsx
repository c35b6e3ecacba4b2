import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { paths } from '../../api/schema';
import { can, session } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { TextAreaField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { requiredText } from '../../components/form-values.ts';
import { ProductLocationFilters } from '../../components/list-filters.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { dangerLinkButton } from '../../components/page.tsx';
import { EmptyState, ProblemAlert } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { isMessageKey, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BackToPlanning } from './back-link.tsx';

export type AduExclusion =
  paths['/api/v1/adu-exclusions']['get']['responses'][200]['content']['application/json']['data'][number];

/** Only consumption feeds past ADU, so only shipments and returns can be left out of it. */
export const excludable = (kind: string) => kind === 'shipment' || kind === 'return';

/** An exclusion moves the ADU of every buffer of the product: refetch what shows either. */
const MOVED = [keys.aduExclusions.all, keys.buffers.all];

/** Counts a movement in ADU again; the promise rejects with the refusal, for the caller to show. */
export const useIncludeAgain = () => {
  const t = useT();
  const include = useApiMutation({
    request: (movementId: string) =>
      unwrap(
        api.DELETE('/api/v1/adu-exclusions/{movement_id}', { params: { path: { movement_id: movementId } } }),
      ),
    invalidates: MOVED,
    success: t('adu_exclusions.included'),
  });
  return include.send;
};

const ReasonForm = z.object({ reason: requiredText });

/** Asks why a shipment or return is not usual demand, then leaves it out of past ADU. */
export const ExcludeDialog = ({
  movement,
  onClose,
}: {
  movement: { id: string; kind: string; quantity: string | number; created_at: string };
  onClose: () => void;
}) => {
  const t = useT();
  const f = useFormat();
  const form = useZodForm(ReasonForm, async (v) => {
    await exclude.run(v.reason);
  });
  const exclude = useApiMutation({
    request: (reason: string) =>
      unwrap(api.POST('/api/v1/adu-exclusions', { body: { movement_id: movement.id, reason } })),
    invalidates: MOVED,
    success: t('adu_exclusions.excluded'),
    onSuccess: onClose,
    form,
  });
  const kind = isMessageKey(`kind.${movement.kind}`)
    ? t(`kind.${movement.kind}` as MessageKey)
    : movement.kind;
  return (
    <FormDialog
      title={t('adu_exclusions.exclude_title')}
      onClose={onClose}
      testId="adu-exclude-dialog"
      className="flex flex-col gap-3"
      onSubmit={form.onSubmit}
      submit={{ label: t('adu_exclusions.exclude'), testId: 'adu-exclude-submit', busy: exclude.busy }}
      alert={<ProblemAlert error={exclude.error} />}
    >
      <p className="text-sm text-slate-600">
        {t('adu_exclusions.exclude_body', {
          kind,
          quantity: f.signed(movement.quantity),
          when: f.date(movement.created_at),
        })}
      </p>
      <TextAreaField
        label={t('adu_exclusions.reason')}
        name="reason"
        maxLength={500}
        placeholder={t('adu_exclusions.reason_hint')}
        error={form.errors.reason}
        data-testid="adu-exclude-reason"
      />
    </FormDialog>
  );
};

/** Movements planners left out of past ADU (one-off sales and the like), with their reasons. */
export const AduExclusionsPage = () => {
  const t = useT();
  const f = useFormat();
  const includeAgain = useIncludeAgain();
  const list = useListSearch({ product: '', location: '' });
  const { page } = list;
  const { product, location } = list.query;
  const [including, setIncluding] = useState<AduExclusion>();
  const limit = 25;
  const exclusions = useQuery({
    queryKey: keys.aduExclusions.list({ page, product, location }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/adu-exclusions', {
          params: { query: { page, limit, product_id: product, location } },
        }),
      ),
  });
  const writable = can('buffer:write');
  const me = session.get()?.user.id;
  return (
    <ListPage
      testId="adu-exclusions-page"
      back={<BackToPlanning />}
      title={t('adu_exclusions.title')}
      subtitle={t('adu_exclusions.subtitle')}
      toolbar={<ProductLocationFilters list={list} testIdPrefix="adu-exclusions" />}
    >
      <DataTable<AduExclusion>
        {...pagedRows(list, exclusions, limit)}
        rowKey={(x) => x.id}
        rowProps={(x) => ({ 'data-testid': `adu-exclusion-row-${x.movement_id}` })}
        empty={<EmptyState title={t('adu_exclusions.none')} body={t('adu_exclusions.none_body')} />}
        columns={[
          { key: 'moved', header: t('adu_exclusions.moved_at'), cell: (x) => f.date(x.moved_at) },
          {
            key: 'sku',
            header: t('products.sku'),
            cell: (x) => (
              <Link to="/products/$id" params={{ id: x.product_id }} className="hover:underline">
                <span className="whitespace-nowrap font-mono text-xs">{x.sku}</span> · {x.product_name}
              </Link>
            ),
          },
          {
            key: 'location',
            header: t('buffer.location'),
            cell: (x) => <span className="font-mono text-xs">{x.location_code}</span>,
          },
          {
            key: 'kind',
            header: t('ledger.kind'),
            cell: (x) => (isMessageKey(`kind.${x.kind}`) ? t(`kind.${x.kind}` as MessageKey) : x.kind),
          },
          {
            key: 'quantity',
            header: t('ledger.quantity'),
            align: 'right',
            cell: (x) => f.signed(x.quantity),
          },
          { key: 'reason', header: t('adu_exclusions.reason'), cell: (x) => x.reason },
          {
            key: 'who',
            header: t('adu_exclusions.excluded_by'),
            cell: (x) => (
              <span className="whitespace-nowrap">
                {x.created_by === me ? t('adu_exclusions.you') : (x.created_by?.slice(0, 8) ?? '—')} ·{' '}
                {f.date(x.created_at)}
              </span>
            ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (x) =>
              writable && (
                <button
                  type="button"
                  className={`${dangerLinkButton} whitespace-nowrap`}
                  data-testid="adu-exclusion-include"
                  onClick={() => setIncluding(x)}
                >
                  {t('adu_exclusions.include')}
                </button>
              ),
          },
        ]}
      />
      <ConfirmDialog
        open={including !== undefined}
        title={t('adu_exclusions.include_title')}
        body={t('adu_exclusions.include_body', {
          sku: including?.sku ?? '',
          location: including?.location_code ?? '',
          when: including ? f.date(including.moved_at) : '',
        })}
        confirmLabel={t('adu_exclusions.include')}
        onClose={() => setIncluding(undefined)}
        onConfirm={async () => {
          if (including) await includeAgain(including.movement_id);
        }}
      />
    </ListPage>
  );
};
