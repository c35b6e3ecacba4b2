import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useProblemText } from '../components/states.tsx';
import { useToast } from '../components/toast.tsx';
import { ApiError } from './client.ts';

type FieldErrorSink = { setServerErrors: (errors?: { field: string; message: string }[]) => void };

export type ApiMutationOptions<V, R> = {
  /** The request. `idempotencyKey` is the same for every retry of one attempt. */
  request: (values: V, idempotencyKey: string) => Promise<R>;
  /** The queries the change makes stale; they are refetched before the mutation settles. */
  invalidates?: QueryKey[] | ((result: R, values: V) => QueryKey[]);
  /** The success toast, already translated; none when omitted. */
  success?: string | ((result: R, values: V) => string);
  /** The form whose fields receive the server's field errors (problem+json `errors`). */
  form?: FieldErrorSink;
  onSuccess?: (result: R, values: V) => void | Promise<void>;
  /** Called after a failure, once the form has its field errors (a refetch, a corrected cart). */
  onError?: (error: unknown, values: V) => void | Promise<void>;
  /** Shows the failure as an error toast: for row actions that have no form to hold an alert. */
  toastError?: boolean;
};

/** A fresh key; randomUUID needs a secure context, so a page served over plain HTTP gets random bytes. */
export const newKey = () => {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
};

/**
 * The one way a screen changes something: a mutation that sends one Idempotency-Key per
 * attempt, so a double click or a retried request books once. A refusal ends the attempt:
 * its field errors land on the form, the failure stays in `error` for a ProblemAlert, and
 * the corrected form is a new attempt with a new key.
 */
export const useApiMutation = <V = void, R = unknown>(o: ApiMutationOptions<V, R>) => {
  const qc = useQueryClient();
  const toast = useToast();
  const problemText = useProblemText();
  const [key, setKey] = useState(newKey);
  const m = useMutation<R, unknown, V>({
    mutationFn: (values) => o.request(values, key),
    onSuccess: async (result, values) => {
      setKey(newKey());
      const stale =
        typeof o.invalidates === 'function' ? o.invalidates(result, values) : (o.invalidates ?? []);
      await Promise.all(stale.map((queryKey) => qc.invalidateQueries({ queryKey })));
      if (o.success)
        toast.show(typeof o.success === 'function' ? o.success(result, values) : o.success, 'success');
      await o.onSuccess?.(result, values);
    },
    onError: async (err, values) => {
      if (err instanceof ApiError) {
        o.form?.setServerErrors(err.problem.errors);
        setKey(newKey());
      }
      if (o.toastError) toast.show(problemText(err), 'error');
      await o.onError?.(err, values);
    },
  });
  return {
    /** Runs the change; resolves whether it succeeded or not (the failure is in `error`). */
    run: (values: V) =>
      m.mutateAsync(values).then(
        () => true,
        () => false,
      ),
    /** Runs the change and rejects on failure: for a step of a larger action, or a ConfirmDialog. */
    send: (values: V) => m.mutateAsync(values),
    busy: m.isPending,
    error: m.error ?? undefined,
    /** Whether the last attempt succeeded (a one-shot form shows its note and stays done). */
    succeeded: m.isSuccess,
    reset: m.reset,
    idempotencyKey: key,
  };
};
