import { useState } from 'react';
import { z } from 'zod';
import { type Buffer, type Priority, useBufferProfiles } from '../../api/queries.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { optionalDecimal, optionalInt, optionalText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { Badge, inputClass } from '../../components/page.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

const PRIORITY_TONE = { red: 'red', yellow: 'amber', green: 'green' } as const;

/** Red, yellow or green, as the planner reads it; a buffer not yet calculated has none. */
export const PriorityBadge = ({ priority, testId }: { priority: Priority | null; testId?: string }) => {
  const t = useT();
  return (
    <span data-testid={testId} data-value={priority ?? ''}>
      {priority ? (
        <Badge tone={PRIORITY_TONE[priority]}>{t(`priority.${priority}`)}</Badge>
      ) : (
        <Badge tone="grey">{t('planning.not_calculated')}</Badge>
      )}
    </span>
  );
};

const share = (part: number, whole: number) => (whole > 0 ? (Math.max(0, part) / whole) * 100 : 0);
/** A position on the bar, in percent, kept on the bar when the value runs past either end. */
const clampAt = (value: number, whole: number) => Math.min(100, Math.max(0, share(value, whole)));

/** What the bar draws: a buffer from the API, or one an assistant card describes. */
export type BarBuffer = Pick<Buffer, 'net_flow_position' | 'on_hand'> & {
  zones: Pick<Buffer['zones'], 'red' | 'yellow' | 'green'>;
};

/**
 * The buffer's red, yellow and green zones side by side, widths in proportion, with a marker for
 * the net flow position and one for on hand. A position below zero or above the top of green
 * sits at the bar's edge.
 */
export const BufferBar = ({ buffer, tall = false }: { buffer: BarBuffer; tall?: boolean }) => {
  const t = useT();
  const f = useFormat();
  const red = buffer.zones.red ?? 0;
  const yellow = buffer.zones.yellow ?? 0;
  const green = buffer.zones.green ?? 0;
  const whole = red + yellow + green;
  if (whole <= 0) return <span className="text-xs text-slate-400">—</span>;
  const nfp = buffer.net_flow_position;
  const onHand = buffer.on_hand;
  return (
    <div
      role="img"
      aria-label={t('planning.bar_label', {
        red: f.qty(red),
        yellow: f.qty(yellow),
        green: f.qty(green),
        nfp: f.qty(nfp),
        on_hand: f.qty(onHand),
      })}
      data-testid="buffer-bar"
      className={`relative flex w-48 overflow-visible rounded ${tall ? 'h-6 w-full' : 'h-3'}`}
    >
      <span className="h-full rounded-l bg-red-500" style={{ width: `${share(red, whole)}%` }} />
      <span className="h-full bg-amber-400" style={{ width: `${share(yellow, whole)}%` }} />
      <span className="h-full rounded-r bg-emerald-500" style={{ width: `${share(green, whole)}%` }} />
      {onHand !== null && (
        <span
          data-testid="buffer-bar-on-hand"
          title={`${t('planning.legend_on_hand')}: ${f.qty(onHand)}`}
          className="absolute -bottom-1 h-1.5 w-1.5 -translate-x-1/2 rounded-full bg-slate-500"
          style={{ left: `${clampAt(onHand, whole)}%` }}
        />
      )}
      {nfp !== null && (
        <span
          data-testid="buffer-bar-nfp"
          title={`${t('planning.legend_nfp')}: ${f.qty(nfp)}`}
          className="absolute -top-1 -bottom-1 w-0.5 -translate-x-1/2 bg-slate-900"
          style={{ left: `${clampAt(nfp, whole)}%` }}
        />
      )}
    </div>
  );
};

/** Empty is null (the server derives or drops the value); otherwise a number. */
const nullableNumber = optionalDecimal.transform((v) => (v === null ? null : Number(v)));
/** Empty leaves the server's value (or its default) alone. */
const keptNumber = optionalDecimal.transform((v) => (v === null ? undefined : Number(v)));
const keptInt = optionalInt.transform((v) => (v === null ? undefined : v));
const fraction = keptNumber.refine((v) => v === undefined || v <= 1, { message: 'validation.fraction' });

