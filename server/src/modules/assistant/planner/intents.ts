import type { Lang } from '../tools/types.ts';

export type IntentKind =
  | 'buffers_in_zone'
  | 'buffer_status'
  | 'explain_buffer'
  | 'stockout'
  | 'open_suggestions'
  | 'low_stock'
  | 'supplier_performance'
  | 'forecast'
  | 'on_order'
  | 'availability'
  | 'approve_suggestion'
  | 'reject_suggestion'
  | 'help'
  | 'greeting'
  | 'unknown';

/** What a question asks and the codes and names it carries (codes upper case). */
export type Intent = {
  kind: IntentKind;
  sku?: string;
  location?: string;
  zones?: ('red' | 'yellow')[];
  supplier?: string;
};

/**
 * Lower case without accents, one character for one, so positions in it are positions in the
 * original text (the supplier's name is cut from the original to keep its case and accents).
 */
export const fold = (text: string) =>
  [...text]
    .map((ch) => {
      const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      return f.length === ch.length ? f : ch.toLowerCase().slice(0, ch.length);
    })
    .join('');

const SPANISH = new Set(
  'que cual cuales cuando cuanto cuantos cuantas donde como esta estan estado productos producto proveedor proveedores sugerencias sugerencia sugiere buffer buffers pedir pedido pedidos hay hoy se agota agotara rojo roja rojos amarillo amarillos en el la los las de del con por para pendientes bajo bajos necesitan necesita aprueba aprobar rechaza rechazar explica porque pronostico tienda almacen hola buenos buenas dias gracias ayuda dime muestrame cuanta disponible existencias inventario va y mi mis tengo puedes'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'what which when where how is are the of in at for to do does will run out need needs order orders today buffers buffer status why sized suggestions suggestion open low stock supplier doing forecast many much available approve reject hello hi hey help show me my can you please thanks store warehouse on red yellow inventory explain'.split(
    ' ',
  ),
);
// Words both languages share say nothing about which one it is.
for (const w of ['buffer', 'buffers', 'en']) ENGLISH.delete(w);

/** Spanish when it shows ¿ ¡ or accents, or has at least as many Spanish words as English ones. */
export const detectLang = (text: string): Lang => {
  if (/[¿¡ñáéíóúü]/i.test(text)) return 'es';
  const words = fold(text).match(/[a-z]+/g) ?? [];
  const es = words.filter((w) => SPANISH.has(w)).length;
  const en = words.filter((w) => ENGLISH.has(w)).length;
  return es > 0 && es >= en ? 'es' : 'en';
};

/** SKU- and location-like tokens: letters and digits joined by hyphens (TOR-M6, MAD-001, CAB-2.5), or TAC8. */
const CODE = /[\p{L}\d]+(?:[-.][\p{L}\d]+)+|\p{Lu}{2,}\d[\p{Lu}\d]*/gu;
/** Words after which a code is the place: "en MAD-001", "at the store BCN-001", "del almacén CEDIS-MAD". */
const PLACE_CUE =
  /(?:\ben|\bin|\bat|\bde la tienda|\bdel almacen|\btienda|\balmacen|\bsucursal|\bubicacion|\bstore|\bwarehouse|\blocation|\bsite)\s+(?:(?:la|el|the)\s+)?$/;

/** The codes in a text, each marked as a place when a place word comes just before it. */
export const codesIn = (text: string) => {
  const folded = fold(text);
  const out: { code: string; place: boolean }[] = [];
  for (const m of text.matchAll(CODE)) {
    const raw = m[0];
    // A code has a letter, and a hyphen or a digit (not "S.A.", not a date); a hyphenated word
    // is one when it has a digit or was typed in capitals (KIT-MON), not "low-stock".
    if (!/\p{L}/u.test(raw) || !/[-\d]/.test(raw)) continue;
    if (!/\d/.test(raw) && raw !== raw.toUpperCase()) continue;
    const before = folded.slice(Math.max(0, (m.index ?? 0) - 24), m.index ?? 0);
    out.push({ code: raw.toUpperCase(), place: PLACE_CUE.test(before) });
  }
  return out;
};

