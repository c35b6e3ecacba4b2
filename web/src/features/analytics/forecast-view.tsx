import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { usePickedProduct } from '../../api/queries.ts';
import { can } from '../../api/session.ts';
import { Card, Detail, linkButton, PageHeader } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { type ForecastItem, useAnalyticsFormat } from './analytics-parts.tsx';
import { ForecastChart } from './forecast-chart.tsx';
import { ClassBadge, useMethodName } from './forecast-labels.tsx';
import { PlannerOverrides, usePlannerRanges } from './forecast-overrides.tsx';
import { ForecastNow } from './forecast-run.tsx';

const notFound = (e: unknown) => e instanceof ApiError && e.problem.code === 'analytics.forecast_not_found';

/** How the engine chose, and how well the chosen method did on the item's own past. */
const Facts = ({ item }: { item: ForecastItem }) => {
  const t = useT();
  const f = useAnalyticsFormat();
  const methodName = useMethodName();
  const b = item.backtest;
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      <Detail label={t('analytics.method')}>
        <span data-testid="forecast-method" data-value={item.method}>
          {methodName(item.method)}
        </span>
        {item.model && item.model.toLowerCase() !== item.method.toLowerCase() && (
          <span className="block text-xs text-slate-500" data-testid="forecast-model">
            {item.model}
          </span>
        )}
      </Detail>
      <Detail label={t('analytics.class')}>
        <ClassBadge value={item.class} />
      </Detail>
      <Detail label={t('analytics.generated')}>{f.date(item.generated_at)}</Detail>
      <Detail label={t('analytics.history_points')}>
        {t('analytics.n_weeks', { weeks: item.history_points })}
      </Detail>
      <Detail label={t('analytics.rmsse')}>
        <span data-testid="forecast-rmsse">{f.fixed(b.rmsse)}</span>
      </Detail>
      <Detail label={t('analytics.mase')}>
        <span data-testid="forecast-mase">{f.fixed(b.mase)}</span>
      </Detail>
      <Detail label={t('analytics.mae')}>{f.fixed(b.mae)}</Detail>
      <Detail label={t('analytics.origins')}>{f.qty(b.origins)}</Detail>
    </dl>
  );
};

/** One item's forecast: the past year, the forecast with its bands, the scores, the planner's ranges. */
export const ForecastViewPage = ({ productId, location }: { productId: string; location: string }) => {
  const t = useT();
  const product = usePickedProduct(productId);
  const q = useQuery({
    queryKey: keys.analytics.forecast(productId, location),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/analytics/forecasts/{product_id}/{location}', {
          params: { path: { product_id: productId, location } },
        }),
      ),
    retry: (n, e) => !notFound(e) && n < 2,
  });
  const ranges = usePlannerRanges(productId, location);
  const item = q.data;
  const title = item
    ? `${item.sku} · ${item.product_name}`
    : product?.name
      ? `${product.sku} · ${product.name}`
      : t('analytics.forecast_title');
  return (
    <div className="flex flex-col gap-4" data-testid="forecast-view">
      <Link to="/analytics" search={{ tab: 'forecasts' } as never} className={linkButton}>
        ← {t('analytics.back_to_forecasts')}
      </Link>
      <PageHeader
        title={title}
        subtitle={t('analytics.forecast_subtitle', { location })}
        actions={
          can('product:read') && (
            <Link to="/products/$id" params={{ id: productId }} className={linkButton}>
              {t('analytics.open_product')}
            </Link>
          )
        }
      />
      {notFound(q.error) ? (
        <div data-testid="forecast-missing">
          <EmptyState
            title={t('analytics.forecast_missing')}
            body={t('analytics.forecast_missing_body')}
            action={<ForecastNow />}
          />
        </div>
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !item ? (
        <LoadingState />
      ) : (
        <Card title={t('analytics.forecast_chart_title')}>
          <ForecastChart item={item} ranges={ranges.data} />
          <p className="text-xs text-slate-500">{t('analytics.chart_hint')}</p>
          <Facts item={item} />
        </Card>
      )}
      {can('buffer:read') && <PlannerOverrides productId={productId} location={location} />}
    </div>
  );
};
