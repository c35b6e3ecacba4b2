import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import type { Buffer } from '../../api/queries.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { CockpitCard, cardLink, QueryBody, Quiet } from './cockpit-parts.tsx';

export type ZoneCounts = { red: number; yellow: number; green: number; over: number };

const isOver = (b: Buffer) =>
  b.net_flow_position !== null && b.zones.top_of_green !== null && b.net_flow_position > b.zones.top_of_green;

const totalIn = async (zone: 'RED' | 'YELLOW' | 'GREEN') =>
  (await unwrap(api.GET('/api/v1/buffers', { params: { query: { zone, limit: 1 } } }))).pagination.total;

/**
 * Buffers by zone of their net flow position. The board counts red, yellow and green by
 * planning priority; those over the top of green are green ones, and the board lists each
 * zone's least penetrated last, so they are counted from the tail of the green pages.
 */
const zoneCounts = async (): Promise<ZoneCounts> => {
  const [red, yellow, green] = await Promise.all([totalIn('RED'), totalIn('YELLOW'), totalIn('GREEN')]);
  const limit = 100;
  let over = 0;
  for (let page = Math.ceil(green / limit); page >= 1; page--) {
    const rows = (
      await unwrap(api.GET('/api/v1/buffers', { params: { query: { zone: 'GREEN', page, limit } } }))
    ).data;
    const n = rows.filter(isOver).length;
    over += n;
    if (n < rows.length) break;
  }
  return { red, yellow, green: green - over, over };
};

const ZONES = [
  { id: 'red', label: 'home.zones.red', filter: 'RED', tone: 'border-red-200 bg-red-50 text-red-800' },
  {
    id: 'yellow',
    label: 'home.zones.yellow',
    filter: 'YELLOW',
    tone: 'border-amber-200 bg-amber-50 text-amber-800',
  },
  {
    id: 'green',
    label: 'home.zones.green',
    filter: 'GREEN',
    tone: 'border-emerald-200 bg-emerald-50 text-emerald-800',
  },
  { id: 'over', label: 'home.zones.over', filter: 'GREEN', tone: 'border-sky-200 bg-sky-50 text-sky-800' },
] as const satisfies readonly { id: keyof ZoneCounts; label: MessageKey; filter: string; tone: string }[];

/** How many buffers sit in each zone, and how many ask for action now (red and yellow). */
export const ZonesCard = () => {
  const t = useT();
  const f = useFormat();
  const counts = useQuery({ queryKey: keys.buffers.list({ view: 'zone-counts' }), queryFn: zoneCounts });
  return (
    <CockpitCard
      id="home-zones"
      title={t('home.zones.title')}
      link={
        <Link to="/planning" className={cardLink}>
          {t('home.zones.open')}
        </Link>
      }
    >
      <QueryBody query={counts}>
        {(c) =>
          c.red + c.yellow + c.green + c.over === 0 ? (
            <Quiet testId="home-zones-empty">{t('home.zones.empty')}</Quiet>
          ) : (
            <>
              <p className="text-sm" data-testid="home-act-on" data-value={c.red + c.yellow}>
                <span className="text-2xl font-semibold">{f.qty(c.red + c.yellow)}</span>{' '}
                {t('home.zones.act_on', { n: c.red + c.yellow })}
              </p>
              <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
                {ZONES.map((z) => (
                  <li key={z.id}>
                    <Link
                      to="/planning"
                      search={{ zone: z.filter } as never}
                      aria-label={t('home.zones.link', { zone: t(z.label), n: c[z.id] })}
                      data-testid={`zone-count-${z.id}`}
                      data-value={c[z.id]}
                      className={`flex flex-col rounded-lg border px-3 py-2 hover:shadow-sm ${z.tone}`}
                    >
                      <span className="text-xl font-semibold">{f.qty(c[z.id])}</span>
                      <span className="text-xs">{t(z.label)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </QueryBody>
    </CockpitCard>
  );
};
