import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { can } from '../../api/session.ts';
import { primaryButton } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/i18n.tsx';

const live = (status: string | undefined) => status === 'queued' || status === 'running';

/**
 * "Forecast now" and the run's progress. A run already going (started here, by the nightly
 * schedule or by a colleague) is followed too; when it ends the stored forecasts are refetched.
 */
export const ForecastNow = () => {
  const t = useT();
  const qc = useQueryClient();
  const toast = useToast();
  const [runId, setRunId] = useState<string>();
  // The latest run: one already going when the page opens is followed instead of offering a button.
  const latest = useQuery({
    queryKey: keys.analytics.runs,
    queryFn: () => unwrap(api.GET('/api/v1/analytics/forecasts/runs', { params: { query: { limit: 1 } } })),
    staleTime: 10_000,
  });
  const going = latest.data?.data[0];
  const followed = runId ?? (live(going?.status) ? going?.id : undefined);
  const run = useQuery({
    queryKey: keys.analytics.run(followed ?? ''),
    enabled: Boolean(followed),
    queryFn: () =>
      unwrap(api.GET('/api/v1/analytics/forecasts/runs/{id}', { params: { path: { id: followed ?? '' } } })),
    refetchInterval: (q) => (live(q.state.data?.status) || !q.state.data ? 1000 : false),
  });
  const status = run.data?.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: act once per run's end
  useEffect(() => {
    if (!followed || !status || live(status)) return;
    if (status === 'completed') toast.show(t('analytics.run_done'), 'success');
    else toast.show(t('analytics.run_failed'), 'error');
    setRunId(undefined);
    void qc.invalidateQueries({ queryKey: keys.analytics.forecasts });
    void qc.invalidateQueries({ queryKey: keys.analytics.runs });
    void qc.invalidateQueries({ queryKey: keys.forecasts.all });
  }, [followed, status]);
  const start = useApiMutation({
    request: () => unwrap(api.POST('/api/v1/analytics/forecasts/runs')),
    onSuccess: (r) => setRunId(r.id),
    toastError: true,
  });
  if (!can('analytics:write')) return null;
  if (followed && (!status || live(status))) {
    const r = run.data;
    return (
      <span
        role="status"
        className="flex items-center gap-2 text-sm text-slate-600"
        data-testid="forecast-run-progress"
      >
        <span className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
        {r?.products_total
          ? t('analytics.run_progress', { done: r.products_done, total: r.products_total })
          : t('analytics.run_queued')}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={primaryButton}
      disabled={start.busy}
      data-testid="forecast-now"
      onClick={() => void start.run()}
    >
      {t('analytics.forecast_now')}
    </button>
  );
};
