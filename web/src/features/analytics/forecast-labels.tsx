import { Badge } from '../../components/page.tsx';
import { isMessageKey } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import type { DemandClass } from './analytics-parts.tsx';

const classTone = { smooth: 'green', erratic: 'amber', intermittent: 'blue', lumpy: 'red' } as const;

/** A method's name in the reader's language; a method the catalog does not know shows as sent. */
export const useMethodName = () => {
  const t = useT();
  return (m: string) => {
    const key = `analytics.method_${m}`;
    return isMessageKey(key) ? t(key) : m;
  };
};

/** The Syntetos–Boylan class of an item's demand. */
export const ClassBadge = ({ value }: { value: DemandClass }) => {
  const t = useT();
  return (
    <span data-testid="forecast-class" data-value={value}>
      <Badge tone={classTone[value]}>{t(`analytics.class_${value}`)}</Badge>
    </span>
  );
};
