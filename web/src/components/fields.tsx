import { type FormEvent, type InputHTMLAttributes, type SelectHTMLAttributes, useId, useState } from 'react';
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

export const TextField = ({ label, error, hint, ...input }: Base & InputHTMLAttributes<HTMLInputElement>) => {
  const id = useId();
  const msg = useMessage()(error);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={msg ? true : undefined}
        aria-describedby={msg || hint ? `${id}-msg` : undefined}
        className={`rounded-lg border px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500 ${msg ? 'border-red-400' : 'border-slate-300'}`}
        {...input}
      />
      {(msg || hint) && (
        <p id={`${id}-msg`} className={`text-xs ${msg ? 'text-red-600' : 'text-slate-500'}`}>
          {msg ?? hint}
        </p>
      )}
    </div>
  );
};

export const SelectField = ({
  label,
  error,
  hint,
  options,
  ...select
}: Base & { options: { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) => {
  const id = useId();
  const msg = useMessage()(error);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={msg ? true : undefined}
        className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500"
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {(msg || hint) && <p className={`text-xs ${msg ? 'text-red-600' : 'text-slate-500'}`}>{msg ?? hint}</p>}
    </div>
  );
};
