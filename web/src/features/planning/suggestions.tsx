import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiBatch } from '../../api/mutation.ts';
import type { paths } from '../../api/schema';
import { can } from '../../api/session.ts';
import { DataTable } from '../../components/data-table.tsx';
import { positiveDecimal } from '../../components/form-values.ts';
import { ExportMenu } from '../../components/export-menu.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { inputClass, primaryButton, secondaryButton } from '../../components/page.tsx';
import { EmptyState, useProblemText } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BackToPlanning } from './back-link.tsx';
import { PriorityBadge, type Zone, ZoneFilter } from './buffer-parts.tsx';

type Suggestion =
  paths['/api/v1/replenishment-suggestions']['get']['responses'][200]['content']['application/json']['data'][number];

const STATUSES = ['OPEN', 'APPROVED', 'REJECTED'] as const;
type Status = (typeof STATUSES)[number];

/** What came of one approve or reject: the row it was for and, when refused, why. */
type Outcome = { id: string; label: string; error?: string };
type Decision = { s: Suggestion; kind: 'approve' | 'reject'; quantity?: number };

const closedByOthers = (err: unknown) =>
  err instanceof ApiError && err.problem.code === 'planning.suggestion_closed';

/**
 * The planner's inbox: open suggestions as the API ranks them (red first, then net flow %), each
 * with an editable quantity, approved or rejected one by one or in a batch. Approving puts the
 * quantity on order, so the buffers refresh with the list; the live stream keeps both current.
 */
