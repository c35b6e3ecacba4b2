import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { I18nProvider as AriaI18nProvider } from 'react-aria-components';
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { formOf, interpolate, type Message, type Vars } from './plural.ts';

export type Lang = 'es' | 'en';
export const LANGS: Lang[] = ['es', 'en'];
const catalogs: Record<Lang, Record<MessageKey, Message>> = { en, es };
const STORAGE_KEY = 'flujo.lang';

/** The saved choice, else the browser's language (Spanish for any es-*), else English. */
export const initialLang = (): Lang => {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'es' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
};

/** The message `key` in the current language, its `{name}` variables filled in from `vars`. */
export type Translate = (key: MessageKey, vars?: Vars) => string;

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
  const rules = useMemo(() => new Intl.PluralRules(lang), [lang]);
  const t = useCallback<Translate>(
    (key, vars) => interpolate(formOf(rules, catalogs[lang][key], vars), vars),
    [lang, rules],
  );
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  // The accessible components' own words (a dismiss button, a list's count) follow the same language.
  return (
    <I18nContext.Provider value={value}>
      <AriaI18nProvider locale={lang}>{children}</AriaI18nProvider>
    </I18nContext.Provider>
  );
};

export const useI18n = (): I18n => {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
};

export const useT = () => useI18n().t;
