import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';

export type Lang = 'es' | 'en';
export const LANGS: Lang[] = ['es', 'en'];
const catalogs: Record<Lang, Record<MessageKey, string>> = { en, es };
const STORAGE_KEY = 'flujo.lang';

/** The saved choice, else the browser's language (Spanish for any es-*), else English. */
export const initialLang = (): Lang => {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'es' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
};

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

type I18n = { lang: Lang; setLang: (l: Lang) => void; t: Translate };
const I18nContext = createContext<I18n | null>(null);

export const I18nProvider = ({ children }: { children: ReactNode }) => {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  const t = useCallback<Translate>(
    (key, vars) =>
      catalogs[lang][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(vars?.[name] ?? `{${name}}`)),
    [lang],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
};

export const useI18n = (): I18n => {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
};

export const useT = () => useI18n().t;
