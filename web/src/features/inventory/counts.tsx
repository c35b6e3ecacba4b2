import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { optionalText, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import {
  Badge,
  linkButton,
  PageHeader,
  primaryButton,
  StatusFilter,
  secondaryButton,
  Toolbar,
} from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

export const COUNT_STATUSES = ['OPEN', 'POSTED', 'CANCELLED'] as const;
type Status = (typeof COUNT_STATUSES)[number];
export const countTone = { OPEN: 'blue', POSTED: 'green', CANCELLED: 'grey' } as const;

const OpenForm = z.object({ store_id: requiredText, note: optionalText });

const OpenCountDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>();
  const form = useZodForm(OpenForm, async ({ store_id, note }) => {
    try {
      const c = await unwrap(api.POST('/api/v1/counts', { body: { store_id, ...(note ? { note } : {}) } }));
      await qc.invalidateQueries({ queryKey: ['counts'] });
      onClose();
      await navigate({ to: '/counts/$id', params: { id: c.id } });
    } catch (err) {
      if (err instanceof ApiError) form.setServerErrors(err.problem.errors);
      setFailure(err);
    }
  });
  return (
    <Dialog
      open
      title={t('counts.open')}
      onClose={onClose}
      testId="open-count-dialog"
      footer={
        <>
          <button type="button" className={secondaryButton} onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className={primaryButton}>
            {t('counts.open')}
          </button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        {failure !== undefined && <ProblemAlert error={failure} />}
        <LocationSelect label={t('stock.location')} name="store_id" error={form.errors.store_id} />
        <TextField label={t('counts.note')} name="note" error={form.errors.note} />
      </form>
    </Dialog>
  );
};

/** Stock counts: one open count per location; posting books the differences. */
export const CountsPage = () => {
  const t = useT();
  const f = useFormat();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | ''>('');
  const [opening, setOpening] = useState(false);
  const limit = 20;
  const list = useQuery({
    queryKey: ['counts', 'list', page, status],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/counts', { params: { query: { page, limit, ...(status ? { status } : {}) } } }),
      ),
  });
  return (
    <div className="flex flex-col gap-4" data-testid="counts-page">
      <PageHeader
        title={t('nav.counts')}
        subtitle={t('counts.subtitle')}
        actions={
          can('inventory:write') && (
            <button
              type="button"
              className={primaryButton}
              onClick={() => setOpening(true)}
              data-testid="count-open"
            >
              {t('counts.open')}
            </button>
          )
        }
      />
      <Toolbar>
        <StatusFilter
          value={status}
          statuses={COUNT_STATUSES}
          label={(s) => t(`count_status.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setPage(1);
          }}
        />
      </Toolbar>
      <DataTable
        rows={list.data?.data}
        rowKey={(c) => c.id}
        page={page}
        limit={limit}
        total={list.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={list.isLoading}
        error={list.error}
        onRetry={() => void list.refetch()}
        columns={[
          { key: 'when', header: t('common.when'), cell: (c) => f.date(c.created_at) },
          {
            key: 'location',
            header: t('stock.location'),
            cell: (c) => (
              <span>
                <span className="font-mono text-xs">{c.store_id}</span> · {c.store_name}
              </span>
            ),
          },
          { key: 'note', header: t('counts.note'), cell: (c) => c.note ?? '—' },
          { key: 'lines', header: t('counts.lines'), align: 'right', cell: (c) => c.line_count },
          {
            key: 'status',
            header: t('common.status'),
            cell: (c) => <Badge tone={countTone[c.status]}>{t(`count_status.${c.status}`)}</Badge>,
          },
          { key: 'closed', header: t('counts.closed_at'), cell: (c) => f.date(c.closed_at) },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (c) => (
              <Link to="/counts/$id" params={{ id: c.id }} className={linkButton}>
                {c.status === 'OPEN' ? t('counts.continue') : t('common.view')}
              </Link>
            ),
          },
        ]}
      />
      {opening && <OpenCountDialog onClose={() => setOpening(false)} />}
    </div>
  );
};
