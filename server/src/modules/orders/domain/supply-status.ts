import type { SupplyKind, SupplyStatus } from '../schema.ts';

/**
 * Where a supply order may go from each status, per kind (seed 000 §3.3). Receipts move orders
 * to PARTIALLY_RECEIVED / RECEIVED; the DELAYED job moves open orders past their promised date.
 */
const PURCHASE: Record<SupplyStatus, SupplyStatus[]> = {
  DRAFT: ['PENDING_APPROVAL', 'OPEN', 'CANCELLED'],
  PENDING_APPROVAL: ['OPEN', 'DRAFT', 'CANCELLED'],
  OPEN: ['IN_TRANSIT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'DELAYED', 'CANCELLED'],
  IN_TRANSIT: ['PARTIALLY_RECEIVED', 'RECEIVED', 'DELAYED', 'CANCELLED'],
  PARTIALLY_RECEIVED: ['RECEIVED', 'DELAYED', 'CANCELLED'],
  DELAYED: ['IN_TRANSIT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
  IN_PROGRESS: [],
  RECEIVED: [],
  CANCELLED: [],
};

/** Production: released (OPEN), started (IN_PROGRESS, components issued), completed (RECEIVED). */
const PRODUCTION: Record<SupplyStatus, SupplyStatus[]> = {
  DRAFT: ['PENDING_APPROVAL', 'OPEN', 'CANCELLED'],
  PENDING_APPROVAL: ['OPEN', 'DRAFT', 'CANCELLED'],
  OPEN: ['IN_PROGRESS', 'PARTIALLY_RECEIVED', 'RECEIVED', 'DELAYED', 'CANCELLED'],
  IN_PROGRESS: ['PARTIALLY_RECEIVED', 'RECEIVED', 'DELAYED', 'CANCELLED'],
  PARTIALLY_RECEIVED: ['RECEIVED', 'DELAYED', 'CANCELLED'],
  DELAYED: ['IN_PROGRESS', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
  IN_TRANSIT: [],
  RECEIVED: [],
  CANCELLED: [],
};

/** Transfers: shipped stock is in transit (inventory's in-transit location) until received. */
const TRANSFER: Record<SupplyStatus, SupplyStatus[]> = {
  DRAFT: ['OPEN', 'CANCELLED'],
  PENDING_APPROVAL: [],
  OPEN: ['IN_TRANSIT', 'DELAYED', 'CANCELLED'],
  IN_TRANSIT: ['PARTIALLY_RECEIVED', 'RECEIVED', 'DELAYED'],
  PARTIALLY_RECEIVED: ['RECEIVED', 'DELAYED'],
  DELAYED: ['IN_TRANSIT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
  IN_PROGRESS: [],
  RECEIVED: [],
  CANCELLED: [],
};

const BY_KIND: Record<SupplyKind, Record<SupplyStatus, SupplyStatus[]>> = {
  purchase: PURCHASE,
  production: PRODUCTION,
  transfer: TRANSFER,
};

export const canMove = (kind: SupplyKind, from: SupplyStatus, to: SupplyStatus) =>
  BY_KIND[kind][from].includes(to);

export const nextStatuses = (kind: SupplyKind, from: SupplyStatus) => BY_KIND[kind][from];

/** Statuses whose remaining quantity is supply on order in net flow. */
export const OPEN_SUPPLY: readonly SupplyStatus[] = [
  'DRAFT',
  'PENDING_APPROVAL',
  'OPEN',
  'IN_PROGRESS',
  'IN_TRANSIT',
  'PARTIALLY_RECEIVED',
  'DELAYED',
];

/**
 * Statuses goods may come in against, per kind (seed 000 §3.3): a purchase receipt, a
 * production completion, a transfer arriving. Exactly those from which the kind may reach
 * RECEIVED; a transfer must have shipped first.
 */
export const RECEIVABLE: Record<SupplyKind, readonly SupplyStatus[]> = {
  purchase: ['OPEN', 'IN_TRANSIT', 'PARTIALLY_RECEIVED', 'DELAYED'],
  production: ['OPEN', 'IN_PROGRESS', 'PARTIALLY_RECEIVED', 'DELAYED'],
  transfer: ['IN_TRANSIT', 'PARTIALLY_RECEIVED', 'DELAYED'],
};

export const isReceivable = (kind: SupplyKind, status: SupplyStatus) => RECEIVABLE[kind].includes(status);

/** Statuses the DELAYED job watches: the order is on its way and the promised date can pass. */
export const DELAYABLE: readonly SupplyStatus[] = ['OPEN', 'IN_PROGRESS', 'IN_TRANSIT', 'PARTIALLY_RECEIVED'];

/** Where a newly submitted order goes: above the tenant's threshold it waits for approval. */
export const submittedStatus = (
  kind: SupplyKind,
  totalMinor: number,
  thresholdMinor: number,
): SupplyStatus => (kind === 'transfer' || totalMinor <= thresholdMinor ? 'OPEN' : 'PENDING_APPROVAL');

/**
 * The status after a receipt: RECEIVED when every line is in (within tolerance it may be a
 * little under, when the receipt says the line is closed), else PARTIALLY_RECEIVED — unless it
 * is DELAYED, which stays until the order is complete.
 */
export const statusAfterReceipt = (
  current: SupplyStatus,
  lines: { ordered: number; received: number; closed?: boolean }[],
): SupplyStatus => {
  const complete = lines.every((l) => l.closed || l.received >= l.ordered);
  if (complete) return 'RECEIVED';
  return current === 'DELAYED' ? 'DELAYED' : 'PARTIALLY_RECEIVED';
};

/** Whole days between two ISO dates (b − a); positive when b is later. */
export const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
