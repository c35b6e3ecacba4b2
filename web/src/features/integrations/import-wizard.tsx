import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useEvents } from '../../api/events.ts';
import { keys } from '../../api/keys.ts';
import { can } from '../../api/session.ts';
import { PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Checked, Import, Uploaded } from './imports-api.ts';
import { BackToIntegrations } from './integrations-parts.tsx';
import { CheckStep } from './wizard-check.tsx';
import { CommitStep } from './wizard-commit.tsx';
import { PreviewStep } from './wizard-preview.tsx';
import { UploadStep } from './wizard-upload.tsx';

export const STEPS = ['upload', 'preview', 'check', 'commit'] as const;
export type Step = (typeof STEPS)[number];

/** Where an import stands decides the step it reopens at; a step asked for in the address may go back. */
export const stepOf = (imp: Import, asked: Step | undefined): Step => {
  if (imp.status === 'running' || imp.status === 'completed' || imp.status === 'failed') return 'commit';
  if (asked === 'preview') return 'preview';
  if (imp.status === 'validated') return asked === 'commit' ? 'commit' : 'check';
  return asked === 'check' ? 'check' : 'preview';
};

const Steps = ({ current }: { current: Step }) => {
  const t = useT();
  const at = STEPS.indexOf(current);
  return (
    <nav aria-label={t('wizard.steps')}>
      <ol className="flex flex-wrap gap-2 text-sm" data-testid="wizard-steps">
        {STEPS.map((s, i) => (
          <li
            key={s}
            aria-current={s === current ? 'step' : undefined}
            className={`flex items-center gap-2 rounded-full px-3 py-1 ${s === current ? 'bg-brand-600 text-white' : i < at ? 'bg-brand-50 text-brand-800' : 'bg-slate-100 text-slate-500'}`}
          >
            <span aria-hidden>{i + 1}</span>
            <span>{t(`wizard.step.${s}`)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
};

const Frame = ({ step, children }: { step: Step; children: React.ReactNode }) => {
  const t = useT();
  return (
    <div className="flex max-w-5xl flex-col gap-4" data-testid="import-wizard" data-step={step}>
      <BackToIntegrations />
      <PageHeader title={t('wizard.title')} subtitle={t('wizard.step_of', { n: STEPS.indexOf(step) + 1 })} />
      <Steps current={step} />
      {children}
    </div>
  );
};

/** `/integrations/imports/new`: step 1, then on to the uploaded import's own address. */
export const NewImportPage = () => {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const uploaded = (u: Uploaded) => {
    // The sample rows come only with the upload's answer; the next page reads them from here.
    qc.setQueryData(keys.importPreview(u.id), u);
    qc.setQueryData(keys.import.one(u.id), u);
    void navigate({ to: '/integrations/imports/$id', params: { id: u.id } });
  };
  return (
    <Frame step="upload">
      <UploadStep onUploaded={uploaded} />
    </Frame>
  );
};

/** `/integrations/imports/$id`: steps 2–4 of one import, its progress followed by polling and live events. */
export const ImportPage = ({ id, step: asked }: { id: string; step: Step | undefined }) => {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [checked, setChecked] = useState<Checked>();
  const imp = useQuery({
    queryKey: keys.import.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/imports/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });
  const uploaded = useQuery({
    queryKey: keys.importPreview(id),
    queryFn: () => qc.getQueryData<Uploaded>(keys.importPreview(id)) ?? null,
    enabled: false,
    gcTime: 30 * 60_000,
  });
  // Progress events move the bar between polls; a finished job refreshes the history too.
  const onEvent = useCallback(
    (e: { type: string; payload: Record<string, unknown> }) => {
      if (e.payload.import_id !== id) return;
      void qc.invalidateQueries({ queryKey: keys.import.one(id) });
      if (e.type !== 'integrations.import.progress')
        void qc.invalidateQueries({ queryKey: keys.imports.all });
    },
    [id, qc],
  );
  useEvents(['integrations.import.'], onEvent, { enabled: can('import:read') });

  const go = (step: Step) =>
    void navigate({ to: '/integrations/imports/$id', params: { id }, search: { step }, replace: true });

  if (imp.error) return <ErrorState error={imp.error} onRetry={() => void imp.refetch()} />;
  if (!imp.data) return <LoadingState />;
  const step = stepOf(imp.data, asked);
  return (
    <Frame step={step}>
      {step === 'preview' && (
        <PreviewStep
          imp={imp.data}
          uploaded={uploaded.data ?? undefined}
          onChecked={(c) => {
            setChecked(c);
            go('check');
          }}
        />
      )}
      {step === 'check' && (
        <CheckStep
          imp={imp.data}
          checked={checked}
          onChecked={setChecked}
          onBack={() => go('preview')}
          onNext={() => go('commit')}
        />
      )}
      {step === 'commit' && <CommitStep imp={imp.data} onBack={() => go('check')} />}
    </Frame>
  );
};
