import { z } from 'zod';

/** The longest value each customer field keeps; the API refuses longer, a sync cuts to it. */
export const CUSTOMER_LIMITS = {
  code: 40,
  name: 200,
  email: 254,
  phone: 40,
  taxId: 32,
  externalId: 100,
} as const;

const Email = z.email();
export const isEmail = (s: string) => s.length <= CUSTOMER_LIMITS.email && Email.safeParse(s).success;

/**
 * The first valid address of an ERP's email field: ERPs (Microsip among them) let one field
 * hold several, separated by `;`, `,` or spaces. Null when none is valid.
 */
export const firstEmail = (raw: string | null) =>
  (raw ?? '')
    .split(/[;,\s]+/)
    .map((s) => s.trim())
    .find(isEmail) ?? null;

/** Text trimmed, runs of white space made one space, cut to `max`; empty becomes null. */
export const cleanText = (raw: string | null, max: number) => {
  const s = (raw ?? '').replace(/\s+/g, ' ').trim().slice(0, max).trim();
  return s === '' ? null : s;
};

/** Tax ids (RFC, NIF, NIT) compare in capitals without surrounding spaces. */
export const normaliseTaxId = (raw: string) => raw.trim().toUpperCase();

export type ErpCustomerIn = {
  external_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
};
export type SyncedCustomer = {
  externalId: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
};

/**
 * An ERP's customer as the master keeps it, or why it cannot be kept. Data typed into an ERP
 * years ago is not refused for being long or for a malformed address: it is cut and cleaned,
 * so one odd record does not stop the rest; only a customer with no id or no name fails.
 */
export const fromErp = (r: ErpCustomerIn): SyncedCustomer | { reason: string } => {
  const externalId = r.external_id.trim();
  if (externalId === '') return { reason: 'no external id' };
  if (externalId.length > CUSTOMER_LIMITS.externalId)
    return { reason: `external id longer than ${CUSTOMER_LIMITS.externalId}` };
  const name = cleanText(r.name, CUSTOMER_LIMITS.name);
  if (name === null) return { reason: 'no name' };
  return {
    externalId,
    name,
    email: firstEmail(r.email),
    phone: cleanText(r.phone, CUSTOMER_LIMITS.phone),
    active: r.active,
  };
};
