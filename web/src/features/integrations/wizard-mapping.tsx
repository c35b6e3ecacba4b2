import { useDay } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { inputClass } from '../../components/page.tsx';
import {
  type Import,
  type ImportKind,
  isPeriod,
  KIND_FIELDS,
  type Target,
  type Uploaded,
} from './imports-api.ts';

// A select's value for each kind of target: a field by its name, a period kept as it is, or none.
const IGNORE = '';
const PERIOD = '__period';
const optionOf = (t: Target) => (t === null || t === undefined ? IGNORE : isPeriod(t) ? PERIOD : t);

/**
 * Each column of the file and what it means: a field of the kind, or (sales) the quantity sold
 * over a period, or ignored. A change sends the whole mapping back.
 */
export const MappingTable = ({
  imp,
  disabled,
  onChange,
}: {
  imp: Import;
  disabled: boolean;
  onChange: (mapping: Import['mapping']) => void;
}) => {
  const t = useT();
  const day = useDay();
  const kind: ImportKind | null = imp.kind;
  const fields: readonly string[] = kind ? KIND_FIELDS[kind] : [];
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="mapping-table">
        <caption className="sr-only">{t('wizard.mapping')}</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              {t('wizard.column')}
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              {t('wizard.meaning')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {imp.headers.map((header) => {
            const target = imp.mapping[header] ?? null;
            const period = isPeriod(target) ? target.period : undefined;
            return (
              <tr key={header} data-testid={`mapping-row-${header}`}>
                <th scope="row" className="px-4 py-2 text-left font-medium">
                  {header}
                </th>
                <td className="px-4 py-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <select
                      aria-label={`${t('wizard.meaning')}: ${header}`}
                      className={inputClass}
                      disabled={disabled}
                      value={optionOf(target)}
                      data-testid={`mapping-${header}`}
                      onChange={(e) => {
                        const v = e.target.value;
                        if (v === PERIOD) return;
                        onChange({ ...imp.mapping, [header]: v === IGNORE ? null : (v as Target) });
                      }}
                    >
                      <option value={IGNORE}>{t('wizard.ignore')}</option>
                      {period && <option value={PERIOD}>{t('wizard.period_option')}</option>}
                      {fields.map((field) => (
                        <option key={field} value={field}>
                          {t(`imports.field.${field as (typeof KIND_FIELDS)[ImportKind][number]}`)}
                        </option>
                      ))}
                    </select>
                    {period && (
                      <span className="text-xs text-slate-500" data-testid="mapping-period">
                        {t('wizard.period', { from: day(period.start), to: day(period.end) })}
                      </span>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
};

/** The first rows of the file as the server read them, under the file's own headers. */
export const SampleTable = ({ headers, rows }: { headers: string[]; rows: Uploaded['preview'] }) => {
  const t = useT();
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="sample-table">
        <caption className="px-4 py-2 text-left text-xs text-slate-500">
          {t('wizard.sample_caption', { n: rows.length })}
        </caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              {t('wizard.row')}
            </th>
            {headers.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.row}>
              <td className="px-3 py-1.5 tabular-nums text-slate-500">{r.row}</td>
              {headers.map((h) => (
                <td key={h} className="whitespace-nowrap px-3 py-1.5">
                  {r.cells[h] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
