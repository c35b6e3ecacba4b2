import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { paths } from '../../api/schema';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { useListSearch } from '../../components/list-page.tsx';
import {
  Badge,
  Card,
  Detail,
  inputClass,
  linkButton,
  PageHeader,
  secondaryButton,
} from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState, useProblemText } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { isMessageKey, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ProductForecastLinks } from '../analytics/product-forecasts.tsx';
import { AvailabilityPanel } from '../inventory/availability-panel.tsx';
import { ExcludeDialog, excludable, useIncludeAgain } from '../planning/adu-exclusions.tsx';
import { ProductDialog } from './product-form.tsx';

type LedgerRow =
  paths['/api/v1/stock/ledger']['get']['responses'][200]['content']['application/json']['data'][number];

/** The stock of one product at each location; its ledger runs per location. */
const StockAndLedger = ({ productId }: { productId: string }) => {
  const t = useT();
  const f = useFormat();
  // The ledger's location is in the address, so a link or Back shows the same ledger.
  const filter = useListSearch({ ledger: '' });
  const stock = useQuery({
    queryKey: keys.inventory.ofProduct(productId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/inventory', { params: { query: { product_id: productId, limit: 100 } } })),
  });
  const chosen = filter.filters.ledger || stock.data?.data[0]?.location || '';
  const ledger = useQuery({
    queryKey: keys.ledger.at(productId, chosen),
    enabled: Boolean(chosen),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/stock/ledger', {
          params: { query: { product_id: productId, location: chosen, limit: 100 } },
        }),
      ),
  });
  // Shipments and returns feed past ADU; a planner may leave a one-off out of it.
  const exclusions = useQuery({
    queryKey: keys.aduExclusions.ledger(productId, chosen ?? ''),
    enabled: Boolean(chosen) && can('buffer:read'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/adu-exclusions', {
          params: { query: { product_id: productId, location: chosen, limit: 100 } },
        }),
      ),
  });
  const excluded = new Map(exclusions.data?.data.map((x) => [x.movement_id, x]));
  const excludes = can('buffer:write');
  const includeAgain = useIncludeAgain();
  const toast = useToast();
  const problem = useProblemText();
  const [excluding, setExcluding] = useState<LedgerRow>();
  return (
    <>
      <Card title={t('product.stock')}>
        <DataTable
          rows={stock.data?.data}
          rowKey={(r) => r.location_id}
          rowProps={(r) => ({
            className: r.low_stock ? 'bg-amber-50' : 'hover:bg-slate-50',
            'data-testid': `product-stock-${r.location}`,
          })}
          loading={stock.isLoading}
          error={stock.error}
          empty={<EmptyState title={t('availability.no_stock')} />}
          columns={[
            {
              key: 'location',
              header: t('stock.location'),
              cell: (r) => (
                <span>
                  <span className="font-mono text-xs">{r.location}</span> · {r.location_name}
                </span>
              ),
            },
            { key: 'on_hand', header: t('stock.on_hand'), align: 'right', cell: (r) => f.qty(r.on_hand) },
            { key: 'reserved', header: t('stock.reserved'), align: 'right', cell: (r) => f.qty(r.reserved) },
            {
              key: 'available',
              header: t('stock.available'),
              align: 'right',
              cell: (r) => f.qty(r.available),
            },
            {
              key: 'minmax',
              header: t('stock.min_max'),
              align: 'right',
              cell: (r) => f.range(r.min_qty, r.max_qty),
            },
            {
              key: 'low',
              header: '',
              cell: (r) => r.low_stock && <Badge tone="amber">{t('stock.low')}</Badge>,
            },
          ]}
        />
      </Card>
      <Card
        title={t('product.ledger')}
        actions={
          stock.data && stock.data.data.length > 0 ? (
            <div className="flex flex-wrap items-center gap-2">
              <select
                aria-label={t('stock.location')}
                data-testid="ledger-location"
                value={chosen}
                onChange={(e) => filter.setFilter('ledger', e.target.value)}
                className={inputClass}
              >
                {stock.data.data.map((r) => (
                  <option key={r.location_id} value={r.location}>
                    {r.location} · {r.location_name}
                  </option>
                ))}
              </select>
              {chosen && (
                <ExportMenu
                  path="/api/v1/stock/ledger/export"
                  query={{ product_id: productId, location: chosen }}
                  testId="ledger-export"
                />
              )}
            </div>
          ) : undefined
        }
      >
        {chosen ? (
          <DataTable
            rows={ledger.data?.data}
            rowKey={(m) => m.id}
            rowProps={(m) => ({
              'data-testid': `ledger-row-${m.id}`,
              ...(excluded.has(m.id) ? { className: 'bg-slate-50 text-slate-500' } : {}),
            })}
            loading={ledger.isLoading}
            error={ledger.error}
            columns={[
              { key: 'when', header: t('common.when'), cell: (m) => f.date(m.created_at) },
              {
                key: 'kind',
                header: t('ledger.kind'),
                cell: (m) => (isMessageKey(`kind.${m.kind}`) ? t(`kind.${m.kind}` as MessageKey) : m.kind),
              },
              {
                key: 'quantity',
                header: t('ledger.quantity'),
                align: 'right',
                cell: (m) => f.signed(m.quantity),
              },
              {
                key: 'balance',
                header: t('ledger.balance_after'),
                align: 'right',
                cell: (m) => <span className="font-medium">{f.qty(m.balance_after)}</span>,
              },
              { key: 'reason', header: t('stock.reason'), cell: (m) => m.reason ?? '—' },
              {
                key: 'reference',
                header: t('ledger.reference'),
                cell: (m) =>
                  m.reference_type ? (
                    <span className="font-mono text-xs">
                      {m.reference_type}:{m.reference_id?.slice(0, 8)}
                    </span>
                  ) : (
                    '—'
                  ),
              },
              {
                key: 'adu',
                header: t('adu_exclusions.column'),
                align: 'right',
                cell: (m) => {
                  if (!excludable(m.kind)) return null;
                  const x = excluded.get(m.id);
                  return (
                    <span className="flex items-center justify-end gap-2 whitespace-nowrap">
                      {x && (
                        <span title={x.reason} data-testid="ledger-excluded">
                          <Badge tone="grey">{t('adu_exclusions.excluded_badge')}</Badge>
                        </span>
                      )}
                      {excludes &&
                        (x ? (
                          <button
                            type="button"
                            className={linkButton}
                            data-testid="ledger-include"
                            onClick={() =>
                              includeAgain(m.id).catch((err: unknown) => toast.show(problem(err), 'error'))
                            }
                          >
                            {t('adu_exclusions.include')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className={linkButton}
                            data-testid="ledger-exclude"
                            onClick={() => setExcluding(m)}
                          >
                            {t('adu_exclusions.exclude')}
                          </button>
                        ))}
                    </span>
                  );
                },
              },
            ]}
          />
        ) : (
          <EmptyState title={t('availability.no_stock')} />
        )}
      </Card>
      {excluding && <ExcludeDialog movement={excluding} onClose={() => setExcluding(undefined)} />}
    </>
  );
};

