import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useT } from '../i18n/i18n.tsx';
import { primaryButton, secondaryButton } from './page.tsx';
import { ProblemAlert } from './states.tsx';

/**
 * A modal dialog: Escape and the backdrop close it; focus moves in, stays inside (every
 * tabbable element, `[tabindex]` ones too) and returns to the opener; the page behind does
 * not scroll and is hidden from assistive technology; the title names the dialog.
 */
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
}) => (
  <ModalOverlay
    isOpen={open}
    onOpenChange={(isOpen) => {
      if (!isOpen) onClose();
    }}
    isDismissable
    className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40 p-4"
  >
    <Modal
      className={`max-h-[90vh] w-full overflow-y-auto rounded-2xl bg-white p-6 shadow-xl ${wide ? 'max-w-3xl' : 'max-w-lg'}`}
    >
      <AriaDialog data-testid={testId} className="outline-none">
        <Heading slot="title" className="text-lg font-semibold">
          {title}
        </Heading>
        <div className="mt-4">{children}</div>
        {footer && <div className="mt-6 flex justify-end gap-2">{footer}</div>}
      </AriaDialog>
    </Modal>
  </ModalOverlay>
);

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

/**
 * Asks before an action that cannot be undone. `onConfirm` runs the action; while it runs the
 * button is disabled, and if it throws, the server's refusal stays on screen.
 */
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
  const confirm = useMutation({ mutationFn: () => onConfirm(), onSuccess: () => close() });
  const close = () => {
    confirm.reset();
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
            disabled={confirm.isPending}
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
            onClick={() => confirm.mutate()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <p className="text-sm text-slate-600">{body}</p>
        <ProblemAlert error={confirm.error ?? undefined} />
      </div>
    </Dialog>
  );
};

/**
 * Asks before deleting the row a list is about to lose (`row` set opens it); `remove` is the
 * delete mutation's `send`, so a refusal stays on screen and success closes it.
 */
export const DeleteDialog = <Row,>({
  row,
  title,
  body,
  onClose,
  remove,
}: {
  row: Row | undefined;
  title: string;
  body: (row: Row) => string;
  onClose: () => void;
  remove: (row: Row) => Promise<unknown>;
}) => {
  const t = useT();
  return (
    <ConfirmDialog
      open={row !== undefined}
      title={title}
      body={row === undefined ? '' : body(row)}
      confirmLabel={t('common.delete')}
      onClose={onClose}
      onConfirm={async () => {
        if (row !== undefined) await remove(row);
      }}
    />
  );
};
