import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { Card, linkButton, PageHeader } from '../../components/page.tsx';
import { type PickedProduct, ProductPicker } from '../../components/product-picker.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { AvailabilityPanel, useAvailability } from './availability-panel.tsx';

/** What the picker shows for the product in the address: the catalog's, else the availability's. */
const usePicked = (productId: string | undefined): PickedProduct | undefined => {
  const product = useQuery({
    queryKey: keys.product.one(productId),
    enabled: Boolean(productId) && can('product:read'),
    queryFn: () => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id: productId ?? '' } } })),
  });
  const availability = useAvailability(productId);
  if (!productId) return undefined;
  if (product.data) return { id: product.data.id, sku: product.data.sku, name: product.data.name };
  const name = availability.data?.product_name;
  return { id: productId, sku: '', name: name ?? '…' };
};

/** Availability of one product in every location, live: stock and reservation events refresh it. */
export const AvailabilityPage = ({ productId }: { productId?: string }) => {
  const t = useT();
  const navigate = useNavigate();
  const picked = usePicked(productId);
  return (
    <div className="flex flex-col gap-4" data-testid="availability-page">
      <PageHeader title={t('nav.availability')} subtitle={t('availability.subtitle')} />
      <div className="max-w-xl">
        <ProductPicker
          label={t('common.product')}
          testId="availability-product"
          value={picked}
          onChange={(p) => void navigate({ to: '/availability', search: { product: p?.id } })}
        />
      </div>
      {productId ? (
        <Card
          actions={
            can('product:read') && (
              <Link to="/products/$id" params={{ id: productId }} className={linkButton}>
                {t('availability.open_product')}
              </Link>
            )
          }
        >
          <AvailabilityPanel productId={productId} />
        </Card>
      ) : (
        <EmptyState title={t('availability.pick')} body={t('availability.pick_body')} />
      )}
    </div>
  );
};
