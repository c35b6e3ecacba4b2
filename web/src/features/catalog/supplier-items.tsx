import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import type { Supplier } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { Dialog } from '../../components/dialog.tsx';
import { optionalDecimal, requiredInt } from '../../components/form-values.ts';
import {
  dangerLinkButton,
  inputClass,
  linkButton,
  primaryButton,
  secondaryButton,
} from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ErrorState, LoadingState, ProblemAlert } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';

type Draft = { lead_time_days: string; price: string; min_qty: string; preferred: boolean };
type Item = Supplier['items'][number];

const draftOf = (i?: Item): Draft => ({
  lead_time_days: i ? String(i.lead_time_days) : '',
  price: i?.price ?? '',
  min_qty: i?.min_qty ?? '',
  preferred: i?.preferred ?? false,
});

/** Checks a row before it is sent; the first problem as a catalog key, or the body. */
const bodyOf = (d: Draft) => {
  const lead = requiredInt.safeParse(d.lead_time_days);
  const price = optionalDecimal.safeParse(d.price);
  const min = optionalDecimal.safeParse(d.min_qty);
  if (!lead.success) return { error: lead.error.issues[0]?.message };
  if (!price.success) return { error: price.error.issues[0]?.message };
  if (!min.success) return { error: min.error.issues[0]?.message };
  return {
    body: { lead_time_days: lead.data, price: price.data, min_qty: min.data, preferred: d.preferred },
  };
};
type ItemBody = NonNullable<ReturnType<typeof bodyOf>['body']>;

const DraftCells = ({
  draft,
  onChange,
  disabled,
}: {
  draft: Draft;
  onChange: (d: Draft) => void;
  disabled?: boolean;
}) => {
  const t = useT();
  return (
    <>
      <td className="px-2 py-2">
        <input
          aria-label={t('suppliers.item_lead_time')}
          placeholder={t('suppliers.item_lead_time')}
          inputMode="numeric"
          disabled={disabled}
          value={draft.lead_time_days}
          onChange={(e) => onChange({ ...draft, lead_time_days: e.target.value })}
          className={`${inputClass} w-20`}
        />
      </td>
      <td className="px-2 py-2">
        <input
          aria-label={t('suppliers.item_price')}
          placeholder={t('suppliers.item_price')}
          inputMode="decimal"
          disabled={disabled}
          value={draft.price}
          onChange={(e) => onChange({ ...draft, price: e.target.value })}
          className={`${inputClass} w-24`}
        />
      </td>
      <td className="px-2 py-2">
        <input
          aria-label={t('suppliers.item_min_qty')}
          placeholder={t('suppliers.item_min_qty')}
          inputMode="decimal"
          disabled={disabled}
          value={draft.min_qty}
          onChange={(e) => onChange({ ...draft, min_qty: e.target.value })}
          className={`${inputClass} w-20`}
        />
      </td>
      <td className="px-2 py-2 text-center">
        <input
          type="checkbox"
          aria-label={t('suppliers.item_preferred')}
          disabled={disabled}
          checked={draft.preferred}
          onChange={(e) => onChange({ ...draft, preferred: e.target.checked })}
        />
      </td>
    </>
  );
};

