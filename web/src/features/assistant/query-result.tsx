import { useState } from 'react';
import { Chart } from '../../components/chart.tsx';
import { save } from '../../components/export-menu.tsx';
import { secondaryButton } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { QueryAnswer } from './assistant-api.ts';
import { chartOf, isNumeric, numericColumns, toCsv } from './query-table.ts';

/** The statement that ran, to read or copy. */
const SqlBlock = ({ sql }: { sql: string }) => {
  const t = useT();
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sql);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.show(t('assistant.query_copy_failed'), 'error');
    }
  };
  return (
    <figure className="relative">
      <figcaption className="sr-only">{t('assistant.query_sql')}</figcaption>
      <pre
        data-testid="query-sql"
        className="overflow-x-auto rounded-lg bg-slate-900 p-3 pr-20 font-mono text-xs text-slate-100"
      >
        <code>{sql}</code>
      </pre>
      <button
        type="button"
        onClick={() => void copy()}
        data-testid="query-copy"
        className="absolute top-2 right-2 rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-xs text-slate-100 hover:bg-slate-700"
      >
        {copied ? t('assistant.query_copied') : t('assistant.query_copy')}
      </button>
    </figure>
  );
};

const stamp = () => new Date().toISOString().slice(0, 10);

/** What a query answered: its explanation, the SQL, the rows (as a chart too when they fit one). */
export const QueryResult = ({ answer }: { answer: QueryAnswer }) => {
  const t = useT();
  const f = useFormat();
  const { columns, row_count: count, truncated, execution_ms: ms } = answer.metadata;
  const rows = answer.data;
  const numeric = numericColumns(columns, rows);
  const chart = chartOf(columns, rows);
  const download = () =>
    save(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), `query-${stamp()}.csv`);
  return (
    <section
      aria-label={t('assistant.query_result')}
      className="flex flex-col gap-3"
      data-testid="query-result"
    >
      <p className="text-sm text-slate-700" data-testid="query-explanation">
        {answer.query.explanation}
      </p>
      <SqlBlock sql={answer.query.sql} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-500" data-testid="query-count" data-value={count}>
          {t('assistant.query_rows', { n: count, ms: f.qty(Math.round(ms)) })}
          {truncated && (
            <span className="ml-2 font-medium text-amber-700" data-testid="query-truncated">
              {t('assistant.query_truncated')}
            </span>
          )}
        </p>
        {rows.length > 0 && (
          <button type="button" className={secondaryButton} onClick={download} data-testid="query-csv">
            {t('assistant.query_csv')}
          </button>
        )}
      </div>
      {chart && (
        <Chart
          data={chart.data}
          x="label"
          series={[{ key: 'value', label: chart.value, color: '#0d9488', kind: 'bar' }]}
          label={t('assistant.query_chart', { value: chart.value, label: chart.label, n: chart.data.length })}
          testId="query-chart"
        />
      )}
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
          {t('assistant.query_empty')}
        </p>
      ) : (
        <div className="max-h-[32rem] overflow-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="query-table">
            <thead className="sticky top-0 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                {columns.map((c) => (
                  <th
                    key={c}
                    scope="col"
                    className={`px-3 py-2 font-medium ${numeric.has(c) ? 'text-right' : ''}`}
                  >
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r, i) => (
                // Query rows have no key of their own; their order is the statement's.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <tr key={i} data-testid="query-row">
                  {columns.map((c) => {
                    const v = r[c];
                    return (
                      <td
                        key={c}
                        className={`px-3 py-1.5 ${numeric.has(c) ? 'text-right tabular-nums' : ''}`}
                      >
                        {v === null || v === undefined
                          ? '—'
                          : isNumeric(v)
                            ? f.qty(v as string | number)
                            : typeof v === 'object'
                              ? JSON.stringify(v)
                              : String(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};
