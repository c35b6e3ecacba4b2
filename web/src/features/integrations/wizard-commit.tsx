import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { linkButton, primaryButton, secondaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Import, ImportMode } from './imports-api.ts';
import { ErrorFileLinks, ImportStatusBadge, StepHeading } from './integrations-parts.tsx';

/**
 * Step 4: all or nothing (only when every row is valid) or only the valid rows; then the job's
 * progress until it completes or fails, and what it wrote.
 */
export const CommitStep = ({ imp, onBack }: { imp: Import; onBack: () => void }) => {
  const t = useT();
  const qc = useQueryClient();
  const id = imp.id;
  const invalid = imp.invalid ?? 0;
  const [mode, setMode] = useState<ImportMode>(invalid > 0 ? 'valid_rows' : 'all_or_nothing');
  const commit = useApiMutation({
    request: (m: ImportMode) =>
      unwrap(api.POST('/api/v1/imports/{id}/commit', { params: { path: { id } }, body: { mode: m } })),
    invalidates: [keys.imports.all],
    // The answer says `running`: from here the page polls the import until it settles.
    onSuccess: (r) => void qc.setQueryData(keys.import.one(id), r),
  });
  const started = imp.status === 'running' || imp.status === 'completed' || imp.status === 'failed';
  return (
    <section className="flex flex-col gap-4" data-testid="wizard-commit">
      <StepHeading>{t('wizard.commit_title')}</StepHeading>
      {!started ? <ModeChoice invalid={invalid} mode={mode} onChange={setMode} /> : <Progress imp={imp} />}
      <ProblemAlert error={commit.error} />
      <div className="flex flex-wrap items-center gap-3">
        {!started && (
          <>
            <button type="button" className={secondaryButton} onClick={onBack}>
              {t('wizard.back')}
            </button>
            <button
              type="button"
              className={primaryButton}
              disabled={commit.busy || (mode === 'all_or_nothing' && invalid > 0)}
              data-testid="commit"
              onClick={() => void commit.run(mode)}
            >
              {commit.busy ? t('wizard.committing') : t('wizard.commit')}
            </button>
          </>
        )}
        {imp.status === 'failed' && (
          <button
            type="button"
            className={primaryButton}
            disabled={commit.busy}
            onClick={() => void commit.run('valid_rows')}
          >
            {t('wizard.retry')}
          </button>
        )}
        {(imp.status === 'completed' || imp.status === 'failed') && (
          <>
            <Link to="/integrations/imports/new" className={secondaryButton}>
              {t('wizard.another')}
            </Link>
            <Link to="/integrations" className={linkButton}>
              {t('wizard.to_history')}
            </Link>
          </>
        )}
      </div>
    </section>
  );
};

const ModeChoice = ({
  invalid,
  mode,
  onChange,
}: {
  invalid: number;
  mode: ImportMode;
  onChange: (m: ImportMode) => void;
}) => {
  const t = useT();
  const blockedId = useId();
  const option = (m: ImportMode, label: string, hint: string, disabled = false) => (
    <label
      className={`flex items-start gap-3 rounded-xl border p-3 text-sm ${mode === m ? 'border-brand-500 bg-brand-50' : 'border-slate-200 bg-white'} ${disabled ? 'opacity-60' : ''}`}
    >
      <input
        type="radio"
        name="mode"
        value={m}
        checked={mode === m}
        disabled={disabled}
        aria-describedby={disabled ? blockedId : undefined}
        data-testid={`mode-${m}`}
        onChange={() => onChange(m)}
        className="mt-1"
      />
      <span>
        <span className="block font-medium">{label}</span>
        <span className="block text-slate-500">{hint}</span>
      </span>
    </label>
  );
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-medium text-slate-700">{t('wizard.mode')}</legend>
      {option('all_or_nothing', t('wizard.mode_all'), t('wizard.mode_all_hint'), invalid > 0)}
      {invalid > 0 && (
        <p id={blockedId} className="text-xs text-amber-800" data-testid="mode-all-blocked">
          {t('wizard.mode_all_blocked')}
        </p>
      )}
      {option('valid_rows', t('wizard.mode_valid'), t('wizard.mode_valid_hint'))}
    </fieldset>
  );
};

const Progress = ({ imp }: { imp: Import }) => {
  const t = useT();
  const total = imp.total_rows ?? 0;
  const done = imp.status === 'completed' || imp.status === 'failed';
  return (
    <div className="flex flex-col gap-3" data-testid="import-progress" data-status={imp.status}>
      <div className="flex items-center gap-3">
        <ImportStatusBadge status={imp.status} />
        <span className="text-sm text-slate-600" data-testid="progress-text">
          {t('wizard.progress_value', { processed: imp.processed, total })}
        </span>
      </div>
      <progress
        aria-label={t('wizard.progress')}
        value={Math.round(imp.progress * 100)}
        max={100}
        className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-brand-600"
      />
      {done && (
        <div role="status" className="flex flex-col gap-2">
          <p className="font-medium">
            {imp.status === 'completed' ? t('wizard.completed') : t('wizard.failed')}
          </p>
          <p
            className="text-sm text-slate-700"
            data-testid="import-result"
            data-created={imp.created}
            data-updated={imp.updated}
            data-failed={imp.failed}
          >
            {t('wizard.result', { created: imp.created, updated: imp.updated, failed: imp.failed })}
          </p>
          {imp.error && <p className="text-sm text-red-700">{imp.error}</p>}
          {(imp.failed > 0 || (imp.invalid ?? 0) > 0) && <ErrorFileLinks id={imp.id} />}
        </div>
      )}
    </div>
  );
};
