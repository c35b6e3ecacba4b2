import { inspect, statementName } from './sql-tree-walk.ts';

/**
 * The first gate of the assistant's SQL: a language model writes it, so it is judged on
 * PostgreSQL's own parse tree, never on its text, and only one harmless read of the curated
 * views gets through. Read-only transactions, row-level security and timeouts are later gates.
 */

export type { GuardOptions, SqlRule } from './sql-rules.ts';

import type { GuardOptions, SqlRule } from './sql-rules.ts';

export type GuardResult =
  | { ok: true; sql: string; views: string[]; functions: string[] }
  | { ok: false; rule: SqlRule; detail: string };

export const SQL_MAX_LENGTH = 10_000;

/**
 * When one query breaks several rules, the one reported is the first here, so a refusal names
 * the gravest fault (a write before a foreign table) and tests can expect exactly one rule.
 */
const PRECEDENCE: readonly SqlRule[] = [
  'select_into',
  'locking_clause',
  'data_modifying_cte',
  'recursive_cte',
  'relation_not_allowed',
  'view_not_permitted',
  'function_not_allowed',
  'type_not_allowed',
  'parameter',
  'sensitive_column',
];

/**
 * PostgreSQL's parser compiled to WebAssembly: importing libpg-query instantiates it with 128 MB
 * of linear memory, so it loads on the first query to judge rather than with the server.
 */
let parser: Promise<typeof import('libpg-query')> | undefined;
export const parseSql = async (sql: string) => {
  parser ??= import('libpg-query');
  return (await parser).parse(sql);
};

type ParsedStatement = { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number };

const refuse = (rule: SqlRule, detail: string): GuardResult => ({ ok: false, rule, detail });

export const guardSql = async (sql: string, opts: GuardOptions): Promise<GuardResult> => {
  if (sql.trim() === '') return refuse('empty', 'the query is empty');
  if (sql.length > SQL_MAX_LENGTH) {
    return refuse('too_long', `the query is longer than ${SQL_MAX_LENGTH} characters`);
  }
  let stmts: ParsedStatement[];
  try {
    stmts = (await parseSql(sql)).stmts;
  } catch (e) {
    // Fail closed: whatever the parser cannot read is not run.
    return refuse('syntax', `the query does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [only] = stmts;
  if (stmts.length !== 1 || !only) {
    return refuse('not_one_statement', `the query holds ${stmts.length} statements; exactly one is allowed`);
  }
  const [kind, body] = Object.entries(only.stmt)[0] ?? ['', {}];
  if (kind !== 'SelectStmt')
    return refuse('not_select', `${statementName(kind)} statements may not run; only a SELECT may`);
  let found: ReturnType<typeof inspect>;
  try {
    found = inspect(body as Record<string, unknown>, opts);
  } catch (e) {
    if (e instanceof RangeError) return refuse('syntax', 'the query is nested too deeply');
    throw e;
  }
  const worst = PRECEDENCE.map((rule) => found.findings.find((f) => f.rule === rule)).find(Boolean);
  if (worst) return refuse(worst.rule, worst.detail);
  const text = statementText(sql, only);
  // What runs must be exactly what was judged: the cut-out statement has to parse to the same tree.
  if (!(await parsesTo(text, only.stmt))) {
    return refuse('not_one_statement', 'the statement could not be told apart from the text around it');
  }
  return { ok: true, sql: text, views: found.views, functions: found.functions };
};

/** Positions are left out of the comparison: they shift when the text around the statement is cut. */
const parsesTo = async (text: string, stmt: ParsedStatement['stmt']) => {
  const shape = (stmts: unknown) =>
    JSON.stringify(stmts, (key, value) => (key === 'location' ? undefined : value));
  try {
    const again: ParsedStatement[] = (await parseSql(text)).stmts;
    return shape(again.map((s) => s.stmt)) === shape([stmt]);
  } catch {
    return false;
  }
};

/**
 * The statement as the parser delimited it: without the `;` and anything after it (a trailing
 * comment would otherwise survive the trim). The parser counts bytes, not UTF-16 units.
 */
const statementText = (sql: string, s: ParsedStatement) => {
  const bytes = Buffer.from(sql, 'utf8');
  const start = s.stmt_location ?? 0;
  const end = s.stmt_len ? start + s.stmt_len : bytes.length;
  return bytes.subarray(start, end).toString('utf8').trim();
};

/** Wraps an accepted statement so at most `limit` rows come back whatever its own LIMIT says. */
export const limitedSql = (sql: string, limit: number): string => {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer: ${limit}`);
  // The newlines keep a trailing `-- comment` from swallowing the closing parenthesis.
  return `select * from (\n${sql}\n) as q limit ${limit}`;
};

/** The first fenced ```sql block of a model's answer (for models that do not call tools), else undefined. */
export const sqlFromAnswer = (text: string): string | undefined => {
  // Blocks are matched in order, opening and closing fence together, so the closing fence of
  // a ```json block is never taken for the opening of a bare one.
  const blocks = [...text.matchAll(/```([^`\n]*)\n([\s\S]*?)```/g)].map((m) => ({
    tag: (m[1] ?? '').trim().toLowerCase(),
    body: (m[2] ?? '').trim(),
  }));
  const block = blocks.find((b) => b.tag === 'sql') ?? blocks.find((b) => b.tag === '');
  return block?.body ? block.body : undefined;
};
