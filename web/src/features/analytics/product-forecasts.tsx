import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { Card, secondaryButton } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { useMethodName } from './forecast-labels.tsx';

/** A link to the forecast of each location the product has one at; nothing when it has none. */
export const ProductForecastLinks = ({ productId, sku }: { productId: string; sku: string }) => {
  const t = useT();
  const methodName = useMethodName();
  const readable = can('analytics:read');
  // The list has no product filter; the SKU search finds its rows and perhaps a few others'.
  const params = { search: sku, limit: 100 };
  const q = useQuery({
    queryKey: keys.analytics.forecastList(params),
    enabled: readable,
    queryFn: () => unwrap(api.GET('/api/v1/analytics/forecasts', { params: { query: params } })),
    select: (r) => r.data.filter((x) => x.product_id === productId),
  });
  if (!readable || !q.data?.length) return null;
  return (
    <Card title={t('analytics.product_forecasts')}>
      <div className="flex flex-wrap gap-2" data-testid="product-forecasts">
        {q.data.map((x) => (
          <Link
            key={x.location_id}
            to="/analytics/forecasts/$productId/$location"
            params={{ productId, location: x.location_code }}
            className={secondaryButton}
            data-testid={`product-forecast-${x.location_code}`}
          >
            {t('analytics.forecast_at', { location: x.location_code })}
            <span className="ml-2 text-xs text-slate-500">{methodName(x.method)}</span>
          </Link>
        ))}
      </div>
    </Card>
  );
};