const ProductBom = ({ productId }: { productId: string }) => {
  const t = useT();
  const f = useFormat();
  const boms = useQuery({
    queryKey: keys.boms.ofProduct(productId),
    queryFn: () => unwrap(api.GET('/api/v1/boms', { params: { query: { product_id: productId } } })),
  });
  if (boms.error) return <ErrorState error={boms.error} />;
  if (!boms.data) return <LoadingState />;
  const bom = boms.data.data[0];
  return (
    <Card
      title={t('product.bom')}
      actions={
        <Link to="/boms" className={linkButton}>
          {t('product.open_boms')}
        </Link>
      }
    >
      {bom ? (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="product-bom">
          {bom.lines.map((l) => (
            <li key={l.component_id} className="flex justify-between py-2">
              <Link to="/products/$id" params={{ id: l.component_id }} className="hover:underline">
                <span className="font-mono text-xs">{l.sku}</span> · {l.name}
              </Link>
              <span className="tabular-nums">× {f.qty(l.quantity)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{t('product.no_bom')}</p>
      )}
    </Card>
  );
};

/** One product: its fields, live availability, stock and ledger per location, and its BOM. */
export const ProductDetailPage = ({ id }: { id: string }) => {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const product = useQuery({
    queryKey: keys.product.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } } })),
  });
  if (product.error) return <ErrorState error={product.error} onRetry={() => void product.refetch()} />;
  if (!product.data) return <LoadingState />;
  const p = product.data;
  const inventory = can('inventory:read');
  return (
    <div className="flex flex-col gap-4" data-testid="product-detail">
      <Link to="/products" className={linkButton}>
        ← {t('nav.products')}
      </Link>
      <PageHeader
        title={p.name}
        subtitle={p.sku}
        actions={
          can('product:write') && (
            <button type="button" className={secondaryButton} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
          )
        }
      />
      <Card>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Detail label={t('products.category')}>{p.category ?? '—'}</Detail>
          <Detail label={t('products.uom')}>
            {p.uom} ({t('products.uom_step')} {f.qty(p.uom_step)})
          </Detail>
          <Detail label={t('products.price')}>{f.money(p.price)}</Detail>
          <Detail label={t('products.cost')}>{f.money(p.cost)}</Detail>
          <Detail label={t('products.lead_time_days')}>{p.lead_time_days ?? '—'}</Detail>
          <Detail label={t('products.min_order_qty')}>{f.qty(p.min_order_qty)}</Detail>
          <Detail label={t('products.order_multiple')}>{f.qty(p.order_multiple)}</Detail>
          <Detail label={t('products.barcode')}>{p.barcode ?? '—'}</Detail>
          <Detail label={t('common.status')}>
            <span className="flex gap-1">
              {p.active ? (
                <Badge tone="green">{t('products.active')}</Badge>
              ) : (
                <Badge tone="grey">{t('products.inactive')}</Badge>
              )}
              {p.buffered && <Badge tone="blue">{t('products.buffered')}</Badge>}
            </span>
          </Detail>
          {p.description && (
            <div className="col-span-2 sm:col-span-3">
              <Detail label={t('products.description')}>{p.description}</Detail>
            </div>
          )}
        </dl>
      </Card>
      {inventory && (
        <Card title={t('availability.title')}>
          <AvailabilityPanel productId={id} />
        </Card>
      )}
      {inventory && <StockAndLedger productId={id} />}
      <ProductForecastLinks productId={id} sku={p.sku} />
      <ProductBom productId={id} />
      <ProductDialog open={editing} product={p} onClose={() => setEditing(false)} />
    </div>
  );
};
