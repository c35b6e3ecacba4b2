import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { paths } from '../../api/schema';
import { DataTable } from '../../components/data-table.tsx';
import { ExportMenu } from '../../components/export-menu.tsx';
import { ListPage, pagedRows, useListSearch } from '../../components/list-page.tsx';
import { inputClass, linkButton, StatusFilter } from '../../components/page.tsx';
import { EmptyState } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { BackToPlanning } from './back-link.tsx';
import { PriorityBadge } from './buffer-parts.tsx';

type Alert = paths['/api/v1/alerts/{id}']['get']['responses'][200]['content']['application/json'];
const KINDS = ['on_hand', 'projected_on_hand', 'material_sync', 'spike_horizon', 'lead_time'] as const;
const SEVERITIES = ['red', 'yellow'] as const;
const STATUSES = ['OPEN', 'RESOLVED'] as const;
type Status = (typeof STATUSES)[number];

const numberIn = (d: Alert['details'], k: string) => {
  const v = d[k];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const textIn = (d: Alert['details'], k: string) => {
  const v = d[k];
  return typeof v === 'string' && v ? v : undefined;
};

/**
 * The alert in the reader's language, from its kind and the figures in its details; the
 * server's English message when the details lack what the sentence needs.
 */
const useAlertText = () => {
  const t = useT();
  const f = useFormat();
  const { lang } = useI18n();
  return useMemo(() => {
    const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    const day = (iso: string) => {
      const d = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
    };
    const say = (key: MessageKey, nums: string[], days: string[], texts: string[], a: Alert) => {
      const vars: Record<string, string> = {};
      for (const k of nums) {
        const v = numberIn(a.details, k);
        if (v === undefined) return a.message;
        vars[k] = f.qty(v);
      }
      for (const k of [...days, ...texts]) {
        const v = textIn(a.details, k);
        if (v === undefined) return a.message;
        vars[k] = days.includes(k) ? day(v) : v;
      }
      return t(key, vars);
    };
    return (a: Alert): string => {
      switch (a.kind) {
        case 'on_hand':
          return say(
            a.severity === 'red' ? 'alerts.msg_on_hand_red' : 'alerts.msg_on_hand_yellow',
            ['on_hand', 'top_of_red'],
            [],
            [],
            a,
          );
        case 'projected_on_hand':
          return (numberIn(a.details, 'lowest') ?? 1) <= 0
            ? say('alerts.msg_projected_out', ['lowest'], ['lowest_day'], [], a)
            : say('alerts.msg_projected_below', ['threshold'], ['first_day'], [], a);
        case 'material_sync':
          return say(
            'alerts.msg_material_sync',
            ['shortage', 'required', 'available'],
            ['order_due'],
            ['component_sku', 'parent_sku'],
            a,
          );
        case 'spike_horizon':
          return say('alerts.msg_spike_horizon', ['spike_horizon_days', 'dlt'], [], [], a);
        case 'lead_time':
          return (numberIn(a.details, 'days_left') ?? 0) < 0
            ? say('alerts.msg_lead_time_late', [], ['due'], ['sku'], a)
            : say('alerts.msg_lead_time', ['days_left', 'lead_time_days'], ['due'], ['sku'], a);
        default:
          return a.message;
      }
    };
  }, [t, f, lang]);
};

/** Planning alerts, red first and newest first, with a way to the buffer each is about. */
export const AlertsPage = () => {
  const t = useT();
  const f = useFormat();
  const text = useAlertText();
  // Open alerts first; '' (all) is a choice of its own, kept in the address.
  const list = useListSearch({ kind: '', severity: '', status: 'OPEN' as Status | '' });
  const { page } = list;
  const { kind, severity } = list.query;
  const status: Status | '' = STATUSES.find((s) => s === list.filters.status) ?? '';
  const limit = 25;
  const filters = {
    status: status || ('ALL' as const),
    ...(kind ? { kind: kind as (typeof KINDS)[number] } : {}),
    ...(severity ? { severity } : {}),
  };
  const alerts = useQuery({
    queryKey: keys.alerts.list({ page, kind, severity, status }),
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/alerts', {
          params: {
            query: { page, limit, ...filters },
          },
        }),
      ),
  });
  const select = (
    label: string,
    all: string,
    filter: 'kind' | 'severity',
    options: { value: string; label: string }[],
    testId: string,
  ) => (
    <select
      aria-label={label}
      data-testid={testId}
      value={list.filters[filter]}
      onChange={(e) => list.setFilter(filter, e.target.value)}
      className={inputClass}
    >
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  return (
    <ListPage
      testId="alerts-page"
      back={<BackToPlanning />}
      title={t('alerts.title')}
      subtitle={t('alerts.subtitle')}
      actions={<ExportMenu path="/api/v1/alerts/export" query={filters} testId="alerts-export" />}
      toolbar={
        <>
          {select(
            t('alerts.kind'),
            t('alerts.all_kinds'),
            'kind',
            KINDS.map((k) => ({ value: k, label: t(`alerts.kind_${k}`) })),
            'alerts-kind',
          )}
          {select(
            t('alerts.severity'),
            t('alerts.all_severities'),
            'severity',
            SEVERITIES.map((s) => ({ value: s, label: t(`priority.${s}`) })),
            'alerts-severity',
          )}
          <StatusFilter
            value={status}
            statuses={STATUSES}
            label={(s) => t(`alerts.status_${s}`)}
            testId="alerts-status"
            onChange={(s) => list.setFilter('status', s)}
          />
        </>
      }
    >
      <DataTable<Alert>
        {...pagedRows(list, alerts, limit)}
        rowKey={(a) => a.id}
        rowProps={(a) => ({
          className:
            a.severity === 'red' && a.status === 'OPEN'
              ? 'bg-red-50/50 hover:bg-red-50'
              : 'hover:bg-slate-50',
          'data-testid': `alert-row-${a.kind}-${a.sku}`,
        })}
        empty={<EmptyState title={t('alerts.none')} body={t('alerts.none_body')} />}
        columns={[
          {
            key: 'severity',
            header: t('alerts.severity'),
            cell: (a) => <PriorityBadge priority={a.severity} testId="alert-severity" />,
          },
          { key: 'kind', header: t('alerts.kind'), cell: (a) => t(`alerts.kind_${a.kind}`) },
          {
            key: 'item',
            header: t('buffer.product'),
            cell: (a) => (
              <span>
                <span className="font-mono text-xs">{a.sku}</span> · {a.product_name}
              </span>
            ),
          },
          {
            key: 'location',
            header: t('buffer.location'),
            cell: (a) => <span className="font-mono text-xs">{a.location_code}</span>,
          },
          {
            key: 'message',
            header: t('alerts.message'),
            cell: (a) => <span data-testid="alert-message">{text(a)}</span>,
          },
          {
            key: 'raised',
            header: t('alerts.raised'),
            cell: (a) => (
              <span className="whitespace-nowrap text-xs text-slate-600">
                {f.date(a.raised_at)}
                {a.resolved_at && (
                  <span className="block">{t('alerts.resolved_at', { date: f.date(a.resolved_at) })}</span>
                )}
              </span>
            ),
          },
          {
            key: 'buffer',
            header: '',
            cell: (a) =>
              a.buffer_id && (
                <Link
                  to="/planning/buffers/$id"
                  params={{ id: a.buffer_id }}
                  className={linkButton}
                  data-testid="alert-buffer-link"
                >
                  {t('alerts.view_buffer')}
                </Link>
              ),
          },
        ]}
      />
    </ListPage>
  );
};
