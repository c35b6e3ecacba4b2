import type { ApiCall } from '../tools/api.ts';
import { context, ToolStop } from '../tools/context.ts';
import { runTool } from '../tools/index.ts';
import { findProduct, isLocationCode } from '../tools/resolve.ts';
import type { SuggestionRow } from '../tools/suggestions.ts';
import type { Card, Lang, Proposal, ToolResult } from '../tools/types.ts';
import { type Intent, type IntentKind, understand } from './intents.ts';

export type ToolCall = { name: string; arguments: unknown; result: ToolResult };
export type OfflineAnswer = {
  lang: Lang;
  intent: IntentKind;
  answer: string;
  calls: ToolCall[];
  cards: Card[];
  proposal?: Proposal;
  understood: boolean;
};

const CAN = {
  es: [
    'qué buffers están en rojo o amarillo (lo que hay que pedir hoy)',
    'el estado de un buffer y por qué tiene ese tamaño',
    'cuándo se agota un producto en una tienda',
    'las sugerencias de reposición abiertas, y preparar su aprobación o rechazo',
    'productos con stock bajo y cuánto hay de un producto',
    'qué está pedido de un producto',
    'cómo va un proveedor',
    'el pronóstico de demanda de un producto en una tienda',
  ],
  en: [
    'which buffers are in red or yellow (what to order today)',
    "a buffer's status and why it is sized so",
    'when a product runs out at a store',
    'open replenishment suggestions, and preparing their approval or rejection',
    'low-stock items and how much there is of a product',
    'what is on order for a product',
    'how a supplier is doing',
    "a product's demand forecast at a store",
  ],
};
const canList = (lang: Lang) => CAN[lang].map((x) => `• ${x}`).join('\n');

