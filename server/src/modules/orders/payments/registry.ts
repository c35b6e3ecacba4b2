import { type Config, PAYMENT_CREDENTIALS } from '../../../platform/config/config.ts';
import { PAYMENT_PROVIDERS, type PaymentProvider } from '../schema.ts';
import type { PaymentGateway } from './gateway.ts';
import { createMercadoPagoGateway } from './mercadopago.ts';
import { createNequiGateway } from './nequi.ts';
import { createPayUGateway } from './payu.ts';
import type { ProviderHttp } from './provider-http.ts';

export type Gateways = {
  /** The provider's gateway, or null when it is not configured. */
  get: (provider: PaymentProvider) => PaymentGateway | null;
  /** What customer orders use unless the request picks another configured provider. */
  default: PaymentProvider;
  configured: PaymentProvider[];
};

type PaymentConfig = Pick<
  Config,
  | 'PAYMENT_PROVIDER'
  | 'MERCADOPAGO_ACCESS_TOKEN'
  | 'MERCADOPAGO_WEBHOOK_SECRET'
  | 'MERCADOPAGO_API_URL'
  | 'PAYU_API_KEY'
  | 'PAYU_API_LOGIN'
  | 'PAYU_MERCHANT_ID'
  | 'PAYU_ACCOUNT_ID'
  | 'PAYU_CHECKOUT_URL'
  | 'PAYU_API_URL'
  | 'NEQUI_API_URL'
  | 'NEQUI_API_KEY'
  | 'NEQUI_WEBHOOK_SECRET'
>;

/** Builds the gateway of every provider whose credentials are set; the sandbox always. */
export const createGateways = (
  c: PaymentConfig,
  sandbox: PaymentGateway,
  http: ProviderHttp = {},
): Gateways => {
  const has = (p: PaymentProvider) => PAYMENT_CREDENTIALS[p].every((name) => Boolean(c[name]));
  const build = (p: PaymentProvider): PaymentGateway | null => {
    if (!has(p)) return null;
    switch (p) {
      case 'sandbox':
        return sandbox;
      case 'mercadopago':
        return createMercadoPagoGateway({
          ...http,
          accessToken: c.MERCADOPAGO_ACCESS_TOKEN!,
          webhookSecret: c.MERCADOPAGO_WEBHOOK_SECRET!,
          apiUrl: c.MERCADOPAGO_API_URL,
        });
      case 'payu':
        return createPayUGateway({
          ...http,
          apiKey: c.PAYU_API_KEY!,
          apiLogin: c.PAYU_API_LOGIN!,
          merchantId: c.PAYU_MERCHANT_ID!,
          accountId: c.PAYU_ACCOUNT_ID!,
          checkoutUrl: c.PAYU_CHECKOUT_URL,
          apiUrl: c.PAYU_API_URL,
        });
      case 'nequi':
        return createNequiGateway({
          ...http,
          apiUrl: c.NEQUI_API_URL!,
          apiKey: c.NEQUI_API_KEY!,
          webhookSecret: c.NEQUI_WEBHOOK_SECRET!,
        });
      default: {
        const never: never = p;
        throw new Error(`unknown payment provider ${String(never)}`);
      }
    }
  };
  const gateways = new Map<PaymentProvider, PaymentGateway>();
  for (const p of PAYMENT_PROVIDERS) {
    const g = build(p);
    if (g) gateways.set(p, g);
  }
  // loadConfig refuses a default provider without credentials; a hand-built config falls back.
  const fallback = gateways.has(c.PAYMENT_PROVIDER) ? c.PAYMENT_PROVIDER : 'sandbox';
  return { get: (p) => gateways.get(p) ?? null, default: fallback, configured: [...gateways.keys()] };
};
