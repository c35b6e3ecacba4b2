import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { Count } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { decimal } from '../../components/form-values.ts';
import {
  Badge,
  Card,
  dangerLinkButton,
  inputClass,
  linkButton,
  PageHeader,
  primaryButton,
  secondaryButton,
} from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { ErrorState, LoadingState, ProblemAlert } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { countTone } from './counts.tsx';

type Row = PickedProduct & { counted?: string; on_hand?: string; difference?: string };

/**
 * Entering one count: products with their counted quantity, against what the books say is on
 * hand now. Edits stay here until saved; posting saves them first, then books the differences.
 */
export const CountDetailPage = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const key = ['counts', 'one', id];
  const count = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/counts/{id}', { params: { path: { id } } })),
  });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<PickedProduct[]>([]);
  const [picking, setPicking] = useState<PickedProduct>();
  const [failure, setFailure] = useState<unknown>();
  const [invalid, setInvalid] = useState<string>();
  const [confirm, setConfirm] = useState<'post' | 'cancel'>();
  const [busy, setBusy] = useState(false);

  if (count.error) return <ErrorState error={count.error} onRetry={() => void count.refetch()} />;
  if (!count.data) return <LoadingState />;
  const c = count.data;
  const open = c.status === 'OPEN' && can('inventory:write');
  const onServer = new Set(c.lines.map((l) => l.product_id));
  const rows: Row[] = [
    ...c.lines.map((l) => ({ ...l, id: l.product_id })),
    ...added.filter((p) => !onServer.has(p.id)),
  ];
  const dirty = Object.keys(edits).length > 0;

  const stored = (next: Count) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: ['counts', 'list'] });
  };
  const put = (lines: { product_id: string; counted: string | null }[]) =>
    unwrap(api.PUT('/api/v1/counts/{id}/lines', { params: { path: { id } }, body: { lines } }));

  /** Sends the typed quantities; false when one is not a number or the server refuses. */
  const save = async (): Promise<boolean> => {
    const lines: { product_id: string; counted: string }[] = [];
    for (const [productId, value] of Object.entries(edits)) {
      if (value.trim() === '') continue;
      const parsed = decimal.safeParse(value);
      if (!parsed.success) {
        setInvalid(t('counts.bad_quantity', { sku: rows.find((r) => r.id === productId)?.sku ?? '' }));
        return false;
      }
      lines.push({ product_id: productId, counted: parsed.data });
    }
    setInvalid(undefined);
    if (lines.length === 0) return true;
    try {
      stored(await put(lines));
      setEdits({});
      setAdded((all) => all.filter((p) => !lines.some((l) => l.product_id === p.id)));
      setFailure(undefined);
      toast.show(t('counts.saved'), 'success');
      return true;
    } catch (err) {
      setFailure(err);
      return false;
    }
  };
  const remove = async (r: Row) => {
    setEdits(({ [r.id]: _, ...rest }) => rest);
    setAdded((all) => all.filter((p) => p.id !== r.id));
    if (!onServer.has(r.id)) return;
    try {
      stored(await put([{ product_id: r.id, counted: null }]));
    } catch (err) {
      setFailure(err);
    }
  };
  const addProduct = (p: PickedProduct | undefined) => {
    if (p && !rows.some((r) => r.id === p.id)) setAdded((all) => [...all, p]);
    setPicking(undefined);
  };
  /** Lists every product the books hold at this location, so the counter walks a full list. */
  const loadLocation = async () => {
    setBusy(true);
    try {
      const stock = await unwrap(
        api.GET('/api/v1/inventory', { params: { query: { location: c.store_id, limit: 100 } } }),
      );
      const have = new Set(rows.map((r) => r.id));
      setAdded((all) => [
        ...all,
        ...stock.data
          .filter((s) => !have.has(s.product_id))
          .map((s) => ({ id: s.product_id, sku: s.sku, name: s.name })),
      ]);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-4" data-testid="count-detail">
      <Link to="/counts" className={linkButton}>
        ← {t('nav.counts')}
      </Link>
      <PageHeader
        title={t('counts.title', { location: c.store_id })}
        subtitle={[c.store_name, c.note].filter(Boolean).join(' · ')}
        actions={
          <span className="flex items-center gap-2">
            <Badge tone={countTone[c.status]}>{t(`count_status.${c.status}`)}</Badge>
            {open && (
              <>
                <button type="button" className={secondaryButton} onClick={() => setConfirm('cancel')}>
                  {t('counts.cancel')}
                </button>
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={!dirty}
                  onClick={() => void save()}
                  data-testid="count-save"
                >
                  {t('common.save')}
                </button>
                <button
                  type="button"
                  className={primaryButton}
                  onClick={() => setConfirm('post')}
                  data-testid="count-post"
                >
                  {t('counts.post')}
                </button>
              </>
            )}
          </span>
        }
      />
      {failure !== undefined && <ProblemAlert error={failure} />}
      {invalid && (
        <p role="alert" className="text-sm text-red-700">
          {invalid}
        </p>
      )}
      <Card>
        <table className="w-full text-sm" data-testid="count-lines">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-2 py-2">{t('products.sku')}</th>
              <th className="px-2 py-2">{t('products.name')}</th>
              <th className="px-2 py-2 text-right">{t('counts.counted')}</th>
              <th className="px-2 py-2 text-right">{t('stock.on_hand')}</th>
              <th className="px-2 py-2 text-right">{t('counts.difference')}</th>
              <th className="px-2 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="px-2 py-6 text-center text-slate-500">
                  {t('counts.no_lines')}
                </td>
              </tr>
            )}
            {rows.map((r) => {
              const diff = r.difference === undefined ? undefined : Number(r.difference);
              return (
                <tr key={r.id} data-testid={`count-line-${r.sku}`}>
                  <td className="px-2 py-2 font-mono text-xs">{r.sku}</td>
                  <td className="px-2 py-2">{r.name}</td>
                  <td className="px-2 py-2 text-right">
                    {open ? (
                      <input
                        aria-label={t('counts.counted_for', { sku: r.sku })}
                        inputMode="decimal"
                        data-testid="count-counted"
                        value={edits[r.id] ?? r.counted ?? ''}
                        onChange={(e) => setEdits((all) => ({ ...all, [r.id]: e.target.value }))}
                        className={`${inputClass} w-24 text-right ${edits[r.id] !== undefined ? 'border-brand-500' : ''}`}
                      />
                    ) : (
                      f.qty(r.counted)
                    )}
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums" data-testid="count-on-hand">
                    {f.qty(r.on_hand)}
                  </td>
                  <td
                    className={`px-2 py-2 text-right tabular-nums ${diff ? (diff < 0 ? 'text-red-700' : 'text-emerald-700') : ''}`}
                    data-testid="count-difference"
                  >
                    {r.difference === undefined ? '—' : f.signed(r.difference)}
                  </td>
                  <td className="px-2 py-2 text-right">
                    {open && (
                      <button type="button" className={dangerLinkButton} onClick={() => void remove(r)}>
                        {t('common.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {open && (
          <div className="flex flex-wrap items-end gap-3 border-t border-slate-100 pt-3">
            <div className="w-96 max-w-full">
              <ProductPicker
                label={t('counts.add_product')}
                testId="count-product"
                value={picking}
                onChange={addProduct}
              />
            </div>
            <button
              type="button"
              className={secondaryButton}
              disabled={busy}
              onClick={() => void loadLocation()}
            >
              {t('counts.load_location')}
            </button>
          </div>
        )}
      </Card>
      <ConfirmDialog
        open={confirm !== undefined}
        title={confirm === 'post' ? t('counts.post_title') : t('counts.cancel_title')}
        body={confirm === 'post' ? t('counts.post_body') : t('counts.cancel_body')}
        confirmLabel={confirm === 'post' ? t('counts.post') : t('counts.cancel')}
        onClose={() => setConfirm(undefined)}
        onConfirm={async () => {
          const path = { id };
          if (confirm === 'post') {
            if (!(await save())) return;
            stored(await unwrap(api.POST('/api/v1/counts/{id}/post', { params: { path } })));
            toast.show(t('counts.posted'), 'success');
            await qc.invalidateQueries({ queryKey: ['inventory'] });
          } else {
            stored(await unwrap(api.POST('/api/v1/counts/{id}/cancel', { params: { path } })));
            toast.show(t('counts.cancelled'), 'success');
          }
          setEdits({});
          setAdded([]);
        }}
      />
    </div>
  );
};
