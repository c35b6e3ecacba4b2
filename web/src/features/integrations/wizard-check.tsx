import { useEffect, useRef } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { primaryButton, secondaryButton } from '../../components/page.tsx';
import { LoadingState, ProblemAlert } from '../../components/states.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Checked, Import } from './imports-api.ts';
import { ErrorFileLinks, StepHeading } from './integrations-parts.tsx';

const Count = ({
  testId,
  value,
  text,
  tone,
}: {
  testId: string;
  value: number;
  text: string;
  tone: string;
}) => (
  <div className={`rounded-xl border p-4 ${tone}`} data-testid={testId} data-value={value}>
    <p className="text-sm font-medium">{text}</p>
  </div>
);

/**
 * Step 3: the dry run's counts and its first problems, with the full error file. Reopened from
 * the history, the page has no result in hand, so it runs the dry run again (it writes nothing).
 */
export const CheckStep = ({
  imp,
  checked,
  onChecked,
  onBack,
  onNext,
}: {
  imp: Import;
  checked: Checked | undefined;
  onChecked: (c: Checked) => void;
  onBack: () => void;
  onNext: () => void;
}) => {
  const { t, lang } = useI18n();
  const id = imp.id;
  const check = useApiMutation({
    request: () =>
      unwrap(api.POST('/api/v1/imports/{id}/validate', { params: { path: { id }, query: { lang } } })),
    invalidates: [keys.imports.all, keys.import.one(id)],
    onSuccess: onChecked,
  });
  const asked = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per arrival without a result
  useEffect(() => {
    if (!checked && !asked.current) {
      asked.current = true;
      void check.run();
    }
  }, [checked]);

  return (
    <section className="flex flex-col gap-4" data-testid="wizard-check">
      <StepHeading>{t('wizard.check_title')}</StepHeading>
      <ProblemAlert error={check.error} />
      {!checked ? (
        check.busy && <LoadingState label={t('wizard.checking')} />
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="check-total" data-value={checked.total}>
            {t('wizard.total', { n: checked.total })}. {t('wizard.check_body')}
          </p>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <Count
              testId="check-valid"
              value={checked.valid}
              text={t('wizard.valid', { n: checked.valid })}
              tone="border-emerald-200 bg-emerald-50 text-emerald-900"
            />
            <Count
              testId="check-invalid"
              value={checked.invalid}
              text={t('wizard.invalid', { n: checked.invalid })}
              tone={
                checked.invalid > 0
                  ? 'border-red-200 bg-red-50 text-red-900'
                  : 'border-slate-200 bg-white text-slate-700'
              }
            />
            <Count
              testId="check-new-products"
              value={checked.new_products}
              text={t('wizard.new_products', { n: checked.new_products })}
              tone="border-sky-200 bg-sky-50 text-sky-900"
            />
          </div>
          {checked.errors.length === 0 ? (
            <p className="text-sm text-emerald-800">{t('wizard.no_problems')}</p>
          ) : (
            <ProblemsTable checked={checked} id={id} />
          )}
        </>
      )}
      <div className="flex gap-3">
        <button type="button" className={secondaryButton} onClick={onBack} data-testid="check-back">
          {t('wizard.back')}
        </button>
        <button
          type="button"
          className={primaryButton}
          disabled={!checked || check.busy || checked.valid === 0}
          onClick={onNext}
          data-testid="check-next"
        >
          {t('wizard.continue')}
        </button>
      </div>
    </section>
  );
};

const ProblemsTable = ({ checked, id }: { checked: Checked; id: string }) => {
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">{t('wizard.problems')}</h3>
        <ErrorFileLinks id={id} />
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="problems-table">
          <caption className="px-4 py-2 text-left text-xs text-slate-500">
            {t('wizard.problems_caption', { n: checked.errors.length })}
          </caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                {t('wizard.row')}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t('wizard.column')}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t('wizard.value')}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t('wizard.message')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {checked.errors.map((e) => (
              <tr key={`${e.row}:${e.column}:${e.code}`} data-testid={`problem-${e.row}`}>
                <td className="px-4 py-2 tabular-nums">{e.row}</td>
                <td className="px-4 py-2">{e.column}</td>
                <td className="px-4 py-2 font-mono text-xs">{e.value}</td>
                <td className="px-4 py-2">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
};
