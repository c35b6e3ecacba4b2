import { z } from 'zod';
import { REQUIRED_FIELDS, REST_FIELDS } from './rest.settings.ts';

const Param = z.string().regex(/^[A-Za-z0-9_.[\]-]{1,60}$/, 'a query parameter name');
const Path = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s]+$/, 'no spaces');
const Dotted = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dotted path such as data.items');

const resource = <K extends keyof typeof REST_FIELDS>(kind: K) =>
  z
    .object({
      path: Path,
      records_path: Dotted,
      since_param: Param.optional(),
      fields: z.partialRecord(z.enum(REST_FIELDS[kind] as unknown as [string, ...string[]]), Dotted),
    })
    .refine((r) => REQUIRED_FIELDS[kind].every((f) => (r.fields as Record<string, string | undefined>)[f]), {
      message: `fields must map ${REQUIRED_FIELDS[kind].join(', ')}`,
      path: ['fields'],
    });

/** The REST connector's settings as a client sends them; the secret is the connection's `password`. */
export const RestSettingsIn = z.object({
  base_url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .describe('the API root, version included: https://erp.example.com/api/v1'),
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('none') }),
    z.object({
      type: z.literal('api_key'),
      header: z.string().regex(/^[A-Za-z0-9-]{1,60}$/, 'a header name'),
    }),
    z.object({ type: z.literal('bearer') }),
    z.object({ type: z.literal('basic'), username: z.string().min(1).max(200) }),
    z.object({
      type: z.literal('oauth2'),
      token_url: z.url({ protocol: /^https?$/ }).max(500),
      client_id: z.string().min(1).max(200),
      scope: z.string().max(500).optional(),
    }),
  ]),
  pagination: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('page'),
      page_param: Param,
      size_param: Param,
      first_page: z.number().int().min(0).max(1).default(1),
    }),
    z.object({ type: z.literal('offset'), offset_param: Param, limit_param: Param }),
    z.object({
      type: z.literal('cursor'),
      cursor_param: Param,
      next_path: Dotted,
      size_param: Param.optional(),
    }),
    z.object({ type: z.literal('next_link'), next_path: Dotted }),
  ]),
  resources: z
    .object({
      products: resource('products').optional(),
      stock: resource('stock').optional(),
      sales: resource('sales').optional(),
      customers: resource('customers').optional(),
    })
    .refine((r) => Object.values(r).some(Boolean), { message: 'configure at least one resource' }),
  lookback_minutes: z.number().int().min(0).max(10_080).default(10),
});
