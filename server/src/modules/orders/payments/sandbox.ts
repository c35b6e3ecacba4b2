import { and, eq, sql } from 'drizzle-orm';
import { DomainError } from '../../../platform/domain/errors.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sandboxCharges } from '../schema.ts';
import type { PaymentGateway, WebhookOutcome } from './gateway.ts';
import { header, sameHex, signatureError } from './signatures.ts';

/** The sandbox's test cards (as in most providers' test modes). */
export const SANDBOX_CARDS = {
  approved: '4242424242424242',
  declined: '4000000000000002',
  /** 3-D Secure: the answer arrives later, by webhook, once the buyer completes the challenge. */
  later: '4000000000003220',
} as const;

const digits = (card: string | undefined) => (card ?? '').replace(/[\s-]/g, '');

/** Luhn check: a mistyped card number is declined as the real networks would. */
export const luhnValid = (n: string) => {
  if (!/^\d{12,19}$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
};

type Answer = 'approved' | 'declined' | 'pending' | 'ok' | 'failed';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
const MAC_LABEL = 'sandbox-webhook';

/**
 * The default gateway: a stand-in for a remote provider that keeps its own ledger, so the same
 * idempotency key always gets the same answer, even after our process died mid-call.
 */
export const createSandboxGateway = (
  p: Platform,
): PaymentGateway & {
  /** The buyer finishes the 3-D Secure challenge: the provider's signed webhook for it. */
  completeChallenge: (
    tenantId: string,
    externalId: string,
    outcome: 'approved' | 'declined',
  ) => Promise<{ rawBody: string; headers: Record<string, string> }>;
} => {
  /**
   * Records the first answer for a key; every later call with the key reads that answer back.
   * This is the provider's side, not a business transaction of ours: one statement on its own
   * (no transaction, no tenant scope of ours), the ledger keyed by tenant as a remote provider
   * keys it by merchant.
   */
  const once = async (
    tenantId: string,
    key: string,
    operation: string,
    reference: string,
    amountMinor: number,
    answer: () => Answer,
  ) => {
    type Row = { id: string; status: string; reference: string; amount_minor: string };
    const { rows } = await p.database.db.execute<Row>(sql`
      with ins as (
        insert into ${sandboxCharges} (tenant_id, idempotency_key, operation, reference, status, amount_minor)
        values (${tenantId}, ${key}, ${operation}, ${reference}, ${answer()}, ${amountMinor})
        on conflict do nothing
        returning id, status, reference, amount_minor)
      select id, status, reference, amount_minor from ins
      union all
      select id, status, reference, amount_minor from ${sandboxCharges}
      where tenant_id = ${tenantId} and idempotency_key = ${key}
      limit 1`);
    // A call with the same key that committed while this statement ran is not in its snapshot.
    const row =
      rows[0] ??
      (
        await p.database.db.execute<Row>(sql`
          select id, status, reference, amount_minor from ${sandboxCharges}
          where tenant_id = ${tenantId} and idempotency_key = ${key}`)
      ).rows[0];
    if (!row) throw new Error('sandbox charge missing');
    return {
      id: row.id,
      status: row.status,
      reference: row.reference,
      amountMinor: Number(row.amount_minor),
    };
  };

  const money =
    (operation: string) =>
    async (r: { tenantId: string; externalId: string; amountMinor: number; idempotencyKey: string }) => {
      const row = await once(
        r.tenantId,
        r.idempotencyKey,
        operation,
        r.externalId,
        r.amountMinor,
        () => 'ok',
      );
      return { ok: row.status === 'ok' };
    };

  return {
    provider: 'sandbox',
    authorize: async (r) => {
      const card = digits(r.cardNumber);
      const row = await once(r.tenantId, r.idempotencyKey, 'authorize', r.paymentId, r.amountMinor, () => {
        if (card === SANDBOX_CARDS.declined || !luhnValid(card)) return 'declined';
        if (card === SANDBOX_CARDS.later) return 'pending';
        return 'approved';
      });
      const externalId = `sbx_${row.id}`;
      const cardLast4 = card.slice(-4) || undefined;
      if (row.status === 'approved') return { status: 'approved', externalId, cardLast4 };
      if (row.status === 'pending') return { status: 'pending', externalId, cardLast4 };
      return {
        status: 'declined',
        externalId,
        cardLast4,
        reason: luhnValid(card) ? 'card_declined' : 'invalid_card_number',
      };
    },
    capture: money('capture'),
    void: money('void'),
    refund: money('refund'),
    parseWebhook: async (r): Promise<WebhookOutcome> => {
      const body = r.body as { tenant_id?: string } | null;
      const expected = body?.tenant_id ? p.sealer.mac(`${MAC_LABEL}:${body.tenant_id}`, r.rawBody) : null;
      if (!expected || !sameHex(expected, header(r.headers, SANDBOX_SIGNATURE_HEADER)))
        throw signatureError();
      const b = r.body as { event_id?: string; external_id?: string; reference?: string; status?: string };
      if (!b.event_id || !b.external_id || !['approved', 'declined'].includes(b.status ?? ''))
        throw new DomainError('orders.webhook_invalid', {
          detail: 'event_id, external_id and status are required.',
        });
      return {
        eventId: b.event_id,
        externalId: b.external_id,
        status: b.status as 'approved' | 'declined',
        ...(b.reference ? { reference: b.reference } : {}),
      };
    },
    completeChallenge: async (tenantId, externalId, outcome) => {
      const chargeId = externalId.replace(/^sbx_/, '');
      const found = await p.uow.forTenant(tenantId, (tx) =>
        tx
          .select()
          .from(sandboxCharges)
          .where(and(eq(sandboxCharges.tenantId, tenantId), eq(sandboxCharges.id, chargeId))),
      );
      const charge = found[0];
      if (charge?.operation !== 'authorize' || charge.status !== 'pending')
        throw new DomainError('orders.payment_not_found', {
          detail: 'No sandbox challenge is waiting for this payment.',
        });
      // The challenge is answered once; a second answer reads the first.
      const answered = await once(
        tenantId,
        `${externalId}:challenge`,
        'challenge',
        charge.reference,
        charge.amountMinor,
        () => (outcome === 'approved' ? 'approved' : 'declined'),
      );
      const rawBody = JSON.stringify({
        event_id: `sbx_evt_${answered.id}`,
        tenant_id: tenantId,
        external_id: externalId,
        reference: charge.reference,
        status: answered.status,
      });
      return {
        rawBody,
        headers: { [SANDBOX_SIGNATURE_HEADER]: p.sealer.mac(`${MAC_LABEL}:${tenantId}`, rawBody) },
      };
    },
  };
};
