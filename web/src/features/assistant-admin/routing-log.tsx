import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Json } from '../../api/queries.ts';
import { DataTable } from '../../components/data-table.tsx';
import { useListQuery, useListSearch } from '../../components/list-page.tsx';
import { inputClass, Toolbar } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { LOG_LIMIT, OutcomeBadge, TARGETS, TargetBadge, useMs, useWord } from './log-parts.tsx';

type Row = Json<'/api/v1/ai/routing-logs', 'get'>['data'][number];

/** Where each model request went (local, cloud, offline, refused), why, and what it cost. */
export const RoutingLog = () => {
  const t = useT();
  const f = useFormat();
  const ms = useMs();
  const word = useWord();
  const list = useListSearch({ target: '' });
  const q = useListQuery<Row, { target: string }>(list, {
    key: (p) => keys.aiLogs.page('routing', p),
    limit: LOG_LIMIT,
    fetch: ({ page, limit, target }) =>
      unwrap(
        api.GET('/api/v1/ai/routing-logs', {
          params: { query: { page, limit, target: TARGETS.find((x) => x === target) } },
        }),
      ),
  });
  return (
    <div className="flex flex-col gap-4">
      <Toolbar>
        <select
          aria-label={t('assistant_admin.target')}
          data-testid="routing-target-filter"
          value={list.filters.target}
          onChange={(e) => list.setFilter('target', e.target.value)}
          className={inputClass}
        >
          <option value="">{t('assistant_admin.all_targets')}</option>
          {TARGETS.map((x) => (
            <option key={x} value={x}>
              {t(`assistant_admin.target.${x}`)}
            </option>
          ))}
        </select>
      </Toolbar>
      <DataTable
        {...q.table}
        rowKey={(r) => r.id}
        rowProps={() => ({ 'data-testid': 'routing-row', className: 'align-top hover:bg-slate-50' })}
        empty={<EmptyState title={t('assistant_admin.routing_none')} />}
        columns={[
          {
            key: 'when',
            header: t('common.when'),
            cell: (r) => <span className="whitespace-nowrap">{f.date(r.created_at)}</span>,
          },
          {
            key: 'target',
            header: t('assistant_admin.target'),
            cell: (r) => (
              <span className="flex flex-col items-start gap-1">
                <TargetBadge target={r.target} />
                <span className="text-xs text-slate-500">{word('purpose', r.purpose)}</span>
              </span>
            ),
          },
          {
            key: 'classification',
            header: t('assistant_admin.classification'),
            cell: (r) => <span data-testid="routing-classification">{word('class', r.classification)}</span>,
          },
          {
            key: 'reason',
            header: t('assistant_admin.reason'),
            cell: (r) => (
              <span className="flex flex-col items-start gap-1">
                <span className="text-slate-700">{r.reason}</span>
                <OutcomeBadge outcome={r.outcome} />
              </span>
            ),
          },
          {
            key: 'model',
            header: t('assistant_admin.model'),
            cell: (r) => (r.model ? <span className="font-mono text-xs">{r.model}</span> : '—'),
          },
          {
            key: 'tokens',
            header: t('assistant_admin.tokens'),
            align: 'right',
            cell: (r) => (
              <span
                className="whitespace-nowrap"
                title={t('assistant_admin.tokens_hint', {
                  prompt: f.qty(r.prompt_tokens),
                  completion: f.qty(r.completion_tokens),
                })}
              >
                {f.qty(r.prompt_tokens)} / {f.qty(r.completion_tokens)}
              </span>
            ),
          },
          {
            key: 'latency',
            header: t('assistant_admin.latency'),
            align: 'right',
            cell: (r) => <span className="whitespace-nowrap">{ms(r.latency_ms)}</span>,
          },
        ]}
      />
    </div>
  );
};