const ADU_METHODS = ['past', 'fixed', 'future', 'blended'] as const;
type AduMethod = (typeof ADU_METHODS)[number];
const aduMethod = (v: string): AduMethod => ADU_METHODS.find((m) => m === v) ?? 'past';

/** The settings a planner sets on a buffer; field names are the API's, so its errors land on them. */
export const SettingsForm = z.object({
  profile_id: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  adu_method: z.enum(ADU_METHODS),
  adu_fixed: nullableNumber.optional(),
  adu_horizon_days: keptInt.optional(),
  // Fields of the other ADU methods are not on the form, so they stay as the server has them.
  adu_future_horizon_days: optionalInt.optional(),
  adu_past_weight: fraction.optional(),
  source_location: optionalText.optional(),
  incoming_safety_factor: keptNumber.optional(),
  order_trigger: z.enum(['below', 'at_or_below']).optional(),
  dlt_days: nullableNumber,
  extra_lead_time_days: keptNumber,
  order_cycle_days: keptNumber,
  qty_multiple: keptNumber,
  min_batch: keptNumber,
  max_batch: nullableNumber,
  storage_capacity: nullableNumber,
  red_override: nullableNumber,
  yellow_override: nullableNumber,
  green_override: nullableNumber,
  auto_procure: z.enum(['never', 'on_suggestion', 'below_zero']),
});

const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/**
 * The inputs of SettingsForm. A fixed ADU asks for its value, a past one for its horizon, a
 * forecast one for its own horizon, a blended one for both and the past side's weight; a new
 * buffer may leave the profile to the product's default.
 */
