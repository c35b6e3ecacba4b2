import { useMemo } from 'react';
import { en, type MessageKey } from './en.ts';
import { useI18n } from './i18n.tsx';

/** Quantities and dates in the reader's language; quantities arrive as decimal strings. */
export const useFormat = () => {
  const { lang } = useI18n();
  return useMemo(() => {
    const locale = lang === 'es' ? 'es-ES' : 'en-GB';
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    const blank = (v: string | number | null | undefined) => v === null || v === undefined || v === '';
    return {
      qty: (v: string | number | null | undefined) => (blank(v) ? '—' : number.format(Number(v))),
      signed: (v: string | number) => {
        const n = Number(v);
        return n > 0 ? `+${number.format(n)}` : number.format(n);
      },
      /** A minimum–maximum pair; one dash when neither is set. */
      range: (min: string | null, max: string | null) =>
        min === null && max === null
          ? '—'
          : `${blank(min) ? '—' : number.format(Number(min))} – ${blank(max) ? '—' : number.format(Number(max))}`,
      money: (v: string | null | undefined) => (blank(v) ? '—' : money.format(Number(v))),
      date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : '—'),
    };
  }, [lang]);
};

/** Whether the catalog has a key built at run time (a status or kind from the server). */
export const isMessageKey = (k: string): k is MessageKey => k in en;
