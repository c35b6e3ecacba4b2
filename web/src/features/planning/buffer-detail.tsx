import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { useZodForm } from '../../components/fields.tsx';
import {
  Card,
  Detail,
  dangerLinkButton,
  PageHeader,
  primaryButton,
  secondaryButton,
} from '../../components/page.tsx';
import { ErrorState, LoadingState, ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BackToPlanning } from './back-link.tsx';
import { BufferHistory } from './buffer-history.tsx';
import { AppliedFactors, BufferBar, PriorityBadge, SettingsFields, SettingsForm } from './buffer-parts.tsx';
import { BufferPositions } from './buffer-positions.tsx';
import { BufferSimulator } from './buffer-simulator.tsx';

/** One buffer: zones and positions, its settings (saving recalculates), recalculate, delete. */
export const BufferDetailPage = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const buffer = useQuery({
    queryKey: keys.buffer.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/buffers/{id}', { params: { path: { id } } })),
  });
  const moved = [keys.buffer.one(id), keys.buffers.all];
  const form = useZodForm(SettingsForm, async (v) => {
    await save.run(v);
  });
  const save = useApiMutation({
    request: (body: z.infer<typeof SettingsForm>) =>
      unwrap(api.PUT('/api/v1/buffers/{id}', { params: { path: { id } }, body })),
    invalidates: moved,
    success: t('buffer.saved'),
    form,
  });
  const recalculate = useApiMutation({
    request: () => unwrap(api.POST('/api/v1/buffers/{id}/recalculate', { params: { path: { id } } })),
    invalidates: moved,
    success: t('buffer.recalculated'),
  });
  const remove = useApiMutation({
    request: () => unwrap(api.DELETE('/api/v1/buffers/{id}', { params: { path: { id } } })),
    invalidates: [keys.buffers.all],
    success: t('buffer.deleted'),
    onSuccess: async () => {
      qc.removeQueries({ queryKey: keys.buffer.one(id) });
      await navigate({ to: '/planning' });
    },
  });
  const busy = save.busy || recalculate.busy;
  if (buffer.error) return <ErrorState error={buffer.error} onRetry={() => void buffer.refetch()} />;
  if (!buffer.data) return <LoadingState />;
  const b = buffer.data;
  const writable = can('buffer:write');
  return (
    <div className="flex flex-col gap-4" data-testid="buffer-detail">
      <BackToPlanning />
      <PageHeader
        title={`${b.sku} · ${b.product_name}`}
        subtitle={`${b.location_code} · ${b.location_name} · ${b.profile.name}`}
        actions={
          <>
            {can('analytics:read') && (
              <Link
                to="/analytics/forecasts/$productId/$location"
                params={{ productId: b.product_id, location: b.location_code }}
                className={secondaryButton}
                data-testid="buffer-forecast-link"
              >
                {t('analytics.demand_forecast')}
              </Link>
            )}
            {can('buffer:calculate') && (
              <button
                type="button"
                className={secondaryButton}
                disabled={busy}
                data-testid="buffer-recalculate"
                onClick={() => void recalculate.run()}
              >
                {t('buffer.recalculate')}
              </button>
            )}
            {writable && (
              <button
                type="button"
                className={dangerLinkButton}
                data-testid="buffer-delete"
                onClick={() => setDeleting(true)}
              >
                {t('common.delete')}
              </button>
            )}
          </>
        }
      />
      <ProblemAlert error={save.error ?? recalculate.error} />
      <Card title={t('buffer.zones')}>
        <div className="px-1 py-2">
          <BufferBar buffer={b} tall />
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Detail label={t('planning.priority')}>
            <PriorityBadge priority={b.planning_priority} testId="buffer-priority" />
          </Detail>
          <Detail label={t('buffer.red')}>{f.qty(b.zones.red)}</Detail>
          <Detail label={t('buffer.yellow')}>{f.qty(b.zones.yellow)}</Detail>
          <Detail label={t('buffer.green')}>{f.qty(b.zones.green)}</Detail>
          <Detail label={t('buffer.calculated_at')}>{f.date(b.calculated_at)}</Detail>
          <Detail label={t('buffer.top_of_red')}>{f.qty(b.zones.top_of_red)}</Detail>
          <Detail label={t('buffer.top_of_yellow')}>{f.qty(b.zones.top_of_yellow)}</Detail>
          <Detail label={t('buffer.top_of_green')}>{f.qty(b.zones.top_of_green)}</Detail>
        </dl>
      </Card>
      <Card title={t('buffer.positions')}>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Detail label={t('buffer.adu')}>{f.qty(b.adu)}</Detail>
          <Detail label={t('buffer.dlt')}>{f.qty(b.dlt)}</Detail>
          <Detail label={t('buffer.on_hand')}>{f.qty(b.on_hand)}</Detail>
          <Detail label={t('buffer.on_order')}>
            <span data-testid="buffer-on-order" data-value={b.on_order ?? ''}>
              {f.qty(b.on_order)}
            </span>
          </Detail>
          <Detail label={t('buffer.qualified_demand')}>{f.qty(b.qualified_demand)}</Detail>
          <Detail label={t('planning.nfp')}>
            <span data-testid="buffer-nfp" data-value={b.net_flow_position ?? ''} className="font-medium">
              {f.qty(b.net_flow_position)}
            </span>
          </Detail>
          <Detail label={t('planning.nfp_pct')}>
            {b.net_flow_percent === null ? '—' : `${f.qty(b.net_flow_percent)} %`}
          </Detail>
          <Detail label={t('planning.recommended')}>
            <span data-testid="buffer-recommended">{f.qty(b.recommended_qty)}</span>
          </Detail>
          <Detail label={t('buffer.on_hand_alert')}>
            <PriorityBadge priority={b.on_hand_alert} />
          </Detail>
          <Detail label={t('buffer.long_term_supply')}>
            <span data-testid="buffer-long-term-supply" data-value={b.long_term_supply ?? ''}>
              {f.qty(b.long_term_supply)}
            </span>
          </Detail>
          {Boolean(b.propagated_adu) && (
            <Detail label={t('buffer.propagated_adu')}>
              <span data-testid="buffer-propagated-adu">{f.qty(b.propagated_adu)}</span>
            </Detail>
          )}
        </dl>
        <AppliedFactors factors={b.applied_factors} />
      </Card>
      <BufferPositions bufferId={id} version={b.calculated_at} />
      <BufferHistory bufferId={id} />
      <BufferSimulator bufferId={id} />
      <Card title={t('buffer.settings')}>
        {/* Keyed by the settings, so a save elsewhere (another tab, an event) refills the fields. */}
        <form
          key={JSON.stringify([b.settings, b.profile.id])}
          noValidate
          onSubmit={form.onSubmit}
          className="flex flex-col gap-4"
          data-testid="buffer-settings"
        >
          <SettingsFields
            settings={b.settings}
            profileId={b.profile.id}
            errors={form.errors}
            disabled={!writable}
          />
          {writable && (
            <div className="flex justify-end">
              <button type="submit" disabled={busy} className={primaryButton} data-testid="buffer-save">
                {t('common.save')}
              </button>
            </div>
          )}
        </form>
      </Card>
      <ConfirmDialog
        open={deleting}
        title={t('buffer.delete_title')}
        body={t('buffer.delete_body', { sku: b.sku, location: b.location_code })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.send()}
      />
    </div>
  );
};
