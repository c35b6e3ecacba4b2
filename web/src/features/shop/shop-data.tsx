import { keepPreviousData, useQuery } from '@tanstack/react-query';
import createClient from 'openapi-fetch';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { newKey } from '../../api/mutation.ts';
import type { Json } from '../../api/queries.ts';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n/i18n.tsx';
import { LanguageSwitch } from '../../layout/language-switch.tsx';

/**
 * The storefront's own client: buyers are anonymous, so no token is sent and a 401 or 404 never
 * ends anyone's session or sends them to the sign-in page (the app's client does both).
 */
export const shopApi = createClient<paths>({ baseUrl: window.location.origin });

export type ShopInfo = Json<'/api/v1/shop/{slug}', 'get'>;
export type CatalogItem = Json<'/api/v1/shop/{slug}/catalog', 'get'>['data'][number];
export type PublicOrder = Json<'/api/v1/shop/{slug}/orders/{id}', 'get'>;

export const useShop = (slug: string) =>
  useQuery({
    queryKey: keys.shop.info(slug),
    queryFn: () => unwrap(shopApi.GET('/api/v1/shop/{slug}', { params: { path: { slug } } })),
    staleTime: 60_000,
  });

export const useCatalog = (slug: string, q: string, store: string, page: number, limit: number) =>
  useQuery({
    queryKey: keys.shop.catalogPage(slug, { q, store, page }),
    placeholderData: keepPreviousData,
    enabled: store !== '',
    queryFn: () =>
      unwrap(
        shopApi.GET('/api/v1/shop/{slug}/catalog', {
          params: { path: { slug }, query: { page, limit, store_id: store, ...(q ? { q } : {}) } },
        }),
      ),
  });

/** A fresh key for one checkout attempt (the app's own, which works outside a secure context). */
export const newAttemptKey = newKey;

/** The storefront's frame: the shop's name, the language switch, and the page; no app chrome. */
export const ShopShell = ({ name, children }: { name?: string | undefined; children: ReactNode }) => {
  const t = useT();
  return (
    <div className="min-h-screen bg-slate-50" data-testid="shop-shell">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
          <div className="flex min-w-0 items-center gap-2">
            <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-brand-700 font-bold text-white">
              {(name ?? 'F').slice(0, 1)}
            </span>
            <div className="min-w-0">
              <p className="truncate font-semibold leading-tight" data-testid="shop-name">
                {name ?? ''}
              </p>
              <p className="text-xs text-slate-500">{t('sales.shop.tagline')}</p>
            </div>
          </div>
          <LanguageSwitch />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
};
