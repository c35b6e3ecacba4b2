import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { primaryButton, secondaryButton } from './page.tsx';
import { ProblemAlert } from './states.tsx';

/** A modal dialog: Escape and the backdrop close it, focus stays inside while it is open. */
export const Dialog = ({
  open,
  title,
  onClose,
  children,
  footer,
  wide = false,
  testId,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}) => {
  const t = useT();
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  // The latest onClose, read by the key handler: callers pass a new function every render, and
  // re-running the effect for it would pull focus back to the panel while the user types.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
      if (e.key !== 'Tab' || !panel.current) return;
      const focusable = panel.current.querySelectorAll<HTMLElement>(
        'button, [href], input, select, textarea',
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center p-4">
      <button
        type="button"
        aria-label={t('dialog.close')}
        className="absolute inset-0 bg-slate-900/40"
        onClick={onClose}
      />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
        className={`relative max-h-[90vh] w-full overflow-y-auto rounded-2xl bg-white p-6 shadow-xl outline-none ${wide ? 'max-w-3xl' : 'max-w-lg'}`}
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="mt-4">{children}</div>
        {footer && <div className="mt-6 flex justify-end gap-2">{footer}</div>}
      </div>
    </div>
  );
};

/**
 * The footer of a form dialog: cancel, then the submit button of the form `formId`
 * (disabled while the request runs).
 */
export const DialogFooter = ({
  formId,
  submitLabel,
  onCancel,
  busy = false,
  submitTestId,
}: {
  formId: string;
  submitLabel: string;
  onCancel: () => void;
  busy?: boolean;
  submitTestId?: string;
}) => {
  const t = useT();
  return (
    <>
      <button type="button" className={secondaryButton} onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        form={formId}
        disabled={busy}
        className={primaryButton}
        data-testid={submitTestId}
      >
        {submitLabel}
      </button>
    </>
  );
};

/** Asks before an action that cannot be undone; the server's refusal stays on screen. */
export const ConfirmDialog = ({
  open,
  title,
  body,
  confirmLabel,
  onClose,
  onConfirm,
}: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  onClose: () => void;
  onConfirm: () => Promise<unknown>;
}) => {
  const t = useT();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const close = () => {
    setError(undefined);
    onClose();
  };
  return (
    <Dialog
      open={open}
      title={title}
      onClose={close}
      testId="confirm-dialog"
      footer={
        <>
          <button
            type="button"
            className="rounded-lg border border-slate-300 px-4 py-2 text-sm"
            onClick={close}
          >
            {t('common.cancel')}
          </button>
          <button
            type="button"
            data-testid="confirm"
            disabled={busy}
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
                close();
              } catch (err) {
                setError(err);
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <p className="text-sm text-slate-600">{body}</p>
        <ProblemAlert error={error} />
      </div>
    </Dialog>
  );
};
