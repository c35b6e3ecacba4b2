import { useState } from 'react';
import { Badge } from '../../components/page.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { isMessageKey, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';

/** Rows per page of each log. */
export const LOG_LIMIT = 25;

export const TARGETS = ['local', 'cloud', 'offline', 'refused'] as const;
export type Target = (typeof TARGETS)[number];
export const QUERY_STATUSES = ['ok', 'refused', 'failed'] as const;
export type QueryStatus = (typeof QUERY_STATUSES)[number];

// Local keeps the data at home, cloud sends it out, offline answered without a model, refused did not answer.
const TARGET_TONE = { local: 'green', cloud: 'blue', offline: 'grey', refused: 'red' } as const;

const isTarget = (v: string): v is Target => (TARGETS as readonly string[]).includes(v);

/** Where a model request went, coloured by how far the data travelled. */
export const TargetBadge = ({ target }: { target: string }) => {
  const t = useT();
  return (
    <span data-testid="routing-target" data-value={target}>
      <Badge tone={isTarget(target) ? TARGET_TONE[target] : 'grey'}>
        {isTarget(target) ? t(`assistant_admin.target.${target}`) : target}
      </Badge>
    </span>
  );
};

/** A server word (an outcome, a classification) in the reader's language when the catalog has it. */
export const useWord = () => {
  const t = useT();
  return (prefix: string, value: string) => {
    const key = `assistant_admin.${prefix}.${value}`;
    return isMessageKey(key) ? t(key as MessageKey) : value;
  };
};

/** `ok` in green; anything else (a refusal, an error kind) in red, or grey when nothing was sent. */
export const OutcomeBadge = ({ outcome, testId }: { outcome: string; testId?: string }) => {
  const word = useWord();
  const tone =
    outcome === 'ok' ? 'green' : outcome === 'not_sent' || outcome === 'switched' ? 'amber' : 'red';
  return (
    <span data-testid={testId} data-value={outcome}>
      <Badge tone={tone}>{word('outcome', outcome)}</Badge>
    </span>
  );
};

/** A duration the server measured in milliseconds. */
export const useMs = () => {
  const f = useFormat();
  return (ms: number | null) => (ms === null ? '—' : `${f.qty(ms)} ms`);
};

const SHORT = 80;

/** The SQL a question became, cut to a line until the reader asks for all of it. */
export const SqlText = ({ sql }: { sql: string | null }) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (!sql) return <span className="text-slate-400">—</span>;
  const long = sql.length > SHORT;
  return (
    <div className="flex max-w-md flex-col items-start gap-1">
      <code
        data-testid="query-sql"
        className={`font-mono text-xs text-slate-700 ${open ? 'whitespace-pre-wrap break-words' : 'block max-w-md truncate'}`}
      >
        {open || !long ? sql : `${sql.slice(0, SHORT)}…`}
      </code>
      {long && (
        <button
          type="button"
          aria-expanded={open}
          className="text-xs font-medium text-brand-700 hover:underline"
          onClick={() => setOpen((o) => !o)}
        >
          {t(open ? 'assistant_admin.sql_less' : 'assistant_admin.sql_more')}
        </button>
      )}
    </div>
  );
};
