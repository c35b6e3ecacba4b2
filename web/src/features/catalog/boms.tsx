import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { type Bom, useLocationCodes, useProductLookup } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { DeleteDialog, Dialog, DialogFooter } from '../../components/dialog.tsx';
import { positiveDecimal } from '../../components/form-values.ts';
import { ListPage } from '../../components/list-page.tsx';
import { dangerLinkButton, inputClass } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

type Line = { component: PickedProduct; quantity: string };
type BomLines = { component_id: string; quantity: string }[];

/** Edits the lines of one BOM, or makes a new one for a product picked here. */
const BomEditor = ({ bom, onClose }: { bom: Bom | undefined; onClose: () => void }) => {
  const t = useT();
  const formId = useId();
  const [product, setProduct] = useState<PickedProduct>();
  const [lines, setLines] = useState<Line[]>(
    (bom?.lines ?? []).map((l) => ({
      component: { id: l.component_id, sku: l.sku, name: l.name },
      quantity: l.quantity,
    })),
  );
  const [adding, setAdding] = useState<PickedProduct>();
  const [invalid, setInvalid] = useState<string>();
  const label = useProductLookup(bom ? [bom.product_id] : []);
  const save = useApiMutation({
    request: (body: BomLines) =>
      bom
        ? unwrap(api.PUT('/api/v1/boms/{id}', { params: { path: { id: bom.id } }, body: { lines: body } }))
        : unwrap(api.POST('/api/v1/boms', { body: { product_id: product?.id ?? '', lines: body } })),
    invalidates: [keys.boms.all],
    success: t('boms.saved'),
    onSuccess: onClose,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = lines.map((l) => ({
      component_id: l.component.id,
      q: positiveDecimal.safeParse(l.quantity),
    }));
    const bad = parsed.findIndex((p) => !p.q.success);
    if (bad >= 0) {
      setInvalid(t('boms.bad_quantity', { sku: lines[bad]?.component.sku ?? '' }));
      return;
    }
    if (!bom && !product) {
      setInvalid(t('boms.pick_product'));
      return;
    }
    setInvalid(undefined);
    void save.run(parsed.map((p) => ({ component_id: p.component_id, quantity: p.q.data ?? '0' })));
  };

  return (
    <Dialog
      open
      wide
      testId="bom-editor"
      title={bom ? t('boms.edit_title', { product: label(bom.product_id) }) : t('boms.new')}
      onClose={onClose}
      footer={
        <DialogFooter
          formId={formId}
          submitLabel={t('common.save')}
          onCancel={onClose}
          busy={save.busy}
          submitTestId="bom-save"
        />
      }
    >
      <form id={formId} noValidate onSubmit={submit} className="flex flex-col gap-4">
        <ProblemAlert error={save.error} />
        {invalid && (
          <p role="alert" className="text-sm text-red-700">
            {invalid}
          </p>
        )}
        {!bom && (
          <ProductPicker
            label={t('boms.product')}
            testId="bom-product"
            value={product}
            onChange={setProduct}
          />
        )}
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-2">{t('boms.component')}</th>
              <th className="py-2 text-right">{t('boms.quantity')}</th>
              <th className="py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {lines.length === 0 && (
              <tr>
                <td colSpan={3} className="py-4 text-center text-slate-500">
                  {t('boms.no_lines')}
                </td>
              </tr>
            )}
            {lines.map((l, i) => (
              <tr key={l.component.id} data-testid={`bom-line-${l.component.sku}`}>
                <td className="py-2">
                  <span className="font-mono text-xs">{l.component.sku}</span> · {l.component.name}
                </td>
                <td className="py-2 text-right">
                  <input
                    aria-label={t('boms.quantity')}
                    inputMode="decimal"
                    value={l.quantity}
                    onChange={(e) =>
                      setLines((all) => all.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))
                    }
                    className={`${inputClass} w-28 text-right`}
                  />
                </td>
                <td className="py-2 pl-3 text-right">
                  <button
                    type="button"
                    className={dangerLinkButton}
                    onClick={() => setLines((all) => all.filter((_, j) => j !== i))}
                  >
                    {t('common.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ProductPicker
          label={t('boms.add_component')}
          testId="bom-component"
          value={adding}
          onChange={(p) => {
            if (p && !lines.some((l) => l.component.id === p.id))
              setLines((all) => [...all, { component: p, quantity: '1' }]);
            setAdding(undefined);
          }}
        />
      </form>
    </Dialog>
  );
};

/** Bills of materials: what each made or kitted product consumes per unit. */
export const BomsPage = () => {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState<Bom | 'new'>();
  const [deleting, setDeleting] = useState<Bom>();
  const boms = useQuery({ queryKey: keys.boms.list(), queryFn: () => unwrap(api.GET('/api/v1/boms')) });
  const remove = useApiMutation({
    request: (b: Bom) => unwrap(api.DELETE('/api/v1/boms/{id}', { params: { path: { id: b.id } } })),
    invalidates: [keys.boms.all],
    success: t('boms.deleted'),
  });
  const label = useProductLookup((boms.data?.data ?? []).map((b) => b.product_id));
  const locationCode = useLocationCodes();
  const writable = can('product:write');
  return (
    <ListPage
      testId="boms-page"
      title={t('nav.boms')}
      subtitle={t('boms.subtitle')}
      create={writable && { label: t('boms.new'), onClick: () => setEditing('new') }}
    >
      <DataTable
        actions={writable && { onEdit: setEditing, onDelete: setDeleting }}
        rows={boms.data?.data}
        rowKey={(b) => b.id}
        loading={boms.isLoading}
        error={boms.error}
        onRetry={() => void boms.refetch()}
        columns={[
          {
            key: 'product',
            header: t('boms.product'),
            cell: (b) => (
              <Link to="/products/$id" params={{ id: b.product_id }} className="hover:underline">
                {label(b.product_id)}
              </Link>
            ),
          },
          {
            key: 'location',
            header: t('stock.location'),
            cell: (b) => (b.location_id ? locationCode(b.location_id) : t('boms.everywhere')),
          },
          {
            key: 'lines',
            header: t('boms.components'),
            cell: (b) => (
              <span className="text-slate-600">
                {b.lines.map((l) => `${l.sku} × ${f.qty(l.quantity)}`).join(', ')}
              </span>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <BomEditor bom={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
      <DeleteDialog
        row={deleting}
        title={t('boms.delete_title')}
        body={(row) => t('boms.delete_body', { product: row ? label(row.product_id) : '' })}
        onClose={() => setDeleting(undefined)}
        remove={remove.send}
      />
    </ListPage>
  );
};
