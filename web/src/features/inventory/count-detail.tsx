import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
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
  const qc = useQueryClient();
  const key = keys.counts.one(id);
  const count = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/counts/{id}', { params: { path: { id } } })),
  });
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<PickedProduct[]>([]);
  const [picking, setPicking] = useState<PickedProduct>();
  const [invalid, setInvalid] = useState<string>();
  const [confirm, setConfirm] = useState<'post' | 'cancel'>();

  const stored = (next: Count) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: keys.counts.list() });
  };
  type Lines = { product_id: string; counted: string | null }[];
  const put = (lines: Lines) =>
    unwrap(api.PUT('/api/v1/counts/{id}/lines', { params: { path: { id } }, body: { lines } }));
  const saveLines = useApiMutation({
    request: put,
    success: t('counts.saved'),
    onSuccess: (next, lines) => {
      stored(next);
      setEdits({});
      setAdded((all) => all.filter((p) => !lines.some((l) => l.product_id === p.id)));
    },
  });
  const removeLine = useApiMutation({ request: put, onSuccess: stored });
  /** Lists every product the books hold at this location, so the counter walks a full list. */
  const loadLocation = useApiMutation({
    request: (location: string) =>
      unwrap(api.GET('/api/v1/inventory', { params: { query: { location, limit: 100 } } })),
    onSuccess: (stock) => {
      const have = new Set(rows.map((r) => r.id));
      setAdded((all) => [
        ...all,
        ...stock.data
          .filter((s) => !have.has(s.product_id))
          .map((s) => ({ id: s.product_id, sku: s.sku, name: s.name })),
      ]);
    },
  });
  const close = useApiMutation({
    request: (action: 'post' | 'cancel') => {
      const path = { id };
      return action === 'post'
        ? unwrap(api.POST('/api/v1/counts/{id}/post', { params: { path } }))
        : unwrap(api.POST('/api/v1/counts/{id}/cancel', { params: { path } }));
    },
    invalidates: (_, action) => (action === 'post' ? [keys.inventory.all] : []),
    success: (_, action) => t(action === 'post' ? 'counts.posted' : 'counts.cancelled'),
    onSuccess: (next) => {
      stored(next);
      setEdits({});
      setAdded([]);
    },
  });
  const failure = saveLines.error ?? removeLine.error ?? loadLocation.error;

  const c = count.data;
  const onServer = new Set(c?.lines.map((l) => l.product_id));
  const rows: Row[] = [
    ...(c?.lines ?? []).map((l) => ({ ...l, id: l.product_id })),
    ...added.filter((p) => !onServer.has(p.id)),
  ];
  if (count.error) return <ErrorState error={count.error} onRetry={() => void count.refetch()} />;
  if (!c) return <LoadingState />;
  const open = c.status === 'OPEN' && can('inventory:write');
  const dirty = Object.keys(edits).length > 0;

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
    return lines.length === 0 || saveLines.run(lines);
  };
  const remove = async (r: Row) => {
    setEdits(({ [r.id]: _, ...rest }) => rest);
    setAdded((all) => all.filter((p) => p.id !== r.id));
    if (onServer.has(r.id)) await removeLine.run([{ product_id: r.id, counted: null }]);
  };
  const addProduct = (p: PickedProduct | undefined) => {
    if (p && !rows.some((r) => r.id === p.id)) setAdded((all) => [...all, p]);
    setPicking(undefined);
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
              disabled={loadLocation.busy}
              onClick={() => void loadLocation.run(c.store_id)}
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
          if (!confirm || (confirm === 'post' && !(await save()))) return;
          await close.send(confirm);
        }}
      />
    </div>
  );
};
