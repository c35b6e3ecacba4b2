import { usePickedProduct } from '../api/queries.ts';
import { useT } from '../i18n/i18n.tsx';
import { useSearchBox } from './list-page.tsx';
import { LocationSelect } from './location-select.tsx';
import { inputClass } from './page.tsx';
import { ProductPicker } from './product-picker.tsx';

type FilterList<F extends string> = {
  filters: Record<F, string>;
  setFilter: (k: F, v: string) => void;
};

/** A search box bound to one filter of a list: typing shows at once, the filter moves on a pause. */
export const SearchFilter = <F extends string>({
  list,
  filter,
  label,
  placeholder,
  testId,
  className = 'w-72',
}: {
  list: FilterList<F>;
  filter: F;
  /** The box's accessible name; the generic "Search" when the placeholder says what is searched. */
  label?: string;
  placeholder: string;
  testId?: string;
  className?: string;
}) => {
  const t = useT();
  const box = useSearchBox(list.filters[filter], (v) => list.setFilter(filter, v));
  return (
    <input
      aria-label={label ?? t('common.search')}
      placeholder={placeholder}
      data-testid={testId}
      {...box}
      className={`${inputClass} ${className}`}
    />
  );
};

/** The product and location filters of a planning list, kept in the address by id and code. */
export const ProductLocationFilters = <F extends string>({
  list,
  testIdPrefix,
}: {
  list: FilterList<F | 'product' | 'location'>;
  testIdPrefix: string;
}) => {
  const t = useT();
  const picked = usePickedProduct(list.filters.product || undefined);
  return (
    <>
      <div className="w-72">
        <ProductPicker
          label={t('buffer.product')}
          value={picked}
          testId={`${testIdPrefix}-product`}
          onChange={(p) => list.setFilter('product', p?.id ?? '')}
        />
      </div>
      <div className="w-56">
        <LocationSelect
          label={t('buffer.location')}
          name="location"
          testId={`${testIdPrefix}-location`}
          emptyLabel={t('planning.all_locations')}
          value={list.filters.location}
          onChange={(v) => list.setFilter('location', v)}
        />
      </div>
    </>
  );
};
