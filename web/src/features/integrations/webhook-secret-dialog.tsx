import { useRef, useState } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import { inputClass, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';

type Copy = 'idle' | 'copied' | 'failed';

/**
 * The signing secret, shown this once (the server keeps it sealed and never answers it again),
 * with a copy button. After a rotation it also says the old secret signs for one more day.
 */
export const WebhookSecretDialog = ({
  secret,
  rotated,
  onClose,
}: {
  secret: string;
  rotated: boolean;
  onClose: () => void;
}) => {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<Copy>('idle');
  const copyIt = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      // Without clipboard access (a page served over plain HTTP) the text is selected for Ctrl+C.
      input.current?.select();
      setCopy('failed');
    }
  };
  return (
    <Dialog
      open
      title={rotated ? t('webhooks.secret_title_rotated') : t('webhooks.secret_title_created')}
      onClose={onClose}
      testId="webhook-secret-dialog"
      footer={
        <button type="button" className={primaryButton} onClick={onClose} data-testid="secret-done">
          {t('webhooks.secret_done')}
        </button>
      }
    >
      <div className="flex flex-col gap-3 text-sm">
        <p role="note" className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
          {t('webhooks.secret_once')}
        </p>
        {rotated && <p className="text-slate-600">{t('webhooks.secret_overlap')}</p>}
        <label htmlFor="webhook-secret" className="font-medium text-slate-700">
          {t('webhooks.secret')}
        </label>
        <div className="flex gap-2">
          <input
            ref={input}
            id="webhook-secret"
            readOnly
            value={secret}
            data-testid="webhook-secret"
            className={`${inputClass} min-w-0 flex-1 font-mono text-xs`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className={secondaryButton} onClick={() => void copyIt()}>
            {t('webhooks.copy')}
          </button>
        </div>
        <p aria-live="polite" className="min-h-5 text-xs text-slate-500">
          {copy === 'copied' ? t('webhooks.copied') : copy === 'failed' ? t('webhooks.copy_failed') : ''}
        </p>
      </div>
    </Dialog>
  );
};
