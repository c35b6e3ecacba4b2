import { LANGS, type Lang, useI18n } from '../i18n/i18n.tsx';

export const LanguageSwitch = () => {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span className="sr-only">{t('lang.label')}</span>
      <select
        data-testid="lang-switch"
        aria-label={t('lang.label')}
        value={lang}
        onChange={(e) => setLang(e.target.value as Lang)}
        className="rounded-md border border-slate-200 bg-white px-2 py-1 text-sm"
      >
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {l === 'es' ? 'Español' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
};
