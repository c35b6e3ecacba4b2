import { positiveDecimal } from '../../components/form-values.ts';
import { dangerLinkButton, inputClass } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { useFieldMessage } from './order-parts.tsx';

/** One line being typed: the product and, as text, its quantity and (purchases) unit price. */
export type DraftLine = { product: PickedProduct; quantity: string; price: string };

/** Field errors by the API's names: `lines[0].quantity`, `supplier_id`… */
export type FieldErrors = Record<string, string | undefined>;

/**
 * Checks the typed lines; errors are keyed as the API names them so a server refusal lands on
 * the same cell. `price` turns the price text into minor units (undefined: not an amount).
 */
export const checkLines = (
  lines: DraftLine[],
  price?: (text: string) => number | undefined,
): { errors: FieldErrors; lines: { product_id: string; quantity: string; unit_price_minor?: number }[] } => {
  const errors: FieldErrors = {};
  if (lines.length === 0) errors.lines = 'supply.form.no_lines';
  const out = lines.map((l, i) => {
    const q = positiveDecimal.safeParse(l.quantity);
    if (!q.success) errors[`lines[${i}].quantity`] = q.error.issues[0]?.message;
    let unit: number | undefined;
    if (price && l.price.trim() !== '') {
      unit = price(l.price);
      if (unit === undefined) errors[`lines[${i}].unit_price_minor`] = 'supply.form.bad_price';
    }
    return {
      product_id: l.product.id,
      quantity: q.success ? q.data : l.quantity,
      ...(unit !== undefined ? { unit_price_minor: unit } : {}),
    };
  });
  return { errors, lines: out };
};

/**
 * The lines of an order being written: a row per product with its quantity and, for purchases,
 * an optional unit price; a product picker adds the next one (each product once).
 */
export const LinesEditor = ({
  lines,
  onChange,
  errors,
  priceLabel,
}: {
  lines: DraftLine[];
  onChange: (lines: DraftLine[]) => void;
  errors: FieldErrors;
  /** Shown with a price column when given (purchases). */
  priceLabel?: string;
}) => {
  const t = useT();
  const message = useFieldMessage();
  const set = (i: number, patch: Partial<DraftLine>) =>
    onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const cellError = (field: string) => {
    const m = message(errors[field]);
    return m ? (
      <span role="alert" className="block text-xs text-red-700" data-testid="line-error">
        {m}
      </span>
    ) : null;
  };
  return (
    <div className="flex flex-col gap-3" data-testid="order-lines">
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2">{t('common.product')}</th>
            <th className="py-2 text-right">{t('supply.line.quantity')}</th>
            {priceLabel && <th className="py-2 text-right">{priceLabel}</th>}
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.length === 0 && (
            <tr>
              <td colSpan={4} className="py-4 text-center text-slate-500">
                {t('supply.form.no_lines_yet')}
              </td>
            </tr>
          )}
          {lines.map((l, i) => (
            <tr key={l.product.id} data-testid={`order-line-${l.product.sku}`}>
              <td className="py-2 align-top">
                <span className="font-mono text-xs">{l.product.sku}</span> · {l.product.name}
                {cellError(`lines[${i}].product_id`)}
              </td>
              <td className="py-2 text-right align-top">
                <input
                  aria-label={t('supply.line.quantity_for', { sku: l.product.sku })}
                  data-testid="line-quantity"
                  inputMode="decimal"
                  value={l.quantity}
                  aria-invalid={Boolean(errors[`lines[${i}].quantity`]) || undefined}
                  onChange={(e) => set(i, { quantity: e.target.value })}
                  className={`${inputClass} w-28 text-right`}
                />
                {cellError(`lines[${i}].quantity`)}
              </td>
              {priceLabel && (
                <td className="py-2 text-right align-top">
                  <input
                    aria-label={t('supply.line.price_for', { sku: l.product.sku })}
                    data-testid="line-price"
                    inputMode="decimal"
                    placeholder={t('supply.form.price_default')}
                    value={l.price}
                    aria-invalid={Boolean(errors[`lines[${i}].unit_price_minor`]) || undefined}
                    onChange={(e) => set(i, { price: e.target.value })}
                    className={`${inputClass} w-32 text-right`}
                  />
                  {cellError(`lines[${i}].unit_price_minor`)}
                </td>
              )}
              <td className="py-2 pl-3 text-right align-top">
                <button
                  type="button"
                  className={dangerLinkButton}
                  onClick={() => onChange(lines.filter((_, j) => j !== i))}
                >
                  {t('common.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cellError('lines')}
      <ProductPicker
        label={t('supply.form.add_product')}
        testId="order-add-product"
        value={undefined}
        onChange={(p) => {
          if (p && !lines.some((l) => l.product.id === p.id))
            onChange([...lines, { product: p, quantity: '', price: '' }]);
        }}
      />
    </div>
  );
};
