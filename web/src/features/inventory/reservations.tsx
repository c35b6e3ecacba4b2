import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Reservation, useLocationCodes, useProductLookup } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog, DialogFooter } from '../../components/dialog.tsx';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { positiveDecimal, requiredInt, requiredText } from '../../components/form-values.ts';
import { ListPage, useListQuery, useListSearch } from '../../components/list-page.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { Badge, dangerLinkButton, linkButton, StatusFilter } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { type Translate, useT } from '../../i18n/i18n.tsx';

const STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED'] as const;
type Status = (typeof STATUSES)[number];
const tone = { PENDING: 'amber', CONFIRMED: 'green', CANCELLED: 'grey', EXPIRED: 'red' } as const;

/** Seconds as the largest two units: 6 d 23 h, 9 min 58 s. */
export const countdown = (s: number, t: Translate) => {
  if (s <= 0) return t('reservations.expired_now');
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${t('duration.days', { n: d })} ${t('duration.hours', { n: h })}`;
  if (h > 0) return `${t('duration.hours', { n: h })} ${t('duration.minutes', { n: m })}`;
  if (m > 0) return `${t('duration.minutes', { n: m })} ${t('duration.seconds', { n: sec })}`;
  return t('duration.seconds', { n: sec });
};

/** Ticks once a second while pending holds are on screen, so their countdown moves. */
const useNow = (active: boolean) => {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
};

const ReserveForm = z.object({
  store_id: requiredText,
  quantity: positiveDecimal,
  customer_id: requiredText,
  ttl: requiredInt.refine((v) => v >= 10 && v <= 7 * 86_400, { message: 'validation.ttl' }),
});

const ReserveDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const formId = useId();
  const [product, setProduct] = useState<PickedProduct>();
  const [missing, setMissing] = useState(false);
  const form = useZodForm(ReserveForm, async (v) => {
    if (!product) setMissing(true);
    else await reserve.run({ ...v, product_id: product.id });
  });
  const reserve = useApiMutation({
    request: (body: z.infer<typeof ReserveForm> & { product_id: string }, key) =>
      unwrap(api.POST('/api/v1/reservations', { body, headers: { 'Idempotency-Key': key } })),
    invalidates: (_, body) => [keys.reservations.all, keys.availability.of(body.product_id)],
    success: t('reservations.created'),
    form,
    onSuccess: onClose,
  });
  return (
    <Dialog
      open
      title={t('reservations.new')}
      onClose={onClose}
      testId="reserve-dialog"
      footer={
        <DialogFooter
          formId={formId}
          submitLabel={t('reservations.reserve')}
          onCancel={onClose}
          busy={reserve.busy}
        />
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-3">
        <ProblemAlert error={reserve.error} />
        <ProductPicker
          label={t('common.product')}
          testId="reserve-product"
          value={product}
          onChange={(p) => {
            setProduct(p);
            setMissing(false);
          }}
          error={missing ? t('validation.required') : undefined}
        />
        <LocationSelect label={t('stock.location')} name="store_id" error={form.errors.store_id} />
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label={t('stock.quantity')}
            name="quantity"
            inputMode="decimal"
            error={form.errors.quantity}
          />
          <TextField
            label={t('reservations.ttl')}
            name="ttl"
            inputMode="numeric"
            defaultValue="600"
            hint={t('reservations.ttl_hint')}
            error={form.errors.ttl}
          />
        </div>
        <TextField label={t('reservations.customer')} name="customer_id" error={form.errors.customer_id} />
      </form>
    </Dialog>
  );
};

/** Holds on stock for customers: pending ones count down, and can be confirmed (ship) or cancelled. */
export const ReservationsPage = () => {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const filter = useListSearch({ status: 'PENDING' as Status | '' });
  const [creating, setCreating] = useState(false);
  const limit = 20;
  const list = useListQuery(filter, {
    key: keys.reservations.list,
    limit,
    fetch: (query) => unwrap(api.GET('/api/v1/reservations', { params: { query } })),
  });
  const rows = list.data?.data;
  const now = useNow(Boolean(rows?.some((r) => r.status === 'PENDING')));
  const product = useProductLookup((rows ?? []).flatMap((r) => r.lines.map((l) => l.product_id)));
  const locationCode = useLocationCodes();
  const writable = can('inventory:reserve');
  const act = useApiMutation({
    request: ({ r, action }: { r: Reservation; action: 'confirm' | 'cancel' }) => {
      const path = { id: r.reservation_id };
      return action === 'confirm'
        ? unwrap(api.POST('/api/v1/reservations/{id}/confirm', { params: { path } }))
        : unwrap(api.POST('/api/v1/reservations/{id}/cancel', { params: { path } }));
    },
    invalidates: [keys.reservations.all, keys.availability.all],
    success: (_, { action }) => t(action === 'confirm' ? 'reservations.confirmed' : 'reservations.cancelled'),
    toastError: true,
    // A refused action still refreshes: the hold may have expired or moved meanwhile.
    onError: () => void qc.invalidateQueries({ queryKey: keys.reservations.all }),
  });
  // Seconds left as of now: the server's count, less the time since it answered.
  const left = (r: Reservation) =>
    Math.max(0, r.expires_in_seconds - Math.floor((now - list.dataUpdatedAt) / 1000));
  return (
    <ListPage
      testId="reservations-page"
      title={t('nav.reservations')}
      subtitle={t('reservations.subtitle')}
      create={writable && { label: t('reservations.new'), onClick: () => setCreating(true) }}
      toolbar={
        <StatusFilter
          value={filter.filters.status}
          statuses={STATUSES}
          label={(s) => t(`reservation_status.${s}`)}
          onChange={(s) => filter.setFilter('status', s)}
          testId="reservations-status"
        />
      }
    >
      <DataTable
        {...list.table}
        rowKey={(r) => r.reservation_id}
        rowProps={(r) => ({ 'data-testid': `reservation-${r.reservation_id}` })}
        columns={[
          { key: 'customer', header: t('reservations.customer'), cell: (r) => r.customer_id },
          {
            key: 'lines',
            header: t('reservations.lines'),
            cell: (r) => (
              <ul>
                {r.lines.map((l) => (
                  <li key={`${l.product_id}:${l.location_id}`}>
                    {f.qty(l.quantity)} × {product(l.product_id)}{' '}
                    <span className="font-mono text-xs text-slate-500">@ {locationCode(l.location_id)}</span>
                  </li>
                ))}
              </ul>
            ),
          },
          {
            key: 'status',
            header: t('common.status'),
            cell: (r) => <Badge tone={tone[r.status]}>{t(`reservation_status.${r.status}`)}</Badge>,
          },
          {
            key: 'expires',
            header: t('reservations.expires_in'),
            align: 'right',
            cell: (r) =>
              r.status === 'PENDING' ? (
                <span
                  title={f.date(r.expires_at)}
                  data-testid="reservation-expires"
                  data-value={r.expires_in_seconds}
                >
                  {countdown(left(r), t)}
                </span>
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            cell: (r) =>
              writable &&
              r.status === 'PENDING' && (
                <span className="flex justify-end gap-3">
                  <button
                    type="button"
                    className={linkButton}
                    onClick={() => void act.run({ r, action: 'confirm' })}
                  >
                    {t('reservations.confirm')}
                  </button>
                  <button
                    type="button"
                    className={dangerLinkButton}
                    onClick={() => void act.run({ r, action: 'cancel' })}
                  >
                    {t('common.cancel')}
                  </button>
                </span>
              ),
          },
        ]}
      />
      {creating && <ReserveDialog onClose={() => setCreating(false)} />}
    </ListPage>
  );
};