const any = (text: string, patterns: RegExp[]) => patterns.some((p) => p.test(text));

const APPROVE = [/\bapru?eb[aoe]\w*/, /\baprobar\b/, /\bapprove\w*/, /\bautoriza\w*/];
const REJECT = [/\brechaz\w*/, /\bdescart\w*/, /\breject\w*/, /\bdecline\b/, /\bdismiss\b/];
const EXPLAIN = [
  /\bpor ?que\b.*\b(buffer|tamano|rojo|amarillo|verde|zona|dimension|grande|pequeno|alto|bajo)/,
  /\bwhy\b/,
  /\bexplica\w*/,
  /\bexplain\w*/,
  /\bcomo se (calcula|dimensiona)/,
  /\bhow is .* (sized|calculated)/,
  /\bsized\b/,
];
const STOCKOUT = [
  /\bse agota\w*/,
  /\bagot(ar|ara|aran|arse|a)\b/,
  /\bquedar(a|an|emos)? sin\b/,
  /\bsin (stock|existencias)\b/,
  /\brotura\w*/,
  /\bquiebre\w*/,
  /\brun(s|ning)? out\b/,
  /\bstock ?outs?\b/,
  /\bout of stock\b/,
];
const SUPPLIER = [/\bproveedor\w*/, /\bsupplier\w*/, /\bvendor\w*/];
const FORECAST = [
  /\bpronostic\w*/,
  /\bprevision\w* de (la )?demanda/,
  /\bforecast\w*/,
  /\bdemanda (esperada|futura)/,
  /\bexpected demand\b/,
];
const ON_ORDER = [
  /\besta pedid[oa]s?\b/,
  /\bestan pedid[oa]s\b/,
  /\bya pedid/,
  /\ben camino\b/,
  /\bpor (llegar|recibir)\b/,
  /\b(ordenes|pedidos) (abiert|pendient)/,
  /\bon order\b/,
  /\bincoming\b/,
  /\bopen (purchase )?orders?\b/,
  /\bin transit\b/,
];
const SUGGESTIONS = [
  /\bsugerencia\w*/,
  /\bsugiere\w*/,
  /\bsuggest\w*/,
  /\brecommendations?\b/,
  /\brecomendacion\w*/,
];
const NEED_ORDER = [
  /\bhay que (pedir|reponer|comprar)\b/,
  /\bnecesita\w* (un )?(pedido|reponer|pedir|reposicion|comprar)/,
  /\bpedir hoy\b/,
  /\bque (debo|tengo que|hay que) pedir\b/,
  /\bneeds? (an |to )?(order|ordering|reorder|replenish)/,
  /\bshould i (order|buy)\b/,
  /\bto (re)?order today\b/,
  /\bwhat (do i|should i) (need to )?order\b/,
];
const LOW_STOCK = [
  /\bstock bajo\b/,
  /\bbajo (de )?stock\b/,
  /\bpoco stock\b/,
  /\bpocas existencias\b/,
  /\bpor debajo del minimo\b/,
  /\blow[ -]?stock\b/,
  /\brunning low\b/,
  /\bbelow (their |the )?min/,
];
const AVAILABILITY = [
  /\bcuant[oa]s? (hay|tengo|tenemos|queda|quedan)\b/,
  /\bcuant[oa]s? .* (hay|tenemos|quedan)\b/,
  /\bdisponib\w*/,
  /\bexistencias\b/,
  /\binventario\b/,
  /\bhow (many|much)\b/,
  /\bavailab\w*/,
  /\bin stock\b/,
  /\bstock (of|de|en|at|in)\b/,
  /\binventory\b/,
];
const STATUS = [
  /\bestado\b/,
  /\bstatus\b/,
  /\bcomo (esta|va) (el|la) (buffer|posicion)/,
  /\bhow is (the )?buffer\b/,
  /\bbuffer\b/,
];
const HELP = [
  /\bayuda\b/,
  /\bque (puedes|sabes) hacer\b/,
  /\bhelp\b/,
  /\bwhat can you do\b/,
  /\bcomo funciona/,
];
const GREETING =
  /^\W*(hola|buen[oa]s( dias| tardes| noches)?|hello|hi|hey|good (morning|afternoon|evening)|saludos)\b/;

