import { useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { ApiError, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { TextField, useZodForm } from '../../components/fields.tsx';
import { primaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { type Translate, useT } from '../../i18n/i18n.tsx';
import { type Cart, cartTotal } from './shop-cart.tsx';
import { newAttemptKey, type PublicOrder, shopApi } from './shop-data.tsx';

/** The sandbox's test cards (orders/payments/sandbox.ts), offered as one-tap hints. */
const TEST_CARDS = [
  { number: '4242 4242 4242 4242', label: 'sales.shop.card_approved' },
  { number: '4000 0000 0000 0002', label: 'sales.shop.card_declined' },
  { number: '4000 0000 0000 3220', label: 'sales.shop.card_3ds' },
] as const;

const CheckoutForm = z.object({
  name: z.string().trim().min(1, { message: 'validation.required' }).max(200),
  email: z.email({ message: 'validation.email' }).max(254),
  card_number: z
    .string()
    .trim()
    .refine((v) => /^\d{12,19}$/.test(v.replace(/[\s-]/g, '')), { message: 'sales.shop.card_invalid' }),
});

type CheckoutBody =
  paths['/api/v1/shop/{slug}/checkout']['post']['requestBody']['content']['application/json'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What the buyer is told when the checkout is refused: not enough stock names the product and
 * what is left; a product no longer on sale names it too; anything else is the server's problem.
 */
const refusal = (err: unknown, cart: Cart, t: Translate): string | undefined => {
  if (!(err instanceof ApiError)) return undefined;
  const p = err.problem as ApiError['problem'] & { product_id?: string; available?: string };
  const lines = cart.lines;
  if (p.code === 'inventory.insufficient_stock') {
    const line = lines.find((l) => l.product_id === p.product_id);
    if (!line) return t('sales.shop.insufficient_any');
    const left = Math.max(0, Math.floor(Number(p.available ?? 0)));
    // The cart follows the store's stock, so the next attempt asks only for what is there.
    cart.cap(line.product_id, left);
    return left > 0
      ? t('sales.shop.insufficient', { title: line.title, n: left })
      : t('sales.shop.sold_out_now', { title: line.title });
  }
  const field = p.errors?.find((e) => /^lines\.\d+\.product_id$|^lines\[\d+\]\.product_id$/.test(e.field));
  if (field) {
    const i = Number(/\d+/.exec(field.field)?.[0]);
    const line = lines[i];
    if (line) return t('sales.shop.not_listed', { title: line.title });
  }
  return undefined;
};

/**
 * The checkout: buyer, card, and one Idempotency-Key per attempt, so a double click or a retry
 * after a lost answer cannot order twice. A refusal makes the next attempt a new one.
 */
export const Checkout = ({
  slug,
  store,
  cart,
  onPlaced,
}: {
  slug: string;
  store: string;
  cart: Cart;
  onPlaced: (o: PublicOrder) => void;
}) => {
  const t = useT();
  const f = useFormat();
  const formId = useId();
  const key = useRef(newAttemptKey());
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const [card, setCard] = useState('');
  // Another cart is another order: it gets its own key.
  const content = JSON.stringify(cart.lines.map((l) => [l.product_id, l.quantity]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key follows the cart's content
  useEffect(() => {
    key.current = newAttemptKey();
  }, [content, store]);

  const place = async (body: CheckoutBody) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await unwrap(
          shopApi.POST('/api/v1/shop/{slug}/checkout', {
            params: { path: { slug } },
            headers: { 'Idempotency-Key': key.current },
            body,
          }),
        );
      } catch (err) {
        // The first request with this key is still running: its answer is ours, shortly.
        if (
          err instanceof ApiError &&
          err.problem.code === 'platform.idempotency_in_progress' &&
          attempt < 10
        ) {
          await sleep(500);
          continue;
        }
        throw err;
      }
    }
  };

  const form = useZodForm(CheckoutForm, async (v) => {
    if (sending.current || cart.lines.length === 0) return;
    sending.current = true;
    setBusy(true);
    setFailure(undefined);
    setMessage(undefined);
    try {
      const order = await place({
        store_id: store,
        lines: cart.lines.map((l) => ({ product_id: l.product_id, quantity: String(l.quantity) })),
        customer: { name: v.name, email: v.email },
        payment: { method: 'card', card_number: v.card_number.replace(/[\s-]/g, '') },
      });
      onPlaced(order);
    } catch (err) {
      key.current = newAttemptKey();
      if (err instanceof ApiError) form.setServerErrors(err.problem.errors);
      const text = refusal(err, cart, t);
      if (text) setMessage(text);
      else setFailure(err);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  });

  return (
    <form
      id={formId}
      noValidate
      onSubmit={form.onSubmit}
      className="flex flex-col gap-3"
      data-testid="checkout-form"
    >
      <h3 className="font-medium">{t('sales.shop.checkout')}</h3>
      {message && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
          data-testid="checkout-refused"
        >
          {message}
        </p>
      )}
      <ProblemAlert error={failure} />
      <TextField
        label={t('sales.shop.name')}
        name="name"
        autoComplete="name"
        error={form.errors.name ?? form.errors['customer.name']}
        data-testid="checkout-name"
      />
      <TextField
        label={t('sales.shop.email')}
        name="email"
        type="email"
        autoComplete="email"
        error={form.errors.email ?? form.errors['customer.email']}
        data-testid="checkout-email"
      />
      <TextField
        label={t('sales.shop.card_number')}
        name="card_number"
        inputMode="numeric"
        autoComplete="cc-number"
        value={card}
        onChange={(e) => setCard(e.target.value)}
        error={form.errors.card_number ?? form.errors['payment.card_number']}
        data-testid="checkout-card"
      />
      <div className="flex flex-col gap-1 rounded-lg bg-slate-50 p-2 text-xs text-slate-600">
        <span>{t('sales.shop.test_cards')}</span>
        {TEST_CARDS.map((c) => (
          <button
            key={c.number}
            type="button"
            onClick={() => setCard(c.number)}
            className="flex flex-wrap items-center gap-x-2 text-left hover:text-brand-700"
            data-testid="test-card"
          >
            <span className="font-mono">{c.number}</span>
            <span className="text-slate-500">{t(c.label)}</span>
          </button>
        ))}
      </div>
      <button
        type="submit"
        disabled={busy || cart.lines.length === 0}
        className={`${primaryButton} w-full`}
        data-testid="checkout-submit"
      >
        {busy
          ? t('sales.shop.paying')
          : t('sales.shop.pay', { amount: f.minor(cartTotal(cart.lines), cart.lines[0]?.currency ?? 'EUR') })}
      </button>
    </form>
  );
};
