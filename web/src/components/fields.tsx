import {
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
  useState,
} from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/i18n.tsx';

type FieldErrors = Record<string, string | undefined>;

/**
 * Validates a form's values with a zod schema on submit and maps issues to fields. Messages
 * may be catalog keys (`validation.email`), so errors speak the user's language.
 */
export const useZodForm = <S extends z.ZodType>(
  schema: S,
  onValid: (values: z.infer<S>) => void | Promise<void>,
) => {
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const raw = Object.fromEntries(new FormData(e.currentTarget).entries());
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    await onValid(parsed.data);
  };
  /** Server-side field errors (problem+json `errors`) land on the same fields. */
  const setServerErrors = (list: { field: string; message: string }[] = []) =>
    setErrors(Object.fromEntries(list.map((x) => [x.field, x.message])));
  return { errors, onSubmit, setServerErrors };
};

const useMessage = () => {
  const t = useT();
  return (m: string | undefined) => (m?.includes('.') && !m.includes(' ') ? t(m as MessageKey) : m);
};

type Base = { label: string; error?: string; hint?: string };

/** Label, control and message, wired for screen readers; the control comes from the caller. */
const Field = ({
  label,
  error,
  hint,
  control,
}: Base & { control: (a: { id: string; invalid: boolean; describedBy?: string }) => ReactNode }) => {
  const id = useId();
  const msg = useMessage()(error);
  const describedBy = msg || hint ? `${id}-msg` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {control({ id, invalid: Boolean(msg), describedBy })}
      {describedBy && (
        <p id={describedBy} className={`text-xs ${msg ? 'text-red-600' : 'text-slate-500'}`}>
          {msg ?? hint}
        </p>
      )}
    </div>
  );
};

const controlClass = (invalid: boolean) =>
  `rounded-lg border bg-white px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500 ${invalid ? 'border-red-400' : 'border-slate-300'}`;

export const TextField = ({ label, error, hint, ...input }: Base & InputHTMLAttributes<HTMLInputElement>) => (
  <Field
    label={label}
    error={error}
    hint={hint}
    control={({ id, invalid, describedBy }) => (
      <input
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={controlClass(invalid)}
        {...input}
      />
    )}
  />
);

export const SelectField = ({
  label,
  error,
  hint,
  options,
  ...select
}: Base & { options: { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) => (
  <Field
    label={label}
    error={error}
    hint={hint}
    control={({ id, invalid, describedBy }) => (
      <select
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={controlClass(invalid)}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    )}
  />
);

export const TextAreaField = ({
  label,
  error,
  hint,
  ...area
}: Base & TextareaHTMLAttributes<HTMLTextAreaElement>) => (
  <Field
    label={label}
    error={error}
    hint={hint}
    control={({ id, invalid, describedBy }) => (
      <textarea
        id={id}
        rows={3}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className={controlClass(invalid)}
        {...area}
      />
    )}
  />
);

/** A checkbox posts "on" when ticked and nothing otherwise; `checkbox` in form-values reads it. */
export const CheckboxField = ({
  label,
  error,
  ...input
}: Omit<Base, 'hint'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) => {
  const msg = useMessage()(error);
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" aria-invalid={Boolean(msg) || undefined} {...input} />
      {label}
      {msg && <span className="text-xs text-red-600">{msg}</span>}
    </label>
  );
};
