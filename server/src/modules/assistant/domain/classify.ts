/** How far a piece of data may travel: to a model, a log, another tenant's eyes. */
export const LEVELS = ['public', 'internal', 'sensitive', 'confidential'] as const;
export type Level = (typeof LEVELS)[number];
export type Classification = { level: Level; reasons: string[] };

const rank = (l: Level) => LEVELS.indexOf(l);
export const maxLevel = (...levels: Level[]): Level =>
  levels.reduce<Level>((a, b) => (rank(b) > rank(a) ? b : a), 'public');

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The Luhn check that payment card numbers pass (and most other digit runs fail). */
export const luhn = (digits: string) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
};

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
/** 13–19 digits, spaced or dashed in groups, as cards are written. */
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
/** Mexico's 18-digit CLABE and an IBAN (two letters, two check digits, up to 30 more). */
const CLABE = /\b\d{18}\b/;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/;
/** A phone number: an optional +country code and 9 or more digits in groups. */
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(?\d{2,4}\)?[ .-]?){2,4}\d{2,4}/g;

const WORDS: [RegExp, string][] = [
  [/\b(costo|coste|costes|costos|cost|costs|unit cost)\b/, 'cost'],
  [/\b(precio|precios|price|prices|pricing)\b/, 'price'],
  [/\b(margen|margenes|margin|margins)\b/, 'margin'],
  [/\b(cliente|clientes|customer|customers)\b/, 'customer'],
  [/\b(correo|correos|email|e-mail|emails)\b/, 'email'],
  [/\b(telefono|telefonos|phone|phones|movil)\b/, 'phone'],
  [/\b(direccion|direcciones|address|addresses|domicilio)\b/, 'address'],
  [/\b(pago|pagos|payment|payments|cobro)\b/, 'payment'],
  [/\b(tarjeta|tarjetas|card|cards)\b/, 'card'],
];

/** Confidential for contact and payment identifiers, sensitive for words about money and customers. */
/** Identifiers and timestamps are Flujo's own, not people's: their digits must not read as phones or cards. */
const NOT_PERSONAL =
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?/gi;

export const classifyText = (raw: string): Classification => {
  const text = raw.replace(NOT_PERSONAL, ' ');
  const reasons: string[] = [];
  let level: Level = 'internal';
  const raise = (l: Level, why: string) => {
    level = maxLevel(level, l);
    if (!reasons.includes(why)) reasons.push(why);
  };
  if (EMAIL.test(text)) raise('confidential', 'email address');
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) raise('confidential', 'card number');
  }
  if (CLABE.test(text)) raise('confidential', 'CLABE');
  if (IBAN.test(text.toUpperCase()) && /\b[A-Z]{2}\d{2}/.test(text)) raise('confidential', 'IBAN');
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    // Dates, quantities and SKUs have fewer digits or no separators; a phone has 9 to 15.
    if (digits.length >= 9 && digits.length <= 15 && /[ .()+-]/.test(m[0]) && !luhn(digits))
      raise('confidential', 'phone number');
  }
  const f = fold(text);
  for (const [re, why] of WORDS) if (re.test(f)) raise('sensitive', why);
  return { level, reasons };
};

const SENSITIVE_KEYS =
  /^(cost|unit_cost|standard_cost|price|unit_price|total|total_minor|amount|margin|customer_name|customer_email|customer_phone|email|phone|address|tax_id|name_on_card|payment\w*|line_total\w*|unit_price\w*)$/;
const CONFIDENTIAL_KEYS = /^(card\w*|iban|clabe|account_number|pan)$/;

const empty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Walks a value: keys that name money or personal data raise the level, and every string is read. */
export const classifyData = (value: unknown): Classification => {
  const reasons = new Set<string>();
  let level: Level = 'internal';
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 20 || v === null || v === undefined) return;
    if (typeof v === 'string') {
      const c = classifyText(v);
      if (c.level !== 'internal') {
        level = maxLevel(level, c.level);
        for (const r of c.reasons) reasons.add(r);
      }
      return;
    }
    if (typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      const key = k.toLowerCase();
      if (!empty(x)) {
        if (CONFIDENTIAL_KEYS.test(key)) {
          level = maxLevel(level, 'confidential');
          reasons.add(`field ${k}`);
        } else if (SENSITIVE_KEYS.test(key)) {
          level = maxLevel(level, 'sensitive');
          reasons.add(`field ${k}`);
        }
      }
      walk(x, depth + 1);
    }
  };
  walk(value, 0);
  return { level, reasons: [...reasons] };
};
