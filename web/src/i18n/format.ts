import { useMemo } from 'react';
import { en, type MessageKey } from './en.ts';
import { useI18n } from './i18n.tsx';

// ISO 4217 minor units where they are not 2, as the server counts them (orders/domain/money.ts).
const MINOR_DIGITS: Record<string, number> = {
  BHD: 3,
  CLP: 0,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  OMR: 3,
  PYG: 0,
  TND: 3,
  UGX: 0,
  VND: 0,
  XAF: 0,
  XOF: 0,
};
/** How many minor units a currency's major unit has, as a power of ten (MXN 2, CLP 0). */
export const minorDigits = (currency: string) => MINOR_DIGITS[currency.toUpperCase()] ?? 2;

/** Quantities and dates in the reader's language; quantities arrive as decimal strings. */
export const useFormat = () => {
  const { lang } = useI18n();
  return useMemo(() => {
    const locale = lang === 'es' ? 'es-ES' : 'en-GB';
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
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
      /** A ratio from 0 to 1 as a percentage in the reader's style ("12,5 %", "12.5%"). */
      percent: (v: number | null | undefined) => (v === null || v === undefined ? '—' : pct.format(v)),
      /** Money the API gives as integer minor units of a currency: 123450, 'MXN' → $1,234.50. */
      minor: (amount: number | null | undefined, currency: string) => {
        if (amount === null || amount === undefined) return '—';
        const digits = minorDigits(currency);
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(amount / 10 ** digits);
      },
    };
  }, [lang]);
};

/** Whether the catalog has a key built at run time (a status or kind from the server). */
export const isMessageKey = (k: string): k is MessageKey => k in en;

/** A calendar date (2026-12-13) in the reader's language, without a time zone shift. */
export const useDay = () => {
  const { lang } = useI18n();
  return useMemo(() => {
    const fmt = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    return (iso: string | null | undefined) =>
      iso ? fmt.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—';
  }, [lang]);
};
