import type { ApiCall } from './api.ts';
import type { FailReason, Lang, Tool, ToolResult } from './types.ts';

/** A sentence in both languages; the tool picks the asker's. */
export type Phrase = { es: string; en: string };
export type Failure = Extract<ToolResult, { ok: false }>;

/** Ends a tool early with its answer; `defineTool` turns it into the result, so nothing escapes. */
export class ToolStop extends Error {
  result: Failure;
  constructor(result: Failure) {
    super(result.summary);
    this.result = result;
  }
}

/** Long answers are cut for the model to read back; the cards keep every row. */
const MAX_SUMMARY = 600;
export const clip = (s: string) => (s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s);

/** A problem+json body's own explanation, when it has one. */
const detailOf = (body: unknown) =>
  body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string' ? body.detail : '';

/** The failure an API status means, said in the asker's language (never a throw). */
export const failure = (
  status: number,
  body: unknown,
  lang: Lang,
  action: Phrase,
  what?: Phrase,
): Failure => {
  const t = (p: Phrase) => p[lang];
  const detail = detailOf(body);
  const reason: FailReason =
    status === 403 || status === 401
      ? 'denied'
      : status === 404
        ? 'not_found'
        : status === 400 || status === 422
          ? 'invalid'
          : 'failed';
  const text: Record<FailReason, Phrase> = {
    denied: { es: `No tienes permiso para ${action.es}.`, en: `You do not have permission to ${action.en}.` },
    not_found: what
      ? { es: `No encontré ${what.es}.`, en: `I did not find ${what.en}.` }
      : { es: `No encontré lo que hace falta para ${action.es}.`, en: `Nothing was found to ${action.en}.` },
    invalid: {
      es: `La petición para ${action.es} no es válida${detail ? `: ${detail}` : ''}.`,
      en: `The request to ${action.en} is not valid${detail ? `: ${detail}` : ''}.`,
    },
    failed: {
      es: `No se pudo ${action.es} (error ${status}).`,
      en: `Could not ${action.en} (error ${status}).`,
    },
  };
  return { ok: false, reason, summary: clip(t(text[reason])) };
};

/** What a tool works with: the API, the asker's language, and calls that stop on a non-2xx answer. */
export type Ctx = {
  api: ApiCall;
  lang: Lang;
  t: (es: string, en: string) => string;
  /** GET that returns the body of a 2xx answer and stops the tool otherwise. */
  get: <T>(url: string, action: Phrase, what?: Phrase) => Promise<T>;
  /** GET that also returns a 404 as null (a miss the tool words itself). */
  find: <T>(url: string, action: Phrase) => Promise<T | null>;
  stop: (reason: FailReason, es: string, en: string) => never;
};

export const context = (api: ApiCall, lang: Lang): Ctx => {
  const call = async <T>(url: string, action: Phrase, what: Phrase | undefined, missing: boolean) => {
    const r = await api<T>('GET', url);
    if (r.status >= 200 && r.status < 300) return r.body;
    if (missing && r.status === 404) return null;
    throw new ToolStop(failure(r.status, r.body, lang, action, what));
  };
  return {
    api,
    lang,
    t: (es, en) => (lang === 'es' ? es : en),
    get: async <T>(url: string, action: Phrase, what?: Phrase) =>
      (await call<T>(url, action, what, false)) as T,
    find: <T>(url: string, action: Phrase) => call<T>(url, action, undefined, true),
    stop: (reason, es, en) => {
      throw new ToolStop({ ok: false, reason, summary: clip(lang === 'es' ? es : en) });
    },
  };
};

/**
 * A tool whose body may stop early: its arguments are checked against its schema, a stop becomes
 * its answer, and anything unexpected a plain 'failed' (a tool never throws at its caller).
 */
export const defineTool = <A>(def: {
  name: string;
  description: string;
  parameters: Tool<A>['parameters'];
  run: (c: Ctx, args: A) => Promise<ToolResult>;
}): Tool<A> => ({
  name: def.name,
  description: def.description,
  parameters: def.parameters,
  run: async (api, args, lang) => {
    const parsed = def.parameters.safeParse(args);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ');
      return {
        ok: false,
        reason: 'invalid',
        summary: clip(lang === 'es' ? `Argumentos no válidos: ${fields}.` : `Invalid arguments: ${fields}.`),
      };
    }
    try {
      const r = await def.run(context(api, lang), parsed.data);
      return r.ok ? { ...r, summary: clip(r.summary) } : r;
    } catch (err) {
      if (err instanceof ToolStop) return err.result;
      return {
        ok: false,
        reason: 'failed',
        summary: lang === 'es' ? 'La consulta falló inesperadamente.' : 'The lookup failed unexpectedly.',
      };
    }
  },
});

/** Numbers as the API gives them, without float noise: at most two decimals. */
export const num = (n: number | string | null | undefined): string => {
  if (n === null || n === undefined || n === '') return '—';
  const v = Number(n);
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : String(n);
};

/** "a, b, c y 4 más" / "a, b, c and 4 more". */
export const listOf = (items: string[], lang: Lang, shown = 5): string => {
  const head = items.slice(0, shown);
  const rest = items.length - head.length;
  if (rest > 0) return `${head.join('; ')}${lang === 'es' ? ` y ${rest} más` : ` and ${rest} more`}`;
  return head.join('; ');
};
