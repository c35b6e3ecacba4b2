import { Link } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { CheckboxField, SelectField } from '../../components/fields.tsx';
import { LocationSelect } from '../../components/location-select.tsx';
import { Card, linkButton, primaryButton } from '../../components/page.tsx';
import { ProblemAlert } from '../../components/states.tsx';
import { useDay } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { type Checked, IMPORT_KINDS, type Import, type ImportKind, type Uploaded } from './imports-api.ts';
import { StepHeading, useKindName } from './integrations-parts.tsx';
import { MappingTable, SampleTable } from './wizard-mapping.tsx';

type Correction = {
  kind?: ImportKind;
  store_id?: string | null;
  mapping?: Import['mapping'];
  create_products?: boolean;
};

/**
 * Step 2: what the server detected, each part correctable (every change is saved at once and
 * starts the checks over), the first rows of the file, and the dry run that leads to step 3.
 */
export const PreviewStep = ({
  imp,
  uploaded,
  onChecked,
}: {
  imp: Import;
  uploaded: Uploaded | undefined;
  onChecked: (c: Checked) => void;
}) => {
  const { t, lang } = useI18n();
  const day = useDay();
  const kindName = useKindName();
  const qc = useQueryClient();
  const id = imp.id;
  const save = useApiMutation({
    request: (body: Correction) =>
      unwrap(api.PUT('/api/v1/imports/{id}', { params: { path: { id } }, body })),
    invalidates: [keys.imports.all],
    onSuccess: (r) => void qc.setQueryData(keys.import.one(id), r),
  });
  const check = useApiMutation({
    request: (lang: 'es' | 'en') =>
      unwrap(api.POST('/api/v1/imports/{id}/validate', { params: { path: { id }, query: { lang } } })),
    invalidates: [keys.imports.all, keys.import.one(id)],
    onSuccess: onChecked,
  });
  const detected = uploaded?.detected;
  return (
    <section className="flex flex-col gap-4" data-testid="wizard-preview">
      <StepHeading>{t('wizard.preview_title')}</StepHeading>
      <p className="text-sm text-slate-600" data-testid="detected" data-kind={imp.kind ?? ''}>
        {detected
          ? t('wizard.detected', {
              kind: kindName(detected.kind),
              confidence: Math.round(detected.confidence * 100),
            })
          : null}
      </p>
      {imp.duplicate_of && (
        <div
          role="note"
          data-testid="duplicate"
          className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <p>{t('wizard.duplicate')}</p>
          <Link to="/integrations/imports/$id" params={{ id: imp.duplicate_of }} className={linkButton}>
            {t('wizard.duplicate_open')}
          </Link>
        </div>
      )}
      <Card>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <SelectField
            label={t('wizard.kind')}
            value={imp.kind ?? ''}
            disabled={save.busy}
            data-testid="preview-kind"
            onChange={(e) => void save.run({ kind: e.target.value as ImportKind })}
            options={[
              ...(imp.kind ? [] : [{ value: '', label: t('imports.kind_unknown') }]),
              ...IMPORT_KINDS.map((k) => ({ value: k, label: kindName(k) })),
            ]}
          />
          <LocationSelect
            label={t('wizard.store')}
            name="store"
            value={imp.store?.code ?? ''}
            disabled={save.busy}
            types={['store', 'warehouse', 'node']}
            emptyLabel={t('wizard.store_none')}
            hint={imp.store ? imp.store.name : (imp.store_guess ?? undefined)}
            testId="preview-store"
            onChange={(code) => void save.run({ store_id: code || null })}
          />
        </div>
        {imp.kind === 'sales' && imp.date_from && (
          <p className="text-sm text-slate-600" data-testid="sales-dates">
            {t('wizard.dates', { from: day(imp.date_from), to: day(imp.date_to ?? imp.date_from) })}
          </p>
        )}
        {imp.kind === 'boms' || imp.kind === 'forecasts' ? (
          // These files name products, never describe them: an unknown SKU is the row's problem.
          <p className="text-sm text-slate-600" data-testid="kind-note">
            {t(imp.kind === 'boms' ? 'wizard.note_boms' : 'wizard.note_forecasts')}
          </p>
        ) : (
          <CheckboxField
            label={t('wizard.create_products')}
            checked={imp.create_products}
            disabled={save.busy}
            data-testid="create-products"
            onChange={(e) => void save.run({ create_products: e.target.checked })}
          />
        )}
      </Card>
      <ProblemAlert error={save.error} />
      <div className="flex flex-col gap-2">
        <h3 className="font-medium">{t('wizard.mapping')}</h3>
        <p className="text-xs text-slate-500">{t('wizard.mapping_hint')}</p>
        <MappingTable imp={imp} disabled={save.busy} onChange={(mapping) => void save.run({ mapping })} />
      </div>
      <div className="flex flex-col gap-2">
        <h3 className="font-medium">{t('wizard.sample')}</h3>
        {uploaded ? (
          <SampleTable headers={imp.headers} rows={uploaded.preview} />
        ) : (
          <p className="text-sm text-slate-500">{t('wizard.sample_gone')}</p>
        )}
      </div>
      <ProblemAlert error={check.error} />
      <div className="flex items-center gap-3">
        <button
          type="button"
          className={primaryButton}
          disabled={save.busy || check.busy || !imp.kind}
          data-testid="run-check"
          onClick={() => void check.run(lang)}
        >
          {check.busy ? t('wizard.checking') : t('wizard.check')}
        </button>
        <span role="status" className="text-xs text-slate-500">
          {save.busy ? t('wizard.saving') : ''}
        </span>
      </div>
    </section>
  );
};