/** Answers a question without a model: its intent picks one or two tools, their summaries the words. */
/** A card once, however many of the calls returned it. */
const unique = (cards: Card[]) => {
  const seen = new Set<string>();
  return cards.filter((c) => {
    const key =
      c.type === 'buffer'
        ? `b:${c.buffer_id}`
        : c.type === 'suggestion'
          ? `s:${c.suggestion_id}`
          : JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

export const answerOffline = async (api: ApiCall, text: string): Promise<OfflineAnswer> => {
  const { lang, intent } = understand(text);
  const t = (es: string, en: string) => (lang === 'es' ? es : en);
  const calls: ToolCall[] = [];
  const call = async (name: string, args: Record<string, unknown>) => {
    const clean = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    const result = await runTool(api, name, clean, lang);
    calls.push({ name, arguments: clean, result });
    return result;
  };
  const done = (answer: string, understood = true, proposal?: Proposal): OfflineAnswer => ({
    lang,
    intent: intent.kind,
    answer,
    calls,
    cards: unique(calls.flatMap((c) => (c.result.ok ? c.result.cards : []))),
    ...(proposal ? { proposal } : {}),
    understood,
  });
  const said = () => calls.map((c) => c.result.summary).join('\n');
  const ask = (es: string, en: string) => done(t(es, en));

  await swapPlace(api, lang, intent);
  const { sku, location } = intent;
  switch (intent.kind) {
    case 'buffers_in_zone':
      await call('buffers_in_zone', { zones: intent.zones ?? ['red', 'yellow'], location });
      return done(said());
    case 'buffer_status':
      if (!sku) return ask('¿De qué producto? Dime su SKU.', 'Which product? Tell me its SKU.');
      await call('buffer_status', { sku, location });
      return done(said());
    case 'explain_buffer': {
      if (!sku)
        return ask('¿Qué buffer? Dime el SKU y la ubicación.', 'Which buffer? Tell me the SKU and location.');
      let where = location;
      if (!where) {
        const status = await call('buffer_status', { sku });
        const rows = status.ok ? (status.data as { location_code: string }[]) : [];
        if (rows.length !== 1 || !rows[0]) {
          return done(
            `${said()}\n${t('¿De qué ubicación te lo explico?', 'Which location shall I explain?')}`,
          );
        }
        where = rows[0].location_code;
      }
      await call('explain_buffer', { sku, location: where });
      return done(said());
    }
    case 'stockout':
      await call('projected_stockout', { sku, location });
      return done(said());
    case 'open_suggestions':
      await call('open_suggestions', { location, zone: intent.zones?.[0] });
      return done(said());
    case 'low_stock':
      await call('inventory', { location, low_stock: true });
      return done(said());
    case 'availability':
      if (!sku && !location) return ask('¿De qué producto o tienda?', 'Of which product or store?');
      await call('inventory', { sku, location });
      return done(said());
    case 'on_order':
      if (!sku) return ask('¿De qué producto? Dime su SKU.', 'Which product? Tell me its SKU.');
      await call('on_order_supply', { sku, location });
      return done(said());
    case 'supplier_performance':
      if (!intent.supplier) return ask('¿Qué proveedor?', 'Which supplier?');
      await call('supplier_performance', { supplier: intent.supplier });
      return done(said());
    case 'forecast':
      if (!sku || !location) {
        return ask(
          'Dime el SKU y la ubicación del pronóstico.',
          'Tell me the SKU and the location of the forecast.',
        );
      }
      await call('demand_forecast', { sku, location });
      return done(said());
    case 'approve_suggestion':
    case 'reject_suggestion':
      return decide(api, lang, intent, call, done, said);
    case 'help':
      return done(t(`Puedo contarte:\n${canList('es')}`, `I can tell you:\n${canList('en')}`));
    case 'greeting':
      return done(t(`¡Hola! Puedo contarte:\n${canList('es')}`, `Hello! I can tell you:\n${canList('en')}`));
    case 'unknown':
      return done(
        t(
          `No sé responder a eso sin un modelo de lenguaje. Puedo contarte:\n${canList('es')}`,
          `I cannot answer that without a language model. I can tell you:\n${canList('en')}`,
        ),
        false,
      );
  }
};

/** A "SKU" that is in fact a location code (the lookup finds it) becomes the location. */
const swapPlace = async (api: ApiCall, lang: Lang, intent: Intent) => {
  if (!intent.sku) return;
  const c = context(api, lang);
  if (!(await isLocationCode(c, intent.sku))) return;
  const other = intent.location;
  intent.location = intent.sku;
  if (other && !(await isLocationCode(c, other))) intent.sku = other;
  else delete intent.sku;
};

/** Approve or reject: the open suggestion of the SKU (and location), prepared for the user to confirm. */
const decide = async (
  api: ApiCall,
  lang: Lang,
  intent: Intent,
  call: (name: string, args: Record<string, unknown>) => Promise<ToolResult>,
  done: (answer: string, understood?: boolean, proposal?: Proposal) => OfflineAnswer,
  said: () => string,
) => {
  const t = (es: string, en: string) => (lang === 'es' ? es : en);
  if (!intent.sku) return done(t('¿La sugerencia de qué producto?', 'The suggestion for which product?'));
  let productId: string;
  try {
    productId = (await findProduct(context(api, lang), intent.sku)).id;
  } catch (err) {
    if (err instanceof ToolStop) return done(err.result.summary);
    throw err;
  }
  const open = await call('open_suggestions', { location: intent.location });
  if (!open.ok) return done(said());
  const mine = (open.data as SuggestionRow[]).filter((s) => s.product_id === productId);
  if (mine.length === 0) {
    const where = intent.location ? t(` en ${intent.location}`, ` at ${intent.location}`) : '';
    return done(
      t(
        `No hay ninguna sugerencia abierta de ${intent.sku}${where}.`,
        `There is no open suggestion for ${intent.sku}${where}.`,
      ),
    );
  }
  if (mine.length > 1) {
    const places = mine.map((s) => `${s.location_code} (${s.quantity})`).join(', ');
    return done(
      t(
        `${intent.sku} tiene sugerencias abiertas en ${places}. ¿En qué ubicación?`,
        `${intent.sku} has open suggestions at ${places}. Which location?`,
      ),
    );
  }
  const one = mine[0] as SuggestionRow;
  // The list was read to find it: show the one suggestion at stake, not the whole list.
  if (open.ok) open.cards = open.cards.filter((c) => c.type === 'suggestion' && c.suggestion_id === one.id);
  const approve = intent.kind === 'approve_suggestion';
  const r = await call(approve ? 'propose_approve_suggestion' : 'propose_reject_suggestion', {
    suggestion_id: one.id,
  });
  if (!r.ok) return done(r.summary);
  const confirm = t(' Confírmalo para hacerlo.', ' Confirm it to go ahead.');
  return done(`${r.summary}${confirm}`, true, r.proposal);
};
