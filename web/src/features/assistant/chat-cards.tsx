import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { can } from '../../api/session.ts';
import { Badge } from '../../components/page.tsx';
import { isMessageKey, useDay, useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { BufferBar } from '../planning/buffer-parts.tsx';
import type { BufferCard, Card, StockoutCard, SuggestionCard, TableCard } from './assistant-api.ts';

const ZONE_TONE = { red: 'red', yellow: 'amber', green: 'green', over: 'blue' } as const;
type Zone = keyof typeof ZONE_TONE;
const isZone = (z: string | null): z is Zone => z !== null && z in ZONE_TONE;

const ZoneBadge = ({ zone }: { zone: string | null }) => {
  const t = useT();
  return isZone(zone) ? (
    <span data-testid="card-zone" data-value={zone}>
      <Badge tone={ZONE_TONE[zone]}>{t(`assistant.zone_${zone}`)}</Badge>
    </span>
  ) : null;
};

const Shell = ({
  testId,
  sku,
  name,
  location,
  aside,
  children,
}: {
  testId: string;
  sku: string;
  name: string;
  location: string;
  aside?: ReactNode;
  children: ReactNode;
}) => (
  <li
    data-testid={testId}
    data-sku={sku}
    data-location={location}
    className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm"
  >
    <div className="flex items-start justify-between gap-2">
      <div className="min-w-0">
        <p className="truncate font-medium">
          <span className="font-mono text-xs">{sku}</span> · {name}
        </p>
        <p className="font-mono text-xs text-slate-500">{location}</p>
      </div>
      {aside}
    </div>
    {children}
  </li>
);

const Figure = ({ label, children }: { label: string; children: ReactNode }) => (
  <div>
    <dt className="text-xs text-slate-500">{label}</dt>
    <dd className="tabular-nums">{children}</dd>
  </div>
);

const BufferView = ({ card }: { card: BufferCard }) => {
  const t = useT();
  const f = useFormat();
  return (
    <Shell
      testId="buffer-card"
      sku={card.sku}
      name={card.name}
      location={card.location}
      aside={<ZoneBadge zone={card.zone} />}
    >
      <BufferBar
        tall
        buffer={{
          zones: { red: card.tor, yellow: card.toy - card.tor, green: card.tog - card.toy },
          net_flow_position: card.net_flow,
          on_hand: card.on_hand,
        }}
      />
      <dl className="grid grid-cols-3 gap-2">
        <Figure label={t('assistant.card_net_flow')}>
          {f.qty(card.net_flow)}
          {card.priority_pct !== null && (
            <span className="text-xs text-slate-500"> ({f.qty(card.priority_pct)} %)</span>
          )}
        </Figure>
        <Figure label={t('assistant.card_on_hand')}>{f.qty(card.on_hand)}</Figure>
        <Figure label={t('assistant.card_tog')}>{f.qty(card.tog)}</Figure>
        <Figure label={t('assistant.card_adu')}>
          {f.qty(card.adu === null ? null : Number(card.adu.toFixed(2)))}
        </Figure>
        <Figure label={t('assistant.card_dlt')}>
          {card.dlt_days === null ? '—' : t('assistant.days', { n: card.dlt_days })}
        </Figure>
      </dl>
      {can('buffer:read') && (
        <Link
          to="/planning/buffers/$id"
          params={{ id: card.buffer_id }}
          className="self-start text-xs font-medium text-brand-700 hover:underline"
        >
          {t('assistant.card_open_buffer')}
        </Link>
      )}
    </Shell>
  );
};

const StockoutView = ({ card }: { card: StockoutCard }) => {
  const t = useT();
  const f = useFormat();
  const day = useDay();
  const days = card.days_to_stockout;
  const tone = days === null ? 'grey' : days <= 7 ? 'red' : days <= 21 ? 'amber' : 'green';
  return (
    <Shell
      testId="stockout-card"
      sku={card.sku}
      name={card.name}
      location={card.location}
      aside={
        <span data-testid="stockout-days" data-value={days ?? ''}>
          <Badge tone={tone}>
            {days === null ? t('assistant.card_no_stockout') : t('assistant.card_days_left', { n: days })}
          </Badge>
        </span>
      }
    >
      <dl className="grid grid-cols-3 gap-2">
        <Figure label={t('assistant.card_stockout_date')}>
          <span data-testid="stockout-date" data-value={card.stockout_date ?? ''}>
            {card.stockout_date ? day(card.stockout_date) : '—'}
          </span>
        </Figure>
        <Figure label={t('assistant.card_on_hand')}>{f.qty(card.on_hand)}</Figure>
        <Figure label={t('assistant.card_daily_demand')}>
          {f.qty(Number(card.daily_demand.toFixed(2)))}
        </Figure>
      </dl>
    </Shell>
  );
};

const SuggestionView = ({ card }: { card: SuggestionCard }) => {
  const t = useT();
  const f = useFormat();
  const day = useDay();
  const status = `suggestions.status_${card.status.toLowerCase()}`;
  return (
    <Shell
      testId="suggestion-card"
      sku={card.sku}
      name={card.name}
      location={card.location}
      aside={<ZoneBadge zone={card.zone} />}
    >
      <dl className="grid grid-cols-3 gap-2">
        <Figure label={t('assistant.card_quantity')}>{f.qty(card.quantity)}</Figure>
        <Figure label={t('assistant.card_status')}>
          <span data-testid="suggestion-status" data-value={card.status}>
            {isMessageKey(status) ? t(status) : card.status}
          </span>
        </Figure>
        <Figure label={t('assistant.card_due')}>{card.due_date ? day(card.due_date) : '—'}</Figure>
      </dl>
    </Shell>
  );
};

const TableView = ({ card }: { card: TableCard }) => (
  <li data-testid="table-card" className="col-span-full rounded-lg border border-slate-200 bg-white text-sm">
    <p className="border-b border-slate-100 px-3 py-2 font-medium">{card.title}</p>
    <div className="max-h-80 overflow-auto">
      <table className="w-full text-xs">
        <thead className="sticky top-0 bg-slate-50 text-left text-slate-500">
          <tr>
            {card.columns.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {card.rows.map((row, i) => (
            // Rows have no id of their own; their order is the server's and never changes.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={i}>
              {card.columns.map((c, j) => {
                const v = row[j] ?? null;
                return (
                  <td
                    key={c}
                    className={`px-3 py-1.5 ${typeof v === 'number' ? 'text-right tabular-nums' : ''}`}
                  >
                    {v ?? '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </li>
);

const CardView = ({ card }: { card: Card }) => {
  switch (card.type) {
    case 'buffer':
      return <BufferView card={card} />;
    case 'stockout':
      return <StockoutView card={card} />;
    case 'suggestion':
      return <SuggestionView card={card} />;
    case 'table':
      return <TableView card={card} />;
  }
};

// One answer may show the same suggestion twice (listed, then proposed), so the place counts too.
const cardKey = (c: Card, i: number) =>
  `${i}:${c.type === 'buffer' ? c.buffer_id : c.type === 'suggestion' ? c.suggestion_id : c.type === 'stockout' ? `${c.sku}|${c.location}` : c.title}`;

/** The cards of one answer, in the order the tools found them. */
export const ChatCards = ({ cards }: { cards: Card[] }) => {
  const t = useT();
  if (cards.length === 0) return null;
  return (
    <ul aria-label={t('assistant.cards_label')} className="grid gap-2 sm:grid-cols-2">
      {cards.map((c, i) => (
        <CardView key={cardKey(c, i)} card={c} />
      ))}
    </ul>
  );
};