/** What a supplier sells: lead time, price, minimum quantity and whether it is the preferred source. */
export const SupplierItemsDialog = ({
  supplierId,
  title,
  onClose,
}: {
  supplierId: string;
  title: string;
  onClose: () => void;
}) => {
  const t = useT();
  const qc = useQueryClient();
  const writable = can('supplier:write');
  const key = keys.suppliers.one(supplierId);
  const supplier = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/suppliers/{id}', { params: { path: { id: supplierId } } })),
  });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [adding, setAdding] = useState<PickedProduct>();
  const [newDraft, setNewDraft] = useState<Draft>(draftOf());
  const [invalid, setInvalid] = useState<string>();

  const put = useApiMutation({
    request: ({ productId, body }: { productId: string; body: ItemBody }) =>
      unwrap(
        api.PUT('/api/v1/suppliers/{id}/items/{product_id}', {
          params: { path: { id: supplierId, product_id: productId } },
          body,
        }),
      ),
    success: t('suppliers.item_saved'),
    onSuccess: (r) => {
      del.reset();
      qc.setQueryData(key, (old: Supplier | undefined) => (old ? { ...old, items: r.items } : old));
    },
  });
  const del = useApiMutation({
    request: (productId: string) =>
      unwrap(
        api.DELETE('/api/v1/suppliers/{id}/items/{product_id}', {
          params: { path: { id: supplierId, product_id: productId } },
        }),
      ),
    invalidates: [key],
    onSuccess: () => put.reset(),
  });
  const failure = put.error ?? del.error;
  /** Checks the row, then sends it; whether it was saved. */
  const save = (productId: string, d: Draft) => {
    const checked = bodyOf(d);
    setInvalid(checked.body ? undefined : checked.error);
    return checked.body ? put.run({ productId, body: checked.body }) : Promise.resolve(false);
  };

  return (
    <Dialog
      open
      wide
      title={t('suppliers.items_title', { name: title })}
      onClose={onClose}
      testId="supplier-items"
      footer={
        <button type="button" className={secondaryButton} onClick={onClose}>
          {t('dialog.close')}
        </button>
      }
    >
      {supplier.error ? (
        <ErrorState error={supplier.error} />
      ) : !supplier.data ? (
        <LoadingState />
      ) : (
        <div className="flex flex-col gap-4">
          {failure !== undefined && <ProblemAlert error={failure} />}
          {invalid && (
            <p role="alert" className="text-sm text-red-700">
              {invalid.includes('.') ? t(invalid as MessageKey) : invalid}
            </p>
          )}
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-2 py-2">{t('common.product')}</th>
                <th className="px-2 py-2">{t('suppliers.item_lead_time')}</th>
                <th className="px-2 py-2">{t('suppliers.item_price')}</th>
                <th className="px-2 py-2">{t('suppliers.item_min_qty')}</th>
                <th className="px-2 py-2">{t('suppliers.item_preferred')}</th>
                <th className="px-2 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {supplier.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="px-2 py-4 text-center text-slate-500">
                    {t('suppliers.no_items')}
                  </td>
                </tr>
              )}
              {supplier.data.items.map((i) => {
                const draft = drafts[i.product_id] ?? draftOf(i);
                const dirty = drafts[i.product_id] !== undefined;
                return (
                  <tr key={i.product_id}>
                    <td className="px-2 py-2">
                      <span className="font-mono text-xs">{i.sku}</span> · {i.product_name}
                    </td>
                    <DraftCells
                      draft={draft}
                      disabled={!writable}
                      onChange={(d) => setDrafts((all) => ({ ...all, [i.product_id]: d }))}
                    />
                    <td className="px-2 py-2 text-right whitespace-nowrap">
                      {writable && (
                        <span className="flex justify-end gap-3">
                          <button
                            type="button"
                            className={linkButton}
                            disabled={!dirty}
                            onClick={async () => {
                              if (await save(i.product_id, draft)) {
                                setDrafts(({ [i.product_id]: _, ...rest }) => rest);
                              }
                            }}
                          >
                            {t('common.save')}
                          </button>
                          <button
                            type="button"
                            className={dangerLinkButton}
                            onClick={() => void del.run(i.product_id)}
                          >
                            {t('common.remove')}
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {writable && (
            <div className="flex flex-col gap-2 rounded-lg border border-dashed border-slate-300 p-3">
              <ProductPicker
                label={t('suppliers.add_item')}
                testId="supplier-item-product"
                value={adding}
                onChange={setAdding}
              />
              {adding && (
                <table className="w-full text-sm">
                  <tbody>
                    <tr>
                      <DraftCells draft={newDraft} onChange={setNewDraft} />
                      <td className="px-2 py-2 text-right">
                        <button
                          type="button"
                          className={primaryButton}
                          onClick={async () => {
                            if (await save(adding.id, newDraft)) {
                              setAdding(undefined);
                              setNewDraft(draftOf());
                            }
                          }}
                        >
                          {t('common.add')}
                        </button>
                      </td>
                    </tr>
                  </tbody>
                </table>
              )}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
};
