import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { primaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { queryExamples, runQuery } from './assistant-api.ts';
import { QueryResult } from './query-result.tsx';

const MIN = 3;
const MAX = 500;

/** Why the guard refused a query: the rule it broke and the server's words. */
const Refusal = ({ error }: { error: ApiError }) => {
  const { t } = useI18n();
  const rule = (error.problem as { rule?: unknown }).rule;
  return (
    <div
      role="alert"
      data-testid="query-refused"
      className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      <p className="font-medium">{t('assistant.query_refused')}</p>
      {typeof rule === 'string' && (
        <p className="mt-1">
          {t('assistant.query_rule')}:{' '}
          <code className="font-mono text-xs" data-testid="query-rule">
            {rule}
          </code>
        </p>
      )}
      {error.problem.detail && <p className="mt-1">{error.problem.detail}</p>}
    </div>
  );
};

/** A question in plain words answered by one guarded, read-only query over your own data. */
export const QueryTab = () => {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const inputId = useId();
  const examples = useQuery({
    queryKey: keys.assistant.examples,
    queryFn: queryExamples,
    staleTime: Infinity,
  });
  const run = useMutation({ mutationFn: runQuery });
  const ask = (q: string) => {
    const query = q.trim();
    if (query.length < MIN || run.isPending) return;
    setText(query);
    run.mutate(query);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask(text);
  };
  const error = run.error;
  const refused = error instanceof ApiError && error.problem.code === 'ai.sql_refused';
  return (
    <div className="flex flex-col gap-4" data-testid="query-tab">
      <form onSubmit={submit} className="flex flex-col gap-2" data-testid="query-form">
        <label htmlFor={inputId} className="text-sm font-medium text-slate-700">
          {t('assistant.query_label')}
        </label>
        <div className="flex items-start gap-2">
          <textarea
            id={inputId}
            data-testid="query-input"
            rows={2}
            minLength={MIN}
            maxLength={MAX}
            value={text}
            placeholder={t('assistant.query_placeholder')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                ask(text);
              }
            }}
            className="flex-1 resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500"
          />
          <button
            type="submit"
            className={primaryButton}
            disabled={run.isPending || text.trim().length < MIN}
            data-testid="query-run"
          >
            {run.isPending ? t('assistant.query_running') : t('assistant.query_run')}
          </button>
        </div>
        {examples.data && examples.data.data.length > 0 && (
          <div className="flex flex-col gap-1">
            <span className="text-xs text-slate-500">{t('assistant.query_examples')}</span>
            <ul className="flex flex-wrap gap-2" aria-label={t('assistant.query_examples')}>
              {examples.data.data.map((x) => (
                <li key={x.id}>
                  <button
                    type="button"
                    data-testid="query-example"
                    data-id={x.id}
                    disabled={run.isPending}
                    onClick={() => ask(x.question[lang])}
                    className="rounded-full border border-brand-100 bg-white px-3 py-1 text-sm text-brand-800 hover:bg-brand-50 disabled:opacity-50"
                  >
                    {x.question[lang]}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
      <div aria-live="polite" aria-busy={run.isPending}>
        {error ? (
          refused ? (
            <Refusal error={error} />
          ) : (
            <ProblemAlert error={error} />
          )
        ) : run.data ? (
          <QueryResult answer={run.data} />
        ) : null}
      </div>
    </div>
  );
};
