import { eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Platform } from '../../platform/platform.ts';
import { orderSettings } from './schema.ts';
import { type OrderSettings, settingsOf } from './supply.repo.ts';

export type SettingsInput = {
  currency?: string | undefined;
  approval_threshold_minor?: number | undefined;
  receipt_tolerance_pct?: number | undefined;
  checkout_hold_minutes?: number | undefined;
  payment_timeout_minutes?: number | undefined;
  auto_reorder?: boolean | undefined;
};

const view = (s: OrderSettings) => ({
  currency: s.currency,
  approval_threshold_minor: s.approvalThresholdMinor,
  receipt_tolerance_pct: Number(s.receiptTolerancePct),
  checkout_hold_minutes: s.checkoutHoldMinutes,
  payment_timeout_minutes: s.paymentTimeoutMinutes,
  auto_reorder: s.autoReorder,
  updated_at: new Date(s.updatedAt).toISOString(),
});

/** The tenant's order rules (one row, created with the defaults on first read). */
export const createSettingsService = (p: Platform) => ({
  get: (ctx: RequestContext) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => view(await settingsOf(tx, ctx.tenantId))),

  /** Changes only the fields sent. */
  update: (ctx: RequestContext, input: SettingsInput) =>
    p.uow.forTenant(ctx.tenantId, async (tx) => {
      await settingsOf(tx, ctx.tenantId);
      const [s] = await tx
        .update(orderSettings)
        .set({
          ...(input.currency !== undefined ? { currency: input.currency } : {}),
          ...(input.approval_threshold_minor !== undefined
            ? { approvalThresholdMinor: input.approval_threshold_minor }
            : {}),
          ...(input.receipt_tolerance_pct !== undefined
            ? { receiptTolerancePct: String(input.receipt_tolerance_pct) }
            : {}),
          ...(input.checkout_hold_minutes !== undefined
            ? { checkoutHoldMinutes: input.checkout_hold_minutes }
            : {}),
          ...(input.payment_timeout_minutes !== undefined
            ? { paymentTimeoutMinutes: input.payment_timeout_minutes }
            : {}),
          ...(input.auto_reorder !== undefined ? { autoReorder: input.auto_reorder } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(orderSettings.tenantId, ctx.tenantId))
        .returning();
      if (!s) throw new Error('order settings update returned nothing');
      return view(s);
    }),
});

export type SettingsService = ReturnType<typeof createSettingsService>;
