import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { optionalText, requiredText } from '../../components/form-values.ts';
import { ListPage, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { Badge, linkButton, StatusFilter } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

export const COUNT_STATUSES = ['OPEN', 'POSTED', 'CANCELLED'] as const;
type Status = (typeof COUNT_STATUSES)[number];
export const countTone = { OPEN: 'blue', POSTED: 'green', CANCELLED: 'grey' } as const;

const OpenForm = z.object({ store_id: requiredText, note: optionalText });

const OpenCountDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const navigate = useNavigate();
  const formId = useId();
  const form = useZodForm(OpenForm, async ({ store_id, note }) => {
    await open.run({ store_id, ...(note ? { note } : {}) });
  });
  const open = useApiMutation({
    request: (body: { store_id: string; note?: string }) => unwrap(api.POST('/api/v1/counts', { body })),
    invalidates: [keys.counts.all],
    form,
    onSuccess: async (c) => {
      onClose();
      await navigate({ to: '/counts/$id', params: { id: c.id } });
    },
  });
  return (
    <Dialog
      open
      title={t('counts.open')}
      onClose={onClose}
      testId="open-count-dialog"
      footer={
        <DialogFooter formId={formId} submitLabel={t('counts.open')} onCancel={onClose} busy={open.busy} />
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        <ProblemAlert error={open.error} />
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
  const filter = useListSearch({ status: '' as Status | '' });
  const [opening, setOpening] = useState(false);
  const limit = 20;
  const list = useListQuery(filter, {
    key: keys.counts.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/counts', { params: { query } })),
  });
  return (
    <ListPage
      testId="counts-page"
      title={t('nav.counts')}
      subtitle={t('counts.subtitle')}
      create={
        can('inventory:write') && {
          label: t('counts.open'),
          onClick: () => setOpening(true),
          testId: 'count-open',
        }
      }
      toolbar={
        <StatusFilter
          value={filter.filters.status}
          statuses={COUNT_STATUSES}
          label={(s) => t(`count_status.${s}`)}
          onChange={(s) => filter.setFilter('status', s)}
        />
      }
    >
      <DataTable
        {...list.table}
        rowKey={(c) => c.id}
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
    </ListPage>
  );
};
