import type { RequestContext } from '../../platform/domain/context.ts';
import { offsetOf, type PageQuery, pageOf } from '../../platform/http/pagination.ts';
import type { Platform } from '../../platform/platform.ts';
import {
  type CustomerFields,
  type CustomerFilter,
  codeTaken,
  findCustomer,
  insertCustomer,
  listCustomers,
  toCustomer,
  updateCustomer,
} from './customers.repo.ts';
import { normaliseTaxId } from './domain/customers.ts';

/** Blank optional text means "none": an empty code or tax id must not collide or be kept. */
const tidy = <T extends CustomerFields>(f: T): T => {
  const blank = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() ? v.trim() : null);
  return {
    ...f,
    ...(f.code !== undefined ? { code: blank(f.code) } : {}),
    ...(f.email !== undefined ? { email: blank(f.email) } : {}),
    ...(f.phone !== undefined ? { phone: blank(f.phone) } : {}),
    ...(f.tax_id !== undefined ? { tax_id: f.tax_id?.trim() ? normaliseTaxId(f.tax_id) : null } : {}),
  };
};

/** The customer master (tenant-wide: a Seller sells to the same customers as every store). */
export const createCustomersService = (p: Platform) => ({
  list: (ctx: RequestContext, q: PageQuery & CustomerFilter) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      const { rows, total } = await listCustomers(tx, ctx.tenantId, q, {
        limit: q.limit,
        offset: offsetOf(q),
      });
      return pageOf(rows, total, q);
    }),

  get: (ctx: RequestContext, id: string) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => toCustomer(await findCustomer(tx, ctx.tenantId, id))),

  create: (ctx: RequestContext, input: CustomerFields & { name: string }) =>
    p.uow
      .forTenant(ctx.tenantId, (tx, emit) => insertCustomer(tx, ctx.tenantId, emit, tidy(input)))
      .catch(codeTaken),

  update: (ctx: RequestContext, id: string, input: CustomerFields) =>
    p.uow
      .forTenant(ctx.tenantId, (tx, emit) => updateCustomer(tx, ctx.tenantId, emit, id, tidy(input)))
      .catch(codeTaken),
});
export type CustomersService = ReturnType<typeof createCustomersService>;