/** Zones named in the text: rojo/red, amarillo/yellow; "qué hay que pedir" means both. */
const zonesIn = (t: string): ('red' | 'yellow')[] => {
  const out: ('red' | 'yellow')[] = [];
  if (/\b(roj[oa]s?|red)\b/.test(t)) out.push('red');
  if (/\b(amarill[oa]s?|yellow)\b/.test(t)) out.push('yellow');
  return out;
};

/** The supplier's name: the original text after "proveedor"/"supplier", up to punctuation. */
const supplierIn = (text: string, folded: string) => {
  const m = /\b(?:proveedor(?:es)?|supplier|vendor)\b\s*/.exec(folded);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  let name = text.slice(start).split(/[?¿!¡,;:.\n](?:\s|$)|[?¿!¡;\n]/)[0] ?? '';
  name = name
    .replace(/^(?:(?:el|la|los|the|de|del|of)\s+)+/i, '')
    .replace(
      /\s+(?:doing|performing|lately|recently|this (?:year|month)|last (?:year|month)|este (?:año|mes)|últimamente|ultimamente|hoy|today)\s*$/i,
      '',
    )
    .trim();
  return name.length ? name : undefined;
};

/** What a question asks, in which language, and the SKU, location, zones and supplier it names. */
export const understand = (text: string): { lang: Lang; intent: Intent } => {
  const lang = detectLang(text);
  const t = fold(text);
  const codes = codesIn(text);
  const place = codes.find((c) => c.place);
  const item = codes.find((c) => c !== place);
  const slots = {
    ...(item ? { sku: item.code } : {}),
    ...(place ? { location: place.code } : {}),
  } as { sku?: string; location?: string };
  // A second code with no place word before it is the place: "TOR-M6 MAD-001".
  if (!place && codes.length >= 2 && codes[1]) slots.location = codes[1].code;
  const intent = (kind: IntentKind, extra: Partial<Intent> = {}): { lang: Lang; intent: Intent } => ({
    lang,
    intent: { kind, ...slots, ...extra },
  });
  const zones = zonesIn(t);

  if (any(t, SUGGESTIONS) || slots.sku) {
    if (any(t, APPROVE)) return intent('approve_suggestion');
    if (any(t, REJECT)) return intent('reject_suggestion');
  }
  if (any(t, EXPLAIN) && (slots.sku || /\bbuffer|tamano|sized|zona|zone/.test(t)))
    return intent('explain_buffer');
  if (any(t, STOCKOUT)) return intent('stockout');
  if (any(t, SUPPLIER)) {
    const supplier = supplierIn(text, t);
    return intent('supplier_performance', supplier ? { supplier } : {});
  }
  if (any(t, FORECAST)) return intent('forecast');
  if (any(t, ON_ORDER)) return intent('on_order');
  if (any(t, SUGGESTIONS)) return intent('open_suggestions', zones.length ? { zones } : {});
  if (any(t, NEED_ORDER))
    return intent('buffers_in_zone', { zones: zones.length ? zones : ['red', 'yellow'] });
  if (zones.length && !slots.sku) return intent('buffers_in_zone', { zones });
  if (any(t, LOW_STOCK)) return intent('low_stock');
  if (any(t, AVAILABILITY)) return intent('availability');
  if (any(t, STATUS) && slots.sku) return intent('buffer_status');
  if (any(t, HELP)) return intent('help');
  if (GREETING.test(t)) return intent('greeting');
  if (zones.length) return intent('buffer_status');
  return { lang, intent: { kind: 'unknown', ...slots } };
};
