import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { type Buffer, type BufferProfile, useBufferProfiles } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField, TextField, useZodForm } from '../../components/fields.tsx';
import { decimal, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import {
  Badge,
  inputClass,
  PageHeader,
  primaryButton,
  secondaryButton,
  Toolbar,
} from '../../components/page.tsx';
import { type PickedProduct, ProductPicker, useDebounced } from '../../components/product-picker.tsx';
import { EmptyState, ProblemAlert } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BufferBar, PriorityBadge, SettingsFields, SettingsForm, ZoneFilter } from './buffer-parts.tsx';

const Footer = ({ formId, busy, onClose }: { formId: string; busy: boolean; onClose: () => void }) => {
  const t = useT();
  return (
    <>
      <button type="button" className={secondaryButton} onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        form={formId}
        disabled={busy}
        className={primaryButton}
        data-testid="dialog-submit"
      >
        {t('common.save')}
      </button>
    </>
  );
};

const NewBufferForm = SettingsForm.extend({ store_id: requiredText });

/** Positions a buffer for a product at a location; the server calculates it at once. */
const NewBufferDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const formId = useId();
  const [product, setProduct] = useState<PickedProduct>();
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useZodForm(NewBufferForm, async (v) => {
    if (!product) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const b = await unwrap(api.POST('/api/v1/buffers', { body: { ...v, product_id: product.id } }));
      toast.show(t('buffer.created', { sku: b.sku, location: b.location_code }), 'success');
      await qc.invalidateQueries({ queryKey: ['buffers'] });
      onClose();
      await navigate({ to: '/planning/buffers/$id', params: { id: b.id } });
    } catch (err) {
      if (err instanceof ApiError) form.setServerErrors(err.problem.errors);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <Dialog
      open
      wide
      title={t('planning.new_buffer')}
      onClose={onClose}
      testId="buffer-dialog"
      footer={<Footer formId={formId} busy={busy} onClose={onClose} />}
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        <ProblemAlert error={failure} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <ProductPicker
            label={t('buffer.product')}
            value={product}
            testId="buffer-product"
            error={missing && !product ? t('buffer.pick_product') : form.errors.product_id}
            onChange={(p) => {
              setProduct(p);
              setMissing(false);
            }}
          />
          <LocationSelect
            label={t('buffer.location')}
            name="store_id"
            testId="buffer-location"
            emptyLabel=""
            error={form.errors.store_id}
          />
        </div>
        <SettingsFields errors={form.errors} allowDefaultProfile />
      </form>
    </Dialog>
  );
};

const Board = () => {
  const t = useT();
  const f = useFormat();
  const [page, setPage] = useState(1);
  const [zone, setZone] = useState('');
  const [location, setLocation] = useState('');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const term = useDebounced(search.trim());
  const loc = useDebounced(location.trim());
  const limit = 25;
  const buffers = useQuery({
    queryKey: ['buffers', 'list', { page, zone, loc, term }],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/buffers', {
          params: {
            query: {
              page,
              limit,
              ...(zone ? { zone } : {}),
              ...(loc ? { location: loc } : {}),
              ...(term ? { search: term } : {}),
            },
          },
        }),
      ),
  });
  const reset = () => setPage(1);
  const rows = buffers.data?.data;
  return (
    <>
      <Toolbar>
        <ZoneFilter
          testId="planning-zone"
          value={zone}
          onChange={(z) => {
            setZone(z);
            reset();
          }}
        />
        <div className="w-64">
          <LocationSelect
            label={t('buffer.location')}
            name="location"
            testId="planning-location"
            emptyLabel={t('planning.all_locations')}
            value={location}
            onChange={(v) => {
              setLocation(v);
              reset();
            }}
          />
        </div>
        {can('product:read') && (
          <input
            aria-label={t('planning.search')}
            placeholder={t('planning.search')}
            data-testid="planning-search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              reset();
            }}
            className={`${inputClass} w-64`}
          />
        )}
        {can('buffer:write') && (
          <div className="ml-auto">
            <button
              type="button"
              className={primaryButton}
              data-testid="buffer-new"
              onClick={() => setCreating(true)}
            >
              {t('planning.new_buffer')}
            </button>
          </div>
        )}
      </Toolbar>
      <DataTable<Buffer>
        rows={rows}
        rowKey={(b) => b.id}
        rowProps={(b) => ({
          className: b.planning_priority === 'red' ? 'bg-red-50/50 hover:bg-red-50' : 'hover:bg-slate-50',
          'data-testid': `buffer-row-${b.sku}-${b.location_code}`,
        })}
        page={page}
        limit={limit}
        total={buffers.data?.pagination.total ?? 0}
        onPageChange={setPage}
        loading={buffers.isLoading}
        error={buffers.error}
        onRetry={() => void buffers.refetch()}
        empty={<EmptyState title={t('planning.no_buffers')} body={t('planning.no_buffers_body')} />}
        columns={[
          {
            key: 'sku',
            header: t('products.sku'),
            cell: (b) => (
              <Link
                to="/planning/buffers/$id"
                params={{ id: b.id }}
                className="font-mono text-xs text-brand-700 hover:underline"
                data-testid="buffer-link"
              >
                {b.sku}
              </Link>
            ),
          },
          { key: 'name', header: t('products.name'), cell: (b) => b.product_name },
          {
            key: 'location',
            header: t('buffer.location'),
            cell: (b) => (
              <span title={b.location_name} className="font-mono text-xs">
                {b.location_code}
              </span>
            ),
          },
          { key: 'bar', header: t('planning.buffer'), cell: (b) => <BufferBar buffer={b} /> },
          {
            key: 'nfp',
            header: t('planning.nfp'),
            align: 'right',
            cell: (b) => (
              <span data-testid="buffer-nfp" data-value={b.net_flow_position ?? ''} className="font-medium">
                {f.qty(b.net_flow_position)}
              </span>
            ),
          },
          {
            key: 'nfp_pct',
            header: t('planning.nfp_pct'),
            align: 'right',
            cell: (b) => (
              <span data-testid="buffer-nfp-pct" data-value={b.net_flow_percent ?? ''}>
                {b.net_flow_percent === null ? '—' : `${f.qty(b.net_flow_percent)} %`}
              </span>
            ),
          },
          {
            key: 'priority',
            header: t('planning.priority'),
            cell: (b) => <PriorityBadge priority={b.planning_priority} testId="buffer-priority" />,
          },
          {
            key: 'recommended',
            header: t('planning.recommended'),
            align: 'right',
            cell: (b) => (
              <span data-testid="buffer-recommended" data-value={b.recommended_qty ?? ''}>
                {f.qty(b.recommended_qty)}
              </span>
            ),
          },
        ]}
      />
      {creating && <NewBufferDialog onClose={() => setCreating(false)} />}
    </>
  );
};

