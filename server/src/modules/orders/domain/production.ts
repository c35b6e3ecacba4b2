import { trimDecimal } from '../../../platform/decimal.ts';

/** One component of a production order's bill of materials, as snapshotted at creation. */
export type BomLine = { component_id: string; quantity: string; scrap_pct: string };

export type Requirement = { product_id: string; per_unit: string; scrap_pct: string; required: number };
export type Shortage = Requirement & { available: number; short: number };

/** Quantities are numeric(…, 6) in SQL: keep six decimals so float noise never reaches the ledger. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A quantity as the decimal text the ledger takes ("2.5", never "2.5000001" or "1e-7"). */
export const decimal = (v: number) => trimDecimal(round6(v).toFixed(6));

/**
 * What making `quantity` of the product consumes of each component: per unit × quantity,
 * grossed up by the line's scrap percentage (seed 000 §3.3: 5% scrap needs 1.05 per unit).
 */
export const requirements = (bom: BomLine[], quantity: number): Requirement[] =>
  bom.map((l) => ({
    product_id: l.component_id,
    per_unit: l.quantity,
    scrap_pct: l.scrap_pct,
    required: round6(quantity * Number(l.quantity) * (1 + Number(l.scrap_pct) / 100)),
  }));

/** Each requirement against the free stock of its component (missing: none free). */
export const shortages = (reqs: Requirement[], free: ReadonlyMap<string, number>): Shortage[] =>
  reqs.map((r) => {
    const available = free.get(r.product_id) ?? 0;
    return { ...r, available, short: round6(Math.max(0, r.required - Math.max(0, available))) };
  });

/** The components actually short. */
export const shortOnly = (list: Shortage[]) => list.filter((s) => s.short > 0);

/**
 * Whether a line's received total after a completion stays within its ordered quantity plus
 * the receipt tolerance (the purchase receipts' rule: up to ordered × (1 + tolerance%)).
 */
export const withinTolerance = (receivedAfter: number, ordered: number, tolerancePct: number) =>
  round6(receivedAfter) <= round6(ordered * (1 + tolerancePct / 100));
