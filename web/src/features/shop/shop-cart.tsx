import { useCallback, useEffect, useState } from 'react';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { CatalogItem } from './shop-data.tsx';

export type CartLine = {
  product_id: string;
  title: string;
  price_minor: number;
  currency: string;
  /** Free stock when last seen: the most the buyer may put in the cart. */
  available: number;
  quantity: number;
};

/** Whole units only, and never more than the store has free. */
const bound = (quantity: number, available: number) =>
  Math.max(0, Math.min(Math.floor(quantity), Math.floor(available)));

/**
 * The buyer's cart at one store of one shop, kept in the tab's session storage so a reload or
 * the way back from the order page keeps it.
 */
export const useCart = (slug: string, store: string) => {
  const storageKey = `flujo.cart.${slug}.${store}`;
  const read = useCallback((): CartLine[] => {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) ?? '[]') as CartLine[];
    } catch {
      return [];
    }
  }, [storageKey]);
  const [lines, setLines] = useState<CartLine[]>(read);
  useEffect(() => setLines(read()), [read]);
  const save = (next: CartLine[]) => {
    const kept = next.filter((l) => l.quantity > 0);
    sessionStorage.setItem(storageKey, JSON.stringify(kept));
    setLines(kept);
  };
  const quantityOf = (productId: string) => lines.find((l) => l.product_id === productId)?.quantity ?? 0;
  return {
    lines,
    quantityOf,
    add: (item: CatalogItem) => {
      const available = Number(item.available);
      const found = lines.find((l) => l.product_id === item.product_id);
      if (found)
        save(
          lines.map((l) =>
            l === found ? { ...l, available, quantity: bound(l.quantity + 1, available) } : l,
          ),
        );
      else
        save([
          ...lines,
          {
            product_id: item.product_id,
            title: item.title,
            price_minor: item.price_minor,
            currency: item.currency,
            available,
            quantity: bound(1, available),
          },
        ]);
    },
    set: (productId: string, quantity: number) =>
      save(
        lines.map((l) => (l.product_id === productId ? { ...l, quantity: bound(quantity, l.available) } : l)),
      ),
    /** Newer stock figures from the catalog lower the bound (and a quantity above it). */
    refresh: (items: CatalogItem[]) => {
      let changed = false;
      const next = lines.map((l) => {
        const seen = items.find((i) => i.product_id === l.product_id);
        if (!seen || Number(seen.available) === l.available) return l;
        changed = true;
        const available = Number(seen.available);
        return { ...l, available, quantity: bound(l.quantity, available) };
      });
      if (changed) save(next);
    },
    /** The server said only `available` is left: the line shrinks to it (or leaves the cart at 0). */
    cap: (productId: string, available: number) =>
      save(
        lines.map((l) =>
          l.product_id === productId ? { ...l, available, quantity: bound(l.quantity, available) } : l,
        ),
      ),
    clear: () => save([]),
  };
};
export type Cart = ReturnType<typeof useCart>;

export const cartTotal = (lines: CartLine[]) => lines.reduce((s, l) => s + l.price_minor * l.quantity, 0);

/** The cart: each line with a quantity stepper bounded by the stock, and the total. */
export const CartPanel = ({ cart }: { cart: Cart }) => {
  const t = useT();
  const f = useFormat();
  if (cart.lines.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="cart-empty">
        {t('sales.shop.cart_empty')}
      </p>
    );
  const currency = cart.lines[0]?.currency ?? 'EUR';
  const stepper =
    'flex size-8 items-center justify-center rounded-md border border-slate-300 bg-white text-base disabled:opacity-40';
  return (
    <div className="flex flex-col gap-3" data-testid="cart">
      <ul className="flex flex-col divide-y divide-slate-100">
        {cart.lines.map((l) => (
          <li
            key={l.product_id}
            className="flex flex-col gap-2 py-2"
            data-testid={`cart-line-${l.product_id}`}
          >
            <div className="flex items-start justify-between gap-2 text-sm">
              <span className="font-medium">{l.title}</span>
              <span className="tabular-nums">{f.minor(l.price_minor * l.quantity, l.currency)}</span>
            </div>
            <div className="flex items-center gap-2">
              <button
                type="button"
                className={stepper}
                aria-label={t('sales.shop.less', { title: l.title })}
                onClick={() => cart.set(l.product_id, l.quantity - 1)}
              >
                −
              </button>
              <input
                aria-label={t('sales.quantity')}
                data-testid="cart-quantity"
                inputMode="numeric"
                value={l.quantity}
                onChange={(e) => {
                  const n = Number(e.target.value.replace(/\D/g, ''));
                  cart.set(l.product_id, Number.isFinite(n) && n > 0 ? n : 1);
                }}
                className="w-14 rounded-md border border-slate-300 px-2 py-1 text-center text-sm tabular-nums"
              />
              <button
                type="button"
                className={stepper}
                aria-label={t('sales.shop.more', { title: l.title })}
                disabled={l.quantity >= Math.floor(l.available)}
                onClick={() => cart.set(l.product_id, l.quantity + 1)}
              >
                +
              </button>
              <span className="text-xs text-slate-500">
                {t('sales.shop.each', { price: f.minor(l.price_minor, l.currency) })}
              </span>
              <button
                type="button"
                className="ml-auto text-xs font-medium text-red-700 hover:underline"
                onClick={() => cart.set(l.product_id, 0)}
              >
                {t('common.remove')}
              </button>
            </div>
            {l.quantity >= Math.floor(l.available) && (
              <p className="text-xs text-amber-700">
                {t('sales.shop.max_reached', { n: Math.floor(l.available) })}
              </p>
            )}
          </li>
        ))}
      </ul>
      <div className="flex items-center justify-between border-t border-slate-200 pt-3 font-medium">
        <span>{t('sales.total')}</span>
        <span className="tabular-nums" data-testid="cart-total">
          {f.minor(cartTotal(cart.lines), currency)}
        </span>
      </div>
    </div>
  );
};