export const SettingsFields = ({
  settings,
  profileId,
  errors,
  allowDefaultProfile = false,
  disabled = false,
}: {
  settings?: Buffer['settings'];
  profileId?: string;
  errors: Record<string, string | undefined>;
  allowDefaultProfile?: boolean;
  disabled?: boolean;
}) => {
  const t = useT();
  const profiles = useBufferProfiles();
  const [method, setMethod] = useState<AduMethod>(settings?.adu_method ?? 'past');
  const num = (name: keyof Buffer['settings'] & string, label: MessageKey, hint?: MessageKey) => (
    <TextField
      key={name}
      label={t(label)}
      name={name}
      inputMode="decimal"
      disabled={disabled}
      defaultValue={text(settings?.[name] as number | null | undefined)}
      error={errors[name]}
      hint={hint && t(hint)}
      data-testid={`buffer-${name}`}
    />
  );
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
      <SelectField
        // Remounted once the profiles arrive, so the select starts on the buffer's own profile
        // rather than on whichever option came first.
        key={profiles.data ? 'profiles' : 'loading'}
        label={t('buffer.profile')}
        name="profile_id"
        disabled={disabled}
        defaultValue={profileId ?? ''}
        error={errors.profile_id}
        data-testid="buffer-profile"
        options={[
          ...(allowDefaultProfile || !profileId ? [{ value: '', label: t('buffer.profile_default') }] : []),
          ...(profiles.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
      />
      <SelectField
        label={t('buffer.adu_method')}
        name="adu_method"
        disabled={disabled}
        value={method}
        onChange={(e) => setMethod(aduMethod(e.target.value))}
        error={errors.adu_method}
        data-testid="buffer-adu_method"
        options={[
          { value: 'past', label: t('buffer.adu_past_method') },
          { value: 'fixed', label: t('buffer.adu_fixed_method') },
          { value: 'future', label: t('buffer.adu_future_method') },
          { value: 'blended', label: t('buffer.adu_blended_method') },
        ]}
      />
      {method === 'fixed' && num('adu_fixed', 'buffer.adu_fixed')}
      {(method === 'past' || method === 'blended') && num('adu_horizon_days', 'buffer.adu_horizon_days')}
      {(method === 'future' || method === 'blended') &&
        num('adu_future_horizon_days', 'buffer.adu_future_horizon_days', 'buffer.adu_future_horizon_hint')}
      {method === 'blended' &&
        num('adu_past_weight', 'buffer.adu_past_weight', 'buffer.adu_past_weight_hint')}
      <LocationSelect
        label={t('buffer.source_location')}
        name="source_location"
        testId="buffer-source_location"
        emptyLabel={t('buffer.source_location_none')}
        defaultValue={settings?.source_location_code ?? ''}
        hint={t('buffer.source_location_hint')}
        disabled={disabled}
        error={errors.source_location}
      />
      {num('dlt_days', 'buffer.dlt_days', 'buffer.dlt_hint')}
      {num('extra_lead_time_days', 'buffer.extra_lead_time_days')}
      {num('order_cycle_days', 'buffer.order_cycle_days')}
      {num('qty_multiple', 'buffer.qty_multiple')}
      {num('min_batch', 'buffer.min_batch')}
      {num('max_batch', 'buffer.max_batch')}
      {num('storage_capacity', 'buffer.storage_capacity')}
      {num('red_override', 'buffer.red_override')}
      {num('yellow_override', 'buffer.yellow_override')}
      {num('green_override', 'buffer.green_override')}
      {num('incoming_safety_factor', 'buffer.incoming_safety_factor', 'buffer.incoming_safety_hint')}
      <SelectField
        label={t('buffer.order_trigger')}
        name="order_trigger"
        disabled={disabled}
        defaultValue={settings?.order_trigger ?? 'below'}
        error={errors.order_trigger}
        data-testid="buffer-order_trigger"
        options={[
          { value: 'below', label: t('buffer.trigger_below') },
          { value: 'at_or_below', label: t('buffer.trigger_at_or_below') },
        ]}
      />
      <SelectField
        label={t('buffer.auto_procure')}
        name="auto_procure"
        disabled={disabled}
        defaultValue={settings?.auto_procure ?? 'never'}
        error={errors.auto_procure}
        options={[
          { value: 'never', label: t('buffer.auto_never') },
          { value: 'on_suggestion', label: t('buffer.auto_on_suggestion') },
          { value: 'below_zero', label: t('buffer.auto_below_zero') },
        ]}
      />
    </div>
  );
};

/**
 * The planned adjustments in force at the last calculation, as multipliers; nothing when all
 * of them are 1 (no adjustment changes the buffer).
 */
export const AppliedFactors = ({ factors }: { factors: Buffer['applied_factors'] }) => {
  const t = useT();
  const f = useFormat();
  if (!factors) return null;
  const all: [MessageKey, number][] = [
    ['buffer.factor_demand', factors.demand],
    ['buffer.factor_lead_time', factors.lead_time],
    ['buffer.red', factors.zones.red],
    ['buffer.yellow', factors.zones.yellow],
    ['buffer.green', factors.zones.green],
  ];
  if (all.every(([, v]) => v === 1)) return null;
  return (
    <div data-testid="buffer-applied-factors" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-xs font-medium uppercase tracking-wide text-slate-500">
        {t('buffer.applied_factors')}
      </span>
      {all.map(([label, v]) => (
        <Badge key={label} tone={v === 1 ? 'grey' : 'blue'}>
          {t(label)} × {f.qty(v)}
        </Badge>
      ))}
    </div>
  );
};

const ZONES = ['RED', 'YELLOW', 'GREEN'] as const;
/** A zone as the board and the inbox filter by it. */
export type Zone = (typeof ZONES)[number];

/** The "all zones / red / yellow / green" filter of the board and the inbox. */
export const ZoneFilter = ({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (zone: string) => void;
  testId: string;
}) => {
  const t = useT();
  return (
    <select
      aria-label={t('planning.zone')}
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className={inputClass}
    >
      <option value="">{t('planning.all_zones')}</option>
      {ZONES.map((z) => (
        <option key={z} value={z}>
          {t(`priority.${z.toLowerCase()}` as MessageKey)}
        </option>
      ))}
    </select>
  );
};
