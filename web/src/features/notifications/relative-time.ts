import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** How long ago a moment was, in the reader's language ("hace 5 minutos", "yesterday"). */
export const useRelativeTime = () => {
  const { lang } = useI18n();
  return useMemo(() => {
    const rtf = new Intl.RelativeTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', { numeric: 'auto' });
    return (iso: string, now = Date.now()) => {
      let amount = (new Date(iso).getTime() - now) / 1000;
      // Under a minute reads as "now": clocks a few seconds apart must not say "in 3 seconds".
      if (Math.abs(amount) < 60) return rtf.format(0, 'second');
      for (const [unit, size] of STEPS) {
        if (Math.abs(amount) < size) return rtf.format(Math.round(amount), unit);
        amount /= size;
      }
      return rtf.format(Math.round(amount), 'year');
    };
  }, [lang]);
};