const ITEM_TYPES = ['purchased', 'manufactured', 'distributed'] as const;
const LEAD_CLASSES = ['short', 'medium', 'long'] as const;
const VAR_CLASSES = ['low', 'medium', 'high'] as const;
const METHODS = ['replenish', 'min_max', 'override'] as const;
const classLabel = (c: string) => `profiles.class_${c}` as MessageKey;

const ProfileForm = z.object({
  name: requiredText,
  item_type: z.enum(ITEM_TYPES),
  lead_time_class: z.enum(LEAD_CLASSES),
  variability_class: z.enum(VAR_CLASSES),
  replenish_method: z.enum(METHODS),
  lead_time_factor: decimal.transform(Number),
  variability_factor: decimal.transform(Number),
});

const ProfileDialog = ({ onClose }: { onClose: () => void }) => {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const formId = useId();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useZodForm(ProfileForm, async (v) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const p = await unwrap(api.POST('/api/v1/buffer-profiles', { body: v }));
      toast.show(t('profiles.created', { name: p.name }), 'success');
      await qc.invalidateQueries({ queryKey: ['buffer-profiles'] });
      onClose();
    } catch (err) {
      if (err instanceof ApiError) form.setServerErrors(err.problem.errors);
      setFailure(err);
    } finally {
      setBusy(false);
    }
  });
  const options = (values: readonly string[], label: (v: string) => MessageKey) =>
    values.map((v) => ({ value: v, label: t(label(v)) }));
  return (
    <Dialog
      open
      title={t('profiles.new')}
      onClose={onClose}
      testId="profile-dialog"
      footer={<Footer formId={formId} busy={busy} onClose={onClose} />}
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        <ProblemAlert error={failure} />
        <TextField
          label={t('profiles.name')}
          name="name"
          error={form.errors.name}
          data-testid="profile-name"
        />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <SelectField
            label={t('profiles.item_type')}
            name="item_type"
            error={form.errors.item_type}
            options={options(ITEM_TYPES, (v) => `profiles.type_${v}` as MessageKey)}
          />
          <SelectField
            label={t('profiles.replenish_method')}
            name="replenish_method"
            error={form.errors.replenish_method}
            options={options(METHODS, (v) => `profiles.method_${v}` as MessageKey)}
          />
          <SelectField
            label={t('profiles.lead_time_class')}
            name="lead_time_class"
            error={form.errors.lead_time_class}
            options={options(LEAD_CLASSES, classLabel)}
          />
          <SelectField
            label={t('profiles.variability_class')}
            name="variability_class"
            error={form.errors.variability_class}
            options={options(VAR_CLASSES, classLabel)}
          />
          <TextField
            label={t('profiles.lead_time_factor')}
            name="lead_time_factor"
            inputMode="decimal"
            placeholder="0,5"
            error={form.errors.lead_time_factor}
            data-testid="profile-lead-factor"
          />
          <TextField
            label={t('profiles.variability_factor')}
            name="variability_factor"
            inputMode="decimal"
            placeholder="0,5"
            error={form.errors.variability_factor}
            data-testid="profile-variability-factor"
          />
        </div>
      </form>
    </Dialog>
  );
};

