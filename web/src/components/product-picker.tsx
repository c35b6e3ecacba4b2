import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { api, unwrap } from '../api/client.ts';
import { can } from '../api/session.ts';
import { useT } from '../i18n/i18n.tsx';
import { inputClass, linkButton } from './page.tsx';

export type PickedProduct = { id: string; sku: string; name: string };

/** The value after the user stops typing for `ms`, so a search does not fire per keystroke. */
export const useDebounced = <T,>(value: T, ms = 200) => {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
};

/**
 * Products matching a search: the catalog's full-text search, or, for roles that may read
 * stock but not the catalog, the stock list's.
 */
const useProductSearch = (term: string) => {
  const catalog = can('product:read');
  return useQuery({
    queryKey: ['products', 'search', catalog, term],
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<PickedProduct[]> => {
      if (catalog) {
        const r = await unwrap(
          api.GET('/api/v1/products', { params: { query: { search: term, limit: 8 } } }),
        );
        return r.data.map((p) => ({ id: p.id, sku: p.sku, name: p.name }));
      }
      const r = await unwrap(
        api.GET('/api/v1/inventory', { params: { query: { search: term, limit: 50 } } }),
      );
      const seen = new Map<string, PickedProduct>();
      for (const row of r.data)
        seen.set(row.product_id, { id: row.product_id, sku: row.sku, name: row.name });
      return [...seen.values()].slice(0, 8);
    },
  });
};

/** Pick one product by SKU or name; the choice shows as a chip that can be changed. */
export const ProductPicker = ({
  label,
  value,
  onChange,
  testId = 'product-picker',
  error,
}: {
  label: string;
  value: PickedProduct | undefined;
  onChange: (p: PickedProduct | undefined) => void;
  testId?: string;
  error?: string;
}) => {
  const t = useT();
  const id = useId();
  const [term, setTerm] = useState('');
  const [active, setActive] = useState(0);
  const search = useDebounced(term.trim());
  const results = useProductSearch(search);
  // Closed at once when the field empties (a pick clears it), not a debounce later.
  const listed = search !== '' && term.trim() !== '';
  const options = listed ? (results.data ?? []) : [];
  const pick = (p: PickedProduct) => {
    onChange(p);
    setTerm('');
    setActive(0);
  };

  if (value) {
    return (
      <div className="flex flex-col gap-1">
        <span className="text-sm font-medium text-slate-700">{label}</span>
        <div
          data-testid={`${testId}-value`}
          className="flex items-center justify-between gap-2 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
        >
          <span>
            <span className="font-mono text-xs">{value.sku}</span> · {value.name}
          </span>
          <button type="button" className={linkButton} onClick={() => onChange(undefined)}>
            {t('picker.change')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="relative flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        data-testid={`${testId}-search`}
        role="combobox"
        aria-expanded={options.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        autoComplete="off"
        placeholder={t('picker.placeholder')}
        value={term}
        onChange={(e) => {
          setTerm(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, options.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') {
            // Enter picks, and must not submit the form around the picker.
            e.preventDefault();
            const o = options[active];
            if (o) pick(o);
          } else return;
          e.preventDefault();
        }}
        className={`${inputClass} ${error ? 'border-red-400' : ''}`}
      />
      {error && <p className="text-xs text-red-600">{error}</p>}
      {listed && (
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label={label}
          className="absolute top-full z-10 mt-1 max-h-64 w-full overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          {options.map((o, i) => (
            <div
              key={o.id}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              data-testid={`${testId}-option-${o.sku}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(o)}
              onKeyDown={() => {}}
              className={`cursor-pointer px-3 py-2 text-sm ${i === active ? 'bg-brand-50' : 'hover:bg-slate-50'}`}
            >
              <span className="font-mono text-xs">{o.sku}</span> · {o.name}
            </div>
          ))}
          {!results.isFetching && options.length === 0 && (
            <p className="px-3 py-2 text-sm text-slate-500">{t('picker.none')}</p>
          )}
        </div>
      )}
    </div>
  );
};
