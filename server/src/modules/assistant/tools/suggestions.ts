import { z } from 'zod';
import { query } from './api.ts';
import { type Ctx, defineTool, listOf, num } from './context.ts';
import { zoneWord } from './buffers.ts';
import type { Card } from './types.ts';

/** A replenishment suggestion as GET /api/v1/replenishment-suggestions lists it. */
export type SuggestionRow = {
  id: string;
  buffer_id: string;
  product_id: string;
  sku: string;
  product_name: string;
  location_code: string;
  status: 'OPEN' | 'APPROVED' | 'REJECTED' | 'CLOSED';
  quantity: number;
  planning_priority: 'red' | 'yellow' | 'green';
  net_flow_percent: number | null;
};
type Page<T> = { data: T[]; pagination: { total: number; total_pages: number } };

const READ = { es: 'consultar las sugerencias de reposición', en: 'read replenishment suggestions' };
const STATUSES = ['OPEN', 'APPROVED', 'REJECTED', 'CLOSED'] as const;
/** The list has no single-suggestion read; this many pages of 100 per status are looked through. */
const MAX_PAGES = 10;

export const suggestionCard = (s: SuggestionRow): Card => ({
  type: 'suggestion',
  suggestion_id: s.id,
  sku: s.sku,
  name: s.product_name,
  location: s.location_code,
  quantity: Number(s.quantity),
  zone: s.planning_priority ?? null,
  status: s.status,
  // Suggestions carry no due date: they are for ordering today.
  due_date: null,
});

/** Suggestions of one status (open unless told), red first as the inbox shows them. */
export const listSuggestions = async (
  c: Ctx,
  f: { status?: (typeof STATUSES)[number]; zone?: string; location?: string; productId?: string },
  stopAt?: (s: SuggestionRow) => boolean,
) => {
  const out: SuggestionRow[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await c.get<Page<SuggestionRow>>(
      `/api/v1/replenishment-suggestions${query({ status: f.status ?? 'OPEN', zone: f.zone?.toUpperCase(), page, limit: 100 })}`,
      READ,
    );
    // The route has no location or product filter: both are applied here.
    for (const s of r.data) {
      if (f.location && s.location_code.toUpperCase() !== f.location.toUpperCase()) continue;
      if (f.productId && s.product_id !== f.productId) continue;
      out.push(s);
      if (stopAt?.(s)) return out;
    }
    if (page >= r.pagination.total_pages) break;
  }
  return out;
};

/** One suggestion by id, whatever its status; a miss stops the tool. */
export const findSuggestion = async (c: Ctx, id: string) => {
  for (const status of STATUSES) {
    const hit = (await listSuggestions(c, { status }, (s) => s.id === id)).find((s) => s.id === id);
    if (hit) return hit;
  }
  return c.stop('not_found', `No encontré la sugerencia ${id}.`, `I did not find suggestion ${id}.`);
};

const describe = (s: SuggestionRow, lang: 'es' | 'en') =>
  lang === 'es'
    ? `${num(s.quantity)} de ${s.sku} (${s.product_name}) en ${s.location_code}, buffer en ${zoneWord(s.planning_priority, 'es')}`
    : `${num(s.quantity)} of ${s.sku} (${s.product_name}) at ${s.location_code}, buffer in ${zoneWord(s.planning_priority, 'en')}`;

export const openSuggestions = defineTool({
  name: 'open_suggestions',
  description: 'Open replenishment suggestions (what the engine proposes to order now), red first.',
  parameters: z.object({
    location: z.string().min(1).max(64).optional().describe('a location code, e.g. MAD-001'),
    zone: z.enum(['red', 'yellow', 'green']).optional(),
  }),
  run: async (c, a) => {
    const rows = await listSuggestions(c, { zone: a.zone, location: a.location });
    const where = a.location ? c.t(` en ${a.location.toUpperCase()}`, ` at ${a.location.toUpperCase()}`) : '';
    const summary = rows.length
      ? c.t(
          `${rows.length} ${rows.length === 1 ? 'sugerencia abierta' : 'sugerencias abiertas'}${where}: `,
          `${rows.length} open ${rows.length === 1 ? 'suggestion' : 'suggestions'}${where}: `,
        ) +
        listOf(
          rows.map(
            (s) =>
              `${s.sku} ${c.t('en', 'at')} ${s.location_code} ${num(s.quantity)} (${zoneWord(s.planning_priority, c.lang)})`,
          ),
          c.lang,
          10,
        )
      : c.t(`No hay sugerencias abiertas${where}.`, `There are no open suggestions${where}.`);
    return { ok: true, data: rows, cards: rows.slice(0, 50).map(suggestionCard), summary };
  },
});

const openOne = async (c: Ctx, id: string) => {
  const s = await findSuggestion(c, id);
  if (s.status !== 'OPEN') {
    c.stop(
      'invalid',
      `La sugerencia de ${s.sku} en ${s.location_code} ya no está abierta (${s.status}).`,
      `The suggestion for ${s.sku} at ${s.location_code} is no longer open (${s.status}).`,
    );
  }
  return s;
};

export const proposeApproveSuggestion = defineTool({
  name: 'propose_approve_suggestion',
  description:
    'Prepares approving an open replenishment suggestion (a draft supply order of its quantity); the user confirms it. Nothing is written here.',
  parameters: z.object({ suggestion_id: z.uuid() }),
  run: async (c, a) => {
    const s = await openOne(c, a.suggestion_id);
    const summary = c.t(
      `Aprobar la sugerencia: pedir ${describe(s, 'es')}.`,
      `Approve the suggestion: order ${describe(s, 'en')}.`,
    );
    return {
      ok: true,
      data: s,
      cards: [suggestionCard(s)],
      summary,
      proposal: {
        kind: 'approve_suggestion',
        // The quantity the user is shown is the one ordered, should the engine's change meanwhile.
        payload: {
          route: `/api/v1/replenishment-suggestions/${s.id}/approve`,
          method: 'POST',
          quantity: Number(s.quantity),
        },
        summary,
      },
    };
  },
});

export const proposeRejectSuggestion = defineTool({
  name: 'propose_reject_suggestion',
  description:
    'Prepares rejecting an open replenishment suggestion (no new one for that buffer today unless it gets worse); the user confirms it.',
  parameters: z.object({
    suggestion_id: z.uuid(),
    reason: z.string().max(500).optional().describe('why, for the user to read; the route keeps no reason'),
  }),
  run: async (c, a) => {
    const s = await openOne(c, a.suggestion_id);
    const why = a.reason ? c.t(` Motivo: ${a.reason}.`, ` Reason: ${a.reason}.`) : '';
    const summary =
      c.t(
        `Rechazar la sugerencia de pedir ${describe(s, 'es')}.`,
        `Reject the suggestion to order ${describe(s, 'en')}.`,
      ) + why;
    return {
      ok: true,
      data: s,
      cards: [suggestionCard(s)],
      summary,
      proposal: {
        kind: 'reject_suggestion',
        payload: { route: `/api/v1/replenishment-suggestions/${s.id}/reject`, method: 'POST' },
        summary,
      },
    };
  },
});