export const SuggestionsPage = () => {
  const t = useT();
  const f = useFormat();
  const toast = useToast();
  const problemText = useProblemText();
  const list = useListSearch({ status: 'OPEN' as Status, zone: '' });
  const status: Status = STATUSES.find((s) => s === list.filters.status) ?? 'OPEN';
  const { zone } = list.query;
  const page = list.page;
  // Edited quantities and row errors by suggestion id; a row not edited orders what it suggests.
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<Outcome[]>([]);
  const limit = 50;
  const suggestions = useQuery({
    queryKey: keys.suggestions.list({ status, zone, page }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/replenishment-suggestions', {
          params: { query: { page, limit, status, ...(zone ? { zone: zone as Zone } : {}) } },
        }),
      ),
  });
  const rows = suggestions.data?.data;
  const actionable = status === 'OPEN' && can('replenishment:approve');
  // A row another planner closed drops out of the list, and out of the selection with it.
  const visible = new Set((rows ?? []).map((s) => s.id));
  const chosen = (rows ?? []).filter((s) => selected.has(s.id));
  const allChosen = rows !== undefined && rows.length > 0 && chosen.length === rows.length;

  const label = (s: Suggestion) => `${s.sku} · ${s.location_code}`;
  const quantityText = (s: Suggestion) => edited[s.id] ?? String(s.quantity);
  /** The row's quantity as the API takes it, or undefined with the row's error set. */
  const quantityOf = (s: Suggestion, found: Record<string, string>) => {
    const parsed = positiveDecimal.safeParse(quantityText(s));
    if (parsed.success) return Number(parsed.data);
    found[s.id] = t(parsed.error.issues[0]?.message as MessageKey);
    return undefined;
  };
  const filter = (k: 'status' | 'zone', v: string) => {
    list.setFilter(k, v as Status);
    setSelected(new Set());
    setErrors({});
    setFailures([]);
  };
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set([...prev].filter((x) => visible.has(x)));
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  /**
   * One request per row, all at once. Whatever happened, the list and the buffers now differ
   * from what is on screen, so they refresh; then the page says how many went through and
   * which did not, and why.
   */
  const decide = useApiBatch({
    request: ({ s, kind, quantity }: Decision) => {
      const path = { params: { path: { id: s.id } } };
      return kind === 'approve'
        ? unwrap(api.POST('/api/v1/replenishment-suggestions/{id}/approve', { ...path, body: { quantity } }))
        : unwrap(api.POST('/api/v1/replenishment-suggestions/{id}/reject', path));
    },
    invalidates: [keys.suggestions.all, keys.buffers.all, keys.buffer.all],
    onSettled: ({ done, failed }) => {
      const ok = new Set(done.map((d) => d.values.s.id));
      const kind = (done[0] ?? failed[0])?.values.kind;
      const outcomes = failed.map(({ values: { s }, error }) => ({
        id: s.id,
        label: label(s),
        error: problemText(error),
      }));
      setSelected((prev) => new Set([...prev].filter((id) => !ok.has(id))));
      setEdited((prev) => Object.fromEntries(Object.entries(prev).filter(([id]) => !ok.has(id))));
      setErrors(Object.fromEntries(outcomes.map((x) => [x.id, x.error ?? ''])));
      setFailures(outcomes);
      if (ok.size > 0)
        toast.show(
          t(kind === 'approve' ? 'suggestions.approved' : 'suggestions.rejected', { count: ok.size }),
          'success',
        );
      if (failed.length > 0) toast.show(t('suggestions.failed', { count: failed.length }), 'error');
      // A 409 means another planner acted first: the refresh shows what they did.
      if (failed.some((x) => closedByOthers(x.error))) toast.show(t('suggestions.refreshed'), 'info');
    },
  });
  const busy = decide.busy;

  /** Checks every quantity first: one bad row sends nothing, so a batch is never half-sent by mistake. */
  const act = async (targets: Suggestion[], kind: 'approve' | 'reject') => {
    const found: Record<string, string> = {};
    const decisions = targets.map((s) => ({
      s,
      kind,
      quantity: kind === 'approve' ? quantityOf(s, found) : undefined,
    }));
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setFailures([]);
    await decide.run(decisions);
  };

  return (
    <ListPage
      testId="suggestions-page"
      back={<BackToPlanning />}
      title={t('suggestions.title')}
      subtitle={t('suggestions.subtitle')}
      actions={
        <ExportMenu
          path="/api/v1/replenishment-suggestions/export"
          query={{ status, ...(zone ? { zone } : {}) }}
          testId="suggestions-export"
        />
      }
      toolbar={
        <>
          <select
            aria-label={t('common.status')}
            data-testid="suggestions-status"
            value={status}
            onChange={(e) => filter('status', e.target.value)}
            className={inputClass}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`suggestions.status_${s.toLowerCase()}` as MessageKey)}
              </option>
            ))}
          </select>
          <ZoneFilter
            testId="suggestions-zone"
            value={list.filters.zone}
            onChange={(z) => filter('zone', z)}
          />
          {actionable && (
            <div className="ml-auto flex items-center gap-3">
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  data-testid="suggestions-select-all"
                  checked={allChosen}
                  disabled={!rows?.length}
                  onChange={(e) =>
                    setSelected(new Set(e.target.checked ? (rows ?? []).map((s) => s.id) : []))
                  }
                />
                {t('suggestions.select_all')}
              </label>
              <button
                type="button"
                className={primaryButton}
                disabled={busy || chosen.length === 0}
                data-testid="suggestions-approve-selected"
                onClick={() => void act(chosen, 'approve')}
              >
                {t('suggestions.approve_selected', { count: chosen.length })}
              </button>
            </div>
          )}
        </>
      }
    >
      {failures.length > 0 && (
        <div
          role="alert"
          data-testid="suggestions-failures"
          className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
        >
          <p className="font-medium">{t('suggestions.failed', { count: failures.length })}</p>
          <ul className="mt-1 list-disc pl-5">
            {failures.map((x) => (
              <li key={x.id}>
                <span className="font-mono text-xs">{x.label}</span>: {x.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      <DataTable<Suggestion>
        {...pagedRows(list, suggestions, limit)}
        rowKey={(s) => s.id}
        rowProps={(s) => ({
          className: s.planning_priority === 'red' ? 'bg-red-50/50 hover:bg-red-50' : 'hover:bg-slate-50',
          'data-testid': `suggestion-row-${s.sku}-${s.location_code}`,
        })}
        empty={
          <EmptyState
            title={t(status === 'OPEN' ? 'suggestions.none_open' : 'suggestions.none')}
            body={status === 'OPEN' ? t('suggestions.none_open_body') : undefined}
          />
        }
        columns={[
          ...(actionable
            ? [
                {
                  key: 'select',
                  header: '',
                  cell: (s: Suggestion) => (
                    <input
                      type="checkbox"
                      aria-label={t('suggestions.select', { label: label(s) })}
                      data-testid="suggestion-select"
                      checked={selected.has(s.id)}
                      onChange={(e) => toggle(s.id, e.target.checked)}
                    />
                  ),
                },
              ]
            : []),
          {
            key: 'priority',
            header: t('planning.priority'),
            cell: (s) => <PriorityBadge priority={s.planning_priority} testId="suggestion-priority" />,
          },
          {
            key: 'product',
            header: t('common.product'),
            cell: (s) => (
              <span className="flex flex-col">
                <Link
                  to="/planning/buffers/$id"
                  params={{ id: s.buffer_id }}
                  className="font-mono text-xs text-brand-700 hover:underline"
                  data-testid="suggestion-link"
                >
                  {s.sku}
                </Link>
                <span>{s.product_name}</span>
              </span>
            ),
          },
          {
            key: 'location',
            header: t('buffer.location'),
            cell: (s) => <span className="font-mono text-xs">{s.location_code}</span>,
          },
          {
            key: 'nfp',
            header: t('planning.nfp'),
            align: 'right',
            cell: (s) => (
              <span data-testid="suggestion-nfp" data-value={s.net_flow_position}>
                {f.qty(s.net_flow_position)}
              </span>
            ),
          },
          {
            key: 'nfp_pct',
            header: t('planning.nfp_pct'),
            align: 'right',
            cell: (s) => (
              <span className="whitespace-nowrap">
                {s.net_flow_percent === null ? '—' : `${f.qty(s.net_flow_percent)} %`}
              </span>
            ),
          },
          {
            key: 'tog',
            header: t('buffer.top_of_green'),
            align: 'right',
            cell: (s) => f.qty(s.top_of_green),
          },
          {
            key: 'quantity',
            header: t('suggestions.quantity'),
            align: 'right',
            cell: (s) =>
              actionable ? (
                <span className="flex flex-col items-end gap-1">
                  <input
                    aria-label={t('suggestions.quantity_for', { label: label(s) })}
                    inputMode="decimal"
                    data-testid="suggestion-quantity"
                    value={quantityText(s)}
                    aria-invalid={Boolean(errors[s.id]) || undefined}
                    onChange={(e) => {
                      const v = e.target.value;
                      setEdited((prev) => ({ ...prev, [s.id]: v }));
                      setErrors(({ [s.id]: _, ...rest }) => rest);
                    }}
                    className={`${inputClass} w-28 text-right ${errors[s.id] ? 'border-red-400' : ''}`}
                  />
                  {errors[s.id] && (
                    <span
                      role="alert"
                      className="max-w-56 text-xs text-red-700"
                      data-testid="suggestion-error"
                    >
                      {errors[s.id]}
                    </span>
                  )}
                </span>
              ) : (
                <span data-testid="suggestion-quantity-value" data-value={s.quantity}>
                  {f.qty(s.quantity)}
                </span>
              ),
          },
          ...(actionable
            ? [
                {
                  key: 'actions',
                  header: '',
                  align: 'right' as const,
                  cell: (s: Suggestion) => (
                    <span className="flex justify-end gap-2">
                      <button
                        type="button"
                        className={primaryButton}
                        disabled={busy}
                        data-testid="suggestion-approve"
                        onClick={() => void act([s], 'approve')}
                      >
                        {t('suggestions.approve')}
                      </button>
                      <button
                        type="button"
                        className={secondaryButton}
                        disabled={busy}
                        data-testid="suggestion-reject"
                        onClick={() => void act([s], 'reject')}
                      >
                        {t('suggestions.reject')}
                      </button>
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
    </ListPage>
  );
};
