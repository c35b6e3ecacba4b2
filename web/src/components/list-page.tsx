import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useEffect, useState } from 'react';
import { PageHeader, primaryButton, Toolbar } from './page.tsx';
import { useDebounced } from './product-picker.tsx';

type Filters = Record<string, string>;

/**
 * A list's page and filters, kept in the address so a filtered list can be linked,
 * bookmarked and found again with Back. Filters are strings ('' = not filtered) with the
 * defaults given; changing one goes back to page 1. Values the address holds that are not
 * filters of this list are left alone.
 */
export const useListSearch = <F extends Filters>(defaults: F) => {
  const search = useSearch({ strict: false }) as Record<string, unknown>;
  const navigate = useNavigate();
  const page = Math.max(1, Math.trunc(Number(search.page)) || 1);
  const filters = Object.fromEntries(
    Object.entries(defaults).map(([k, d]) => {
      const v = search[k];
      return [k, v === undefined || v === null ? d : String(v)];
    }),
  ) as F;
  const go = (patch: Record<string, string | number>) =>
    void navigate({
      to: '.',
      replace: true,
      search: (prev: Record<string, unknown>) => {
        const next: Record<string, unknown> = { ...prev, ...patch };
        for (const [k, v] of Object.entries(next)) {
          // The address carries only what differs from the defaults; '' stays where the default
          // is a value, as "not filtered" (reservations open on the pending ones, '' shows all).
          const d = k in defaults ? (defaults as Filters)[k] : '';
          if (v === d || (k === 'page' && v === 1)) delete next[k];
        }
        return next;
      },
    } as never);
  return {
    page,
    filters,
    setPage: (p: number) => go({ page: p }),
    setFilter: <K extends keyof F & string>(k: K, v: F[K]) => go({ [k]: v, page: 1 }),
    /** The filters that are set, ready to spread into a request's query. */
    query: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')) as {
      [K in keyof F]?: Exclude<F[K], ''>;
    },
  };
};

type ListSearch<F extends Filters> = ReturnType<typeof useListSearch<F>>;
type Paged<Row> = { data: Row[]; pagination: { total: number } };

/**
 * The rows of the page and filters the address holds: the last page stays on screen while the
 * next loads, and `table` is what a DataTable needs for its paging, loading and error states.
 */
export const useListQuery = <Row, F extends Filters>(
  list: ListSearch<F>,
  o: {
    key: (params: Record<string, unknown>) => QueryKey;
    limit: number;
    fetch: (query: { page: number; limit: number } & ListSearch<F>['query']) => Promise<Paged<Row>>;
  },
) => {
  const q = useQuery({
    queryKey: o.key({ page: list.page, ...list.query }),
    placeholderData: keepPreviousData,
    queryFn: () => o.fetch({ page: list.page, limit: o.limit, ...list.query }),
  });
  return {
    ...q,
    table: {
      rows: q.data?.data,
      page: list.page,
      limit: o.limit,
      total: q.data?.pagination.total ?? 0,
      onPageChange: list.setPage,
      loading: q.isLoading,
      error: q.error,
      onRetry: () => void q.refetch(),
    },
  };
};

/**
 * A search box bound to a list filter: it shows what is typed at once and writes the
 * filter when typing pauses, so the request (and the address) changes once per pause.
 */
export const useSearchBox = (value: string, onSettle: (v: string) => void) => {
  const [text, setText] = useState(value);
  const settled = useDebounced(text.trim());
  // biome-ignore lint/correctness/useExhaustiveDependencies: write only when the settled text moves
  useEffect(() => {
    if (settled !== value) onSettle(settled);
  }, [settled]);
  return { value: text, onChange: (e: { target: { value: string } }) => setText(e.target.value) };
};

/**
 * The shape of every list page: an optional way back, header with its actions (`create` is
 * the page's main "new" button, shown when given), the tabs (views of the same list), the
 * filters' toolbar, then the list.
 */
export const ListPage = ({
  title,
  subtitle,
  actions,
  create,
  back,
  tabs,
  toolbar,
  testId,
  children,
}: {
  title: string;
  subtitle?: string;
  actions?: ReactNode;
  create?: { label: string; onClick: () => void; testId?: string } | false;
  back?: ReactNode;
  tabs?: ReactNode;
  toolbar?: ReactNode;
  testId?: string;
  children: ReactNode;
}) => (
  <div className="flex flex-col gap-4" data-testid={testId}>
    {back}
    <PageHeader
      title={title}
      subtitle={subtitle}
      actions={
        create ? (
          <>
            {actions}
            <button
              type="button"
              className={primaryButton}
              onClick={create.onClick}
              data-testid={create.testId}
            >
              {create.label}
            </button>
          </>
        ) : (
          actions
        )
      }
    />
    {tabs}
    {toolbar && <Toolbar>{toolbar}</Toolbar>}
    {children}
  </div>
);

/** A list's views as tabs (all orders, purchases, transfers…); the choice is a list filter. */
export const ListTabs = <V extends string>({
  value,
  options,
  onChange,
  testId,
}: {
  value: V;
  options: readonly { value: V; label: string; testId: string }[];
  onChange: (v: V) => void;
  testId?: string;
}) => (
  <div role="tablist" className="flex gap-2 border-b border-slate-200" data-testid={testId}>
    {options.map((o) => (
      <button
        key={o.value}
        type="button"
        role="tab"
        aria-selected={value === o.value}
        data-testid={o.testId}
        onClick={() => onChange(o.value)}
        className={`-mb-px border-b-2 px-3 py-2 text-sm ${value === o.value ? 'border-brand-600 font-medium text-brand-800' : 'border-transparent text-slate-500 hover:text-slate-700'}`}
      >
        {o.label}
      </button>
    ))}
  </div>
);

/**
 * A DataTable's rows, paging and load states from a list's address and its page query (a
 * `{ data, pagination }` answer): spread into the table, next to its columns.
 */
export const pagedRows = <Row,>(
  list: { page: number; setPage: (p: number) => void },
  query: {
    data?: { data: Row[]; pagination: { total: number } };
    isLoading: boolean;
    error: unknown;
    refetch: () => unknown;
  },
  limit: number,
) => ({
  rows: query.data?.data,
  page: list.page,
  limit,
  total: query.data?.pagination.total ?? 0,
  onPageChange: list.setPage,
  loading: query.isLoading,
  error: query.error,
  onRetry: () => void query.refetch(),
});
