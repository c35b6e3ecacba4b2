import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { Chart } from '../../components/chart.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { type Translate, useT } from '../../i18n/i18n.tsx';

const tone: Record<string, string> = {
  healthy: 'bg-emerald-100 text-emerald-800',
  connected: 'bg-emerald-100 text-emerald-800',
  degraded: 'bg-amber-100 text-amber-800',
  unhealthy: 'bg-red-100 text-red-800',
  down: 'bg-red-100 text-red-800',
  disabled: 'bg-slate-100 text-slate-600',
};

const Badge = ({ value }: { value: string }) => {
  const t = useT();
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[value] ?? tone.disabled}`}>
      {t(`status.${value}` as MessageKey)}
    </span>
  );
};

const duration = (s: number, t: Translate) =>
  s < 60
    ? t('duration.seconds', { n: s })
    : s < 3600
      ? t('duration.minutes', { n: Math.floor(s / 60) })
      : s < 86_400
        ? t('duration.hours', { n: Math.floor(s / 3600) })
        : t('duration.days', { n: Math.floor(s / 86_400) });

const Card = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="rounded-xl border border-slate-200 bg-white p-4">
    <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
    <div className="mt-2 text-lg font-semibold">{children}</div>
  </div>
);

/** How this server is running: status, version, uptime, mode, services and memory. */
export const SystemStatusPage = () => {
  const t = useT();
  const health = useQuery({
    queryKey: keys.health,
    queryFn: () => unwrap(api.GET('/api/health')),
    refetchInterval: 10_000,
  });
  const [samples, setSamples] = useState<{ time: string; heap: number }[]>([]);
  useEffect(() => {
    const h = health.data;
    if (!h) return;
    const time = new Date(h.timestamp).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    setSamples((s) => [...s.slice(-59), { time, heap: Math.round(h.memory.heap_used_bytes / 1024 / 1024) }]);
  }, [health.data]);

  return (
    <div className="flex flex-col gap-6" data-testid="system-status">
      <p className="text-sm text-slate-500">{t('system.subtitle')}</p>
      {health.error ? (
        <ErrorState error={health.error} onRetry={() => void health.refetch()} />
      ) : !health.data ? (
        <LoadingState />
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Card label={t('system.status')}>
              <span data-testid="system-health" data-status={health.data.status}>
                <Badge value={health.data.status} />
              </span>
            </Card>
            <Card label={t('system.version')}>{health.data.version}</Card>
            <Card label={t('system.uptime')}>{duration(health.data.uptime, t)}</Card>
            <Card label={t('system.mode')}>
              <span className="text-sm">{t(`mode.${health.data.mode}`)}</span>
            </Card>
          </div>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <div className="rounded-xl border border-slate-200 bg-white p-4">
              <p className="text-sm font-medium">{t('system.services')}</p>
              <ul className="mt-3 flex flex-col gap-2">
                {(Object.entries(health.data.services) as [string, string][]).map(([name, status]) => (
                  <li key={name} className="flex items-center justify-between text-sm">
                    <span>{t(`service.${name}` as MessageKey)}</span>
                    <Badge value={status} />
                  </li>
                ))}
              </ul>
            </div>
            <div className="rounded-xl border border-slate-200 bg-white p-4 lg:col-span-2">
              <p className="text-sm font-medium">{t('system.memory')}</p>
              <p className="text-xs text-slate-500">{t('system.memory_hint')}</p>
              <Chart
                data={samples}
                x="time"
                series={[{ key: 'heap', label: 'MB', color: '#0d9488', kind: 'area' }]}
              />
            </div>
          </div>
        </>
      )}
    </div>
  );
};
