import type { AiView } from './ai-views.ts';
import type { SqlRule } from './sql-rules.ts';

/** The names one SELECT's FROM clause brings into scope (relation names and aliases) and the views behind each. */
export type Scope = ReadonlyMap<string, readonly AiView[]>;

/** A ColumnRef's fields (`*` for A_Star) and the FROM scopes it can reach, innermost first. */
export type ColumnUse = { fields: readonly string[]; scopes: readonly Scope[] };

type Finding = { rule: SqlRule; detail: string };

const tender = (v: AiView) => v.columns.some((c) => c.sensitive);

/** The views a relation name or alias stands for, from the innermost scope that knows it. */
const behind = (name: string, scopes: readonly Scope[]) => scopes.find((s) => s.has(name))?.get(name) ?? [];

/**
 * Column references that would read a sensitive column, by name or without naming it: `*` and
 * `p.*`, the whole row `p` (as in `p::text`), and `p.text`, which PostgreSQL reads as `text(p)`
 * when `text` is not a column of `p`, so the whole row comes back by another name.
 */
export const sensitiveFindings = (uses: readonly ColumnUse[], read: readonly AiView[]): Finding[] => {
  const secret = new Set(read.flatMap((v) => v.columns.filter((c) => c.sensitive).map((c) => c.name)));
  const refuse = (detail: string): Finding => ({ rule: 'sensitive_column', detail });
  const found: Finding[] = [];
  for (const { fields, scopes } of uses) {
    const last = fields.at(-1) ?? '';
    const qualifier = fields.at(-2);
    if (last === '*') {
      const views =
        qualifier === undefined ? [...(scopes[0]?.values() ?? [])].flat() : behind(qualifier, scopes);
      const over = views.find(tender);
      if (over) found.push(refuse(`${fields.join('.')} would read the sensitive columns of ${over.name}`));
    } else if (secret.has(last)) {
      found.push(refuse(`column ${last} is sensitive`));
    } else if (qualifier === undefined) {
      const over = behind(last, scopes).find(tender);
      if (over)
        found.push(refuse(`the whole row ${last} would include the sensitive columns of ${over.name}`));
    } else {
      const views = behind(qualifier, scopes);
      const known = views.some((v) => v.columns.some((c) => c.name === last));
      const over = views.find(tender);
      if (over && !known) found.push(refuse(`${fields.join('.')} is not a column of ${over.name}`));
    }
  }
  return found;
};
