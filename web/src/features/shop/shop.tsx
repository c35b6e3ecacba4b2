import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ApiError } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useListSearch, useSearchBox } from '../../components/list-page.tsx';
import { inputClass, secondaryButton } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { type Cart, CartPanel, cartTotal, useCart } from './shop-cart.tsx';
import { Checkout } from './shop-checkout.tsx';
import { type CatalogItem, ShopShell, useCatalog, useShop } from './shop-data.tsx';

const LIMIT = 24;

const ProductCard = ({ item, cart }: { item: CatalogItem; cart: Cart }) => {
  const t = useT();
  const f = useFormat();
  const inCart = cart.quantityOf(item.product_id);
  const available = Math.floor(Number(item.available));
  const full = inCart >= available;
  return (
    <article
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4"
      data-testid={`shop-card-${item.product_id}`}
    >
      <h3 className="font-medium leading-snug" data-testid="shop-item-title">
        {item.title}
      </h3>
      {item.description && <p className="line-clamp-2 text-sm text-slate-500">{item.description}</p>}
      <div className="mt-auto flex items-end justify-between gap-2 pt-2">
        <span className="text-lg font-semibold tabular-nums" data-testid="shop-item-price">
          {f.minor(item.price_minor, item.currency)}
        </span>
        {item.in_stock ? (
          <span
            className="text-xs text-emerald-700"
            data-testid="shop-item-available"
            data-value={item.available}
          >
            {t('sales.shop.available', { n: f.qty(available) })}
          </span>
        ) : (
          <span
            className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800"
            data-testid="shop-item-available"
            data-value={item.available}
          >
            {t('sales.sold_out')}
          </span>
        )}
      </div>
      <button
        type="button"
        disabled={!item.in_stock || full}
        onClick={() => cart.add(item)}
        className={`${secondaryButton} w-full py-2`}
        data-testid="shop-add"
      >
        {inCart > 0 ? t('sales.shop.in_cart', { n: inCart }) : t('sales.shop.add')}
      </button>
    </article>
  );
};

/** A tenant's public online store: search, store, product cards, cart and checkout. */
export const ShopPage = ({ slug }: { slug: string }) => {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const shop = useShop(slug);
  // Search, store and page are in the address: a buyer can share or bookmark what they see.
  const list = useListSearch({ q: '', store: '' });
  const searchBox = useSearchBox(list.filters.q, (v) => list.setFilter('q', v));
  const page = list.page;
  const store = list.filters.store || shop.data?.stores[0]?.store_id || '';
  const catalog = useCatalog(slug, list.filters.q, store, page, LIMIT);
  const cart = useCart(slug, store);
  const items = catalog.data?.data;
  const refresh = cart.refresh;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only new catalog figures matter
  useEffect(() => {
    if (items) refresh(items);
  }, [items]);

  if (shop.error) {
    const missing = shop.error instanceof ApiError && shop.error.problem.status === 404;
    return (
      <ShopShell>
        {missing ? (
          <EmptyState title={t('sales.shop.not_found')} body={t('sales.shop.not_found_body')} />
        ) : (
          <ErrorState error={shop.error} onRetry={() => void shop.refetch()} />
        )}
      </ShopShell>
    );
  }
  if (!shop.data) return <ShopShell>{<LoadingState />}</ShopShell>;
  const pages = Math.max(1, Math.ceil((catalog.data?.pagination.total ?? 0) / LIMIT));
  const count = cart.lines.reduce((s, l) => s + l.quantity, 0);
  return (
    <ShopShell name={shop.data.name}>
      <div className="flex flex-col gap-4 pb-20 lg:pb-0" data-testid="shop-page">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <input
            type="search"
            aria-label={t('sales.shop.search')}
            placeholder={t('sales.shop.search')}
            {...searchBox}
            className={`${inputClass} w-full sm:max-w-md`}
            data-testid="shop-search"
          />
          {shop.data.stores.length > 0 && (
            <select
              aria-label={t('sales.store')}
              value={store}
              onChange={(e) => list.setFilter('store', e.target.value)}
              className={inputClass}
              data-testid="shop-store"
            >
              {shop.data.stores.map((s) => (
                <option key={s.store_id} value={s.store_id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="grid gap-6 lg:grid-cols-3">
          <section className="flex flex-col gap-4 lg:col-span-2" aria-label={t('sales.shop.products')}>
            {shop.data.stores.length === 0 ? (
              <EmptyState title={t('sales.shop.closed')} />
            ) : catalog.error ? (
              <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
            ) : !items ? (
              <LoadingState />
            ) : items.length === 0 ? (
              <EmptyState title={t('sales.shop.no_results')} />
            ) : (
              <div
                className={`grid gap-3 sm:grid-cols-2 xl:grid-cols-3 ${catalog.isPlaceholderData ? 'opacity-60' : ''}`}
                data-testid="shop-catalog"
              >
                {items.map((item) => (
                  <ProductCard key={item.id} item={item} cart={cart} />
                ))}
              </div>
            )}
            {pages > 1 && (
              <div className="flex items-center justify-center gap-3 text-sm">
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={page <= 1}
                  onClick={() => list.setPage(page - 1)}
                >
                  {t('table.previous')}
                </button>
                <span>{t('table.page', { page, pages })}</span>
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={page >= pages}
                  onClick={() => list.setPage(page + 1)}
                >
                  {t('table.next')}
                </button>
              </div>
            )}
          </section>
          <aside
            id="cart"
            className="flex h-fit flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4 lg:sticky lg:top-20"
          >
            <h2 className="font-semibold">{t('sales.shop.cart')}</h2>
            <CartPanel cart={cart} />
            {cart.lines.length > 0 && (
              <Checkout
                slug={slug}
                store={store}
                cart={cart}
                onPlaced={(o) => {
                  cart.clear();
                  void qc.invalidateQueries({ queryKey: keys.shop.catalog(slug) });
                  void navigate({
                    to: '/shop/$slug/orders/$id',
                    params: { slug, id: o.id },
                    search: { token: o.order_token },
                  });
                }}
              />
            )}
          </aside>
        </div>
      </div>
      {count > 0 && (
        <a
          href="#cart"
          className="fixed inset-x-4 bottom-4 z-20 flex items-center justify-between rounded-xl bg-brand-700 px-4 py-3 font-medium text-white shadow-lg lg:hidden"
          data-testid="cart-bar"
        >
          <span>{t('sales.shop.cart_count', { n: count })}</span>
          <span className="tabular-nums">
            {f.minor(cartTotal(cart.lines), cart.lines[0]?.currency ?? 'EUR')}
          </span>
        </a>
      )}
    </ShopShell>
  );
};