const Profiles = () => {
  const t = useT();
  const f = useFormat();
  const profiles = useBufferProfiles();
  const [creating, setCreating] = useState(false);
  return (
    <>
      {can('buffer:write') && (
        <Toolbar>
          <div className="ml-auto">
            <button
              type="button"
              className={primaryButton}
              data-testid="profile-new"
              onClick={() => setCreating(true)}
            >
              {t('profiles.new')}
            </button>
          </div>
        </Toolbar>
      )}
      <DataTable<BufferProfile>
        rows={profiles.data}
        rowKey={(p) => p.id}
        rowProps={() => ({ 'data-testid': 'profile-row' })}
        loading={profiles.isLoading}
        error={profiles.error}
        onRetry={() => void profiles.refetch()}
        columns={[
          { key: 'name', header: t('profiles.name'), cell: (p) => p.name },
          {
            key: 'type',
            header: t('profiles.item_type'),
            cell: (p) => t(`profiles.type_${p.item_type}` as MessageKey),
          },
          {
            key: 'lead',
            header: t('profiles.lead_time_class'),
            cell: (p) => t(classLabel(p.lead_time_class)),
          },
          {
            key: 'var',
            header: t('profiles.variability_class'),
            cell: (p) => t(classLabel(p.variability_class)),
          },
          {
            key: 'method',
            header: t('profiles.replenish_method'),
            cell: (p) => t(`profiles.method_${p.replenish_method}` as MessageKey),
          },
          {
            key: 'ltf',
            header: t('profiles.lead_time_factor'),
            align: 'right',
            cell: (p) => f.qty(p.lead_time_factor),
          },
          {
            key: 'vf',
            header: t('profiles.variability_factor'),
            align: 'right',
            cell: (p) => f.qty(p.variability_factor),
          },
          {
            key: 'std',
            header: '',
            cell: (p) =>
              p.is_standard ? (
                <Badge tone="grey">{t('profiles.standard')}</Badge>
              ) : (
                <Badge tone="blue">{t('profiles.custom')}</Badge>
              ),
          },
        ]}
      />
      {creating && <ProfileDialog onClose={() => setCreating(false)} />}
    </>
  );
};

/** The buffer board, red first, with the buffer profiles on a second tab. */
export const PlanningPage = () => {
  const t = useT();
  const [tab, setTab] = useState<'buffers' | 'profiles'>('buffers');
  const tabClass = (on: boolean) =>
    `border-b-2 px-3 py-2 text-sm ${on ? 'border-brand-600 font-medium text-brand-800' : 'border-transparent text-slate-500 hover:text-slate-700'}`;
  return (
    <div className="flex flex-col gap-4" data-testid="planning-page">
      <PageHeader
        title={t('nav.planning')}
        subtitle={t('planning.subtitle')}
        actions={
          <>
            {can('replenishment:read') && (
              <Link to="/planning/suggestions" className={secondaryButton} data-testid="planning-suggestions">
                {t('planning.suggestions_link')}
              </Link>
            )}
            <Link to="/planning/adjustments" className={secondaryButton} data-testid="planning-adjustments">
              {t('planning.adjustments_link')}
            </Link>
            <Link to="/planning/forecasts" className={secondaryButton} data-testid="planning-forecasts">
              {t('planning.forecasts_link')}
            </Link>
            <Link
              to="/planning/adu-exclusions"
              className={secondaryButton}
              data-testid="planning-adu-exclusions"
            >
              {t('planning.adu_exclusions_link')}
            </Link>
            <Link to="/planning/alerts" className={secondaryButton} data-testid="planning-alerts">
              {t('alerts.link')}
            </Link>
          </>
        }
      />
      <div role="tablist" className="flex gap-2 border-b border-slate-200">
        {(['buffers', 'profiles'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            data-testid={`planning-tab-${k}`}
            className={tabClass(tab === k)}
            onClick={() => setTab(k)}
          >
            {t(k === 'buffers' ? 'planning.tab_buffers' : 'planning.tab_profiles')}
          </button>
        ))}
      </div>
      {tab === 'buffers' ? <Board /> : <Profiles />}
    </div>
  );
};
