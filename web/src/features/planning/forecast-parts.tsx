import { useRef, useState } from 'react';
import { z } from 'zod';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { paths } from '../../api/schema';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { decimal, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { secondaryButton } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';

export type Forecast =
  paths['/api/v1/demand-forecasts/{id}']['get']['responses'][200]['content']['application/json'];

/** A forecast moves the buffers that read forecast demand. */
const FORECAST_MOVES = [keys.forecasts.all, keys.buffers.all];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.required' });
const ForecastForm = z
  .object({
    store_id: requiredText,
    start_date: day,
    end_date: day,
    quantity: decimal.transform(Number),
  })
  .refine((v) => v.end_date >= v.start_date, { path: ['end_date'], message: 'forecasts.end_before_start' });

/** Creates a forecast, or changes one: product, location, range and the range's total. */
export const ForecastDialog = ({ forecast, onClose }: { forecast?: Forecast; onClose: () => void }) => {
  const t = useT();
  const f = forecast;
  const [product, setProduct] = useState<PickedProduct | undefined>(
    f ? { id: f.product_id, sku: f.sku, name: f.product_name } : undefined,
  );
  const [missing, setMissing] = useState(false);
  const form = useZodForm(ForecastForm, async (v) => {
    if (!product) return setMissing(true);
    await save.run({ ...v, product_id: product.id });
  });
  const save = useApiMutation({
    request: (body: z.infer<typeof ForecastForm> & { product_id: string }) =>
      f
        ? unwrap(api.PUT('/api/v1/demand-forecasts/{id}', { params: { path: { id: f.id } }, body }))
        : unwrap(api.POST('/api/v1/demand-forecasts', { body })),
    // Buffers reading forecast demand recompute on the server.
    invalidates: FORECAST_MOVES,
    success: t('forecasts.saved'),
    onSuccess: onClose,
    form,
  });
  return (
    <FormDialog
      title={f ? t('forecasts.edit') : t('forecasts.new')}
      onClose={onClose}
      testId="forecast-dialog"
      onSubmit={form.onSubmit}
      submit={{ label: t('common.save'), testId: 'dialog-submit', busy: save.busy }}
      alert={<ProblemAlert error={save.error} />}
    >
      <ProductPicker
        label={t('buffer.product')}
        value={product}
        testId="forecast-product"
        error={missing && !product ? t('forecasts.pick_product') : form.errors.product_id}
        onChange={(p) => {
          setProduct(p);
          setMissing(false);
        }}
      />
      <LocationSelect
        label={t('buffer.location')}
        name="store_id"
        testId="forecast-location"
        emptyLabel=""
        defaultValue={f?.location_code ?? ''}
        error={form.errors.store_id}
      />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField
          label={t('forecasts.start_date')}
          name="start_date"
          type="date"
          defaultValue={f?.start_date ?? ''}
          error={form.errors.start_date}
          data-testid="forecast-start"
        />
        <TextField
          label={t('forecasts.end_date')}
          name="end_date"
          type="date"
          defaultValue={f?.end_date ?? ''}
          error={form.errors.end_date}
          data-testid="forecast-end"
        />
      </div>
      <TextField
        label={t('forecasts.quantity')}
        hint={t('forecasts.quantity_hint')}
        name="quantity"
        inputMode="decimal"
        defaultValue={f ? String(f.quantity) : ''}
        error={form.errors.quantity}
        data-testid="forecast-quantity"
      />
    </FormDialog>
  );
};

/** Spreadsheets in Spain often save CSV in Windows-1252; anything not valid UTF-8 is read as that. */
const decode = (bytes: ArrayBuffer) => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
};

/**
 * Sends a CSV file as is; the server checks every row and writes all of them or none. The page
 * shows the refusal (every bad row) until it is dismissed.
 */
export const useForecastImport = () => {
  const t = useT();
  return useApiMutation({
    request: async (file: File) =>
      unwrap(
        api.POST('/api/v1/demand-forecasts/import', {
          body: decode(await file.arrayBuffer()),
          bodySerializer: (b: string) => b,
          headers: { 'content-type': 'text/csv' },
        }),
      ),
    invalidates: FORECAST_MOVES,
    success: (r) => t('forecasts.imported', { created: r.created, updated: r.updated }),
  });
};

/** The import's file input and its button. */
export const ImportButton = ({ importing }: { importing: ReturnType<typeof useForecastImport> }) => {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        className="hidden"
        data-testid="forecast-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // The same file may be chosen again once fixed.
          e.target.value = '';
          if (file) void importing.run(file);
        }}
      />
      <button
        type="button"
        className={secondaryButton}
        disabled={importing.busy}
        data-testid="forecast-import"
        title={t('forecasts.import_hint')}
        onClick={() => input.current?.click()}
      >
        {importing.busy ? t('forecasts.importing') : t('forecasts.import')}
      </button>
    </>
  );
};
