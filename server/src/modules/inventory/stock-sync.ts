import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestContext } from '../../platform/domain/context.ts';
import type { Emit } from '../../platform/events/unit-of-work.ts';
import { byItem, lockItem, postMovement } from './ledger.ts';
import { stockBalances } from './schema.ts';

/** What a stock file or an ERP says one item holds. */
export type OnHandTarget = {
  productId: string;
  locationId: string;
  locationCode: string;
  /** Decimal text, zero or more. */
  onHand: string;
  /** Low-stock minimum and maximum; undefined keeps what Flujo has. */
  min?: string | null | undefined;
  max?: string | null | undefined;
};

/**
 * Brings on hand to what an outside source counted, as a physical count would: one
 * `count_correction` per item that differs, so every balance still equals its ledger. Items are
 * locked in the one global order. An item whose count is below what is reserved is refused
 * (its index is returned), not written: release the holds first, as with a count.
 */
export const setOnHand = async (
  tx: Tx,
  ctx: RequestContext,
  emit: Emit,
  targets: OnHandTarget[],
  reference: { type: string; id: string; reason: string },
) => {
  const refused: number[] = [];
  let corrected = 0;
  const order = targets.map((t, i) => ({ t, i })).sort((a, b) => byItem(a.t, b.t));
  for (const { t, i } of order) {
    await lockItem(tx, ctx.tenantId, t);
    const where = and(
      eq(stockBalances.tenantId, ctx.tenantId),
      eq(stockBalances.productId, t.productId),
      eq(stockBalances.locationId, t.locationId),
    );
    const [b] = await tx
      .select({
        diff: sql<string>`(${t.onHand}::numeric - ${stockBalances.onHand})::text`,
        fits: sql<boolean>`${t.onHand}::numeric >= ${stockBalances.reserved}`,
      })
      .from(stockBalances)
      .where(where);
    if (!b?.fits) {
      refused.push(i);
      continue;
    }
    if (Number(b.diff) !== 0) {
      corrected++;
      await postMovement(
        tx,
        ctx,
        {
          productId: t.productId,
          locationId: t.locationId,
          locationCode: t.locationCode,
          allowNegative: false,
          quantity: b.diff,
          kind: 'count_correction',
          reason: reference.reason,
          reference: { type: reference.type, id: reference.id },
          locked: true,
        },
        emit,
      );
    }
    if (t.min !== undefined || t.max !== undefined)
      await tx
        .update(stockBalances)
        .set({
          ...(t.min !== undefined ? { minQty: t.min } : {}),
          ...(t.max !== undefined ? { maxQty: t.max } : {}),
        })
        .where(where);
  }
  return { corrected, refused };
};
