import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Ref, useContext, useEffect, useRef, useState } from 'react';
import {
  ComboBox,
  ComboBoxStateContext,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
} from 'react-aria-components';
import { api, unwrap } from '../api/client.ts';
import { keys } from '../api/keys.ts';
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
    queryKey: keys.products.search(catalog, term),
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

/**
 * The search field. Enter never submits the form around the picker: with an option reached by
 * the arrows the combobox picks it; with none, Enter takes the first match, as a search box would.
 */
const SearchInput = ({
  ref,
  testId,
  first,
  onPickFirst,
  className,
}: {
  ref: Ref<HTMLInputElement>;
  testId: string;
  first: PickedProduct | undefined;
  onPickFirst: (p: PickedProduct) => void;
  className: string;
}) => {
  const t = useT();
  const state = useContext(ComboBoxStateContext);
  return (
    <Input
      ref={ref}
      data-testid={`${testId}-search`}
      placeholder={t('picker.placeholder')}
      // Capture runs before the combobox's own handler, which would otherwise commit "nothing".
      onKeyDownCapture={(e) => {
        if (e.key !== 'Enter' || state?.selectionManager.focusedKey != null) return;
        e.preventDefault();
        e.stopPropagation();
        if (state?.isOpen && first) onPickFirst(first);
      }}
      className={className}
    />
  );
};

/**
 * Pick one product by SKU or name: a combobox searched on the server as the user types. The
 * choice shows as a chip that can be changed; a caller that keeps `value` empty (an "add a
 * line" picker) gets the field back, cleared, for the next pick.
 */
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
  const [term, setTerm] = useState('');
  const search = useDebounced(term.trim());
  const results = useProductSearch(search);
  const typed = term.trim() !== '';
  // Closed at once when the field empties (a pick clears it), not a debounce later.
  const options = search !== '' && typed ? (results.data ?? []) : [];
  const settled = search === term.trim() && !results.isFetching;

  // The field and the chip replace each other; focus follows to whichever now holds the choice,
  // once it shows (a caller may take a moment to pass the new value; typing again cancels it).
  const input = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);
  const refocus = useRef<'input' | 'change' | undefined>(undefined);
  useEffect(() => {
    const target = refocus.current === 'input' ? input.current : refocus.current && change.current;
    if (!target) return;
    target.focus();
    refocus.current = undefined;
  });

  const pick = (p: PickedProduct) => {
    setTerm('');
    refocus.current = 'change';
    onChange(p);
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
          <button
            ref={change}
            type="button"
            className={linkButton}
            onClick={() => {
              refocus.current = 'input';
              onChange(undefined);
            }}
          >
            {t('picker.change')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <ComboBox
      items={options}
      inputValue={term}
      onInputChange={(text) => {
        refocus.current = undefined;
        setTerm(text);
      }}
      // Nothing stays selected inside the field: a pick goes to the caller and clears the text,
      // and Escape or leaving the field without a pick clears it too (key null).
      selectedKey={null}
      onSelectionChange={(key) => {
        const picked = options.find((o) => o.id === key);
        if (picked) pick(picked);
        else setTerm('');
      }}
      // The list opens as the user types, before the first results arrive, and says so.
      allowsEmptyCollection={typed}
      isInvalid={Boolean(error)}
      className="flex flex-col gap-1"
    >
      <Label className="text-sm font-medium text-slate-700">{label}</Label>
      <SearchInput
        ref={input}
        testId={testId}
        first={options[0]}
        onPickFirst={pick}
        className={`${inputClass} ${error ? 'border-red-400' : ''}`}
      />
      <FieldError className="text-xs text-red-600">{error}</FieldError>
      <Popover
        offset={4}
        className="max-h-64 w-(--trigger-width) overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-lg"
      >
        <ListBox<PickedProduct>
          className="outline-none"
          renderEmptyState={() => (
            <p className="px-3 py-2 text-sm text-slate-500">
              {settled ? t('picker.none') : t('state.loading')}
            </p>
          )}
        >
          {(o) => (
            <ListBoxItem
              id={o.id}
              textValue={`${o.sku} · ${o.name}`}
              data-testid={`${testId}-option-${o.sku}`}
              className={({ isFocused }) =>
                `cursor-pointer px-3 py-2 text-sm outline-none ${isFocused ? 'bg-brand-50' : 'hover:bg-slate-50'}`
              }
            >
              <span className="font-mono text-xs">{o.sku}</span> · {o.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
};
