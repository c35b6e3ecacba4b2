import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { Badge, linkButton } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { downloadErrors, type ImportKind, type ImportStatus } from './imports-api.ts';

const importTone = {
  uploaded: 'grey',
  validated: 'blue',
  running: 'amber',
  completed: 'green',
  failed: 'red',
} as const satisfies Record<ImportStatus, string>;

export const ImportStatusBadge = ({ status }: { status: ImportStatus }) => {
  const t = useT();
  return (
    <span data-testid="import-status" data-status={status}>
      <Badge tone={importTone[status]}>{t(`imports.status.${status}`)}</Badge>
    </span>
  );
};

export type SyncStatus = 'pending' | 'running' | 'completed' | 'failed';
const syncTone = { pending: 'grey', running: 'amber', completed: 'green', failed: 'red' } as const;

export const SyncStatusBadge = ({ status }: { status: SyncStatus }) => {
  const t = useT();
  return (
    <span data-testid="sync-status" data-status={status}>
      <Badge tone={syncTone[status]}>{t(`sync.status.${status}`)}</Badge>
    </span>
  );
};

/** A kind's name in the reader's language; a file not recognised says so. */
export const useKindName = () => {
  const t = useT();
  return (kind: ImportKind | null) => (kind ? t(`imports.kind.${kind}`) : t('imports.kind_unknown'));
};

export const BackToIntegrations = () => {
  const t = useT();
  return (
    <Link to="/integrations" className={`${linkButton} self-start`}>
      {t('integrations.back')}
    </Link>
  );
};

/** The error file of an import as CSV and Excel, fetched with the session's token. */
export const ErrorFileLinks = ({ id, compact = false }: { id: string; compact?: boolean }) => {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      await downloadErrors(id, format, lang);
    } catch (err) {
      toast.show(
        err instanceof ApiError
          ? (err.problem.detail ?? t('imports.download_failed'))
          : t('imports.download_failed'),
        'error',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="flex flex-wrap gap-3">
      {(['csv', 'xlsx'] as const).map((f) => (
        <button
          key={f}
          type="button"
          className={linkButton}
          disabled={busy}
          data-testid={`error-file-${f}`}
          onClick={() => void download(f)}
        >
          {compact ? f.toUpperCase() : t(f === 'csv' ? 'imports.error_csv' : 'imports.error_xlsx')}
        </button>
      ))}
    </span>
  );
};

/**
 * The heading of a wizard step, focused when the step appears, so a keyboard or screen reader
 * user lands on the new step instead of on a button that no longer exists.
 */
export const StepHeading = ({ children }: { children: string }) => {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 ref={ref} tabIndex={-1} data-testid="step-heading" className="text-lg font-semibold outline-none">
      {children}
    </h2>
  );
};
