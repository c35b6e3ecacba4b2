import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { Dialog } from '../../components/dialog.tsx';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { decimal, requiredText } from '../../components/form-values.ts';
import { LocationSelect } from '../../components/location-select.tsx';
import { primaryButton, secondaryButton } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/i18n.tsx';

export type Forecast =
  paths['/api/v1/demand-forecasts/{id}']['get']['responses'][200]['content']['application/json'];

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
  const toast = useToast();
  const qc = useQueryClient();
  const formId = useId();
  const f = forecast;
  const [product, setProduct] = useState<PickedProduct | undefined>(
    f ? { id: f.product_id, sku: f.sku, name: f.product_name } : undefined,
  );
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useZodForm(ForecastForm, async (v) => {
    if (!product) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const body = { ...v, product_id: product.id };
      if (f) await unwrap(api.PUT('/api/v1/demand-forecasts/{id}', { params: { path: { id: f.id } }, body }));
      else await unwrap(api.POST('/api/v1/demand-forecasts', { body }));
      toast.show(t('forecasts.saved'), 'success');
      // Buffers reading forecast demand recompute on the server.
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['forecasts'] }),
        qc.invalidateQueries({ queryKey: ['buffers'] }),
      ]);
      onClose();
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
      title={f ? t('forecasts.edit') : t('forecasts.new')}
      onClose={onClose}
      testId="forecast-dialog"
      footer={
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
      }
    >
      <form id={formId} noValidate onSubmit={form.onSubmit} className="flex flex-col gap-4">
        <ProblemAlert error={failure} />
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
      </form>
    </Dialog>
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

/** Sends a CSV file as is; the server checks every row and writes all of them or none. */
export const ImportButton = ({ onFailure }: { onFailure: (err: unknown) => void }) => {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    onFailure(undefined);
    try {
      const r = await unwrap(
        api.POST('/api/v1/demand-forecasts/import', {
          body: decode(await file.arrayBuffer()),
          bodySerializer: (b: string) => b,
          headers: { 'content-type': 'text/csv' },
        }),
      );
      toast.show(t('forecasts.imported', { created: r.created, updated: r.updated }), 'success');
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['forecasts'] }),
        qc.invalidateQueries({ queryKey: ['buffers'] }),
      ]);
    } catch (err) {
      onFailure(err);
    } finally {
      setBusy(false);
      // The same file may be chosen again once fixed.
      if (input.current) input.current.value = '';
    }
  };
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
          if (file) void upload(file);
        }}
      />
      <button
        type="button"
        className={secondaryButton}
        disabled={busy}
        data-testid="forecast-import"
        title={t('forecasts.import_hint')}
        onClick={() => input.current?.click()}
      >
        {busy ? t('forecasts.importing') : t('forecasts.import')}
      </button>
    </>
  );
};
