import { type FormEvent, type ReactNode, useId } from 'react';
import { Dialog, DialogFooter } from './dialog.tsx';

/**
 * A dialog around one form: the refusal (`alert`) on top, the fields, and the one footer
 * (cancel, submit). Closing it is cancelling.
 */
export const FormDialog = ({
  title,
  onClose,
  onSubmit,
  submit,
  alert,
  testId,
  wide = false,
  className = 'flex flex-col gap-4',
  children,
}: {
  title: string;
  onClose: () => void;
  onSubmit: (e: FormEvent<HTMLFormElement>) => unknown;
  /** The submit button: its label, test id, and whether the request runs. */
  submit: { label: string; testId?: string; busy: boolean };
  alert: ReactNode;
  testId?: string;
  wide?: boolean;
  className?: string;
  children: ReactNode;
}) => {
  const formId = useId();
  return (
    <Dialog
      open
      wide={wide}
      title={title}
      onClose={onClose}
      testId={testId}
      footer={
        <DialogFooter
          formId={formId}
          submitLabel={submit.label}
          onCancel={onClose}
          busy={submit.busy}
          submitTestId={submit.testId}
        />
      }
    >
      <form id={formId} noValidate onSubmit={onSubmit} className={className}>
        {alert}
        {children}
      </form>
    </Dialog>
  );
};
