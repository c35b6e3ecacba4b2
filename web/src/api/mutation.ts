import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useProblemText } from '../components/states.tsx';
import { useToast } from '../components/toast.tsx';
import { ApiError } from './client.ts';

type FieldError = { field: string; message: string };
type FieldErrorSink = { setServerErrors: (errors?: FieldError[]) => void };
type Stale<R, V> = QueryKey[] | ((result: R, values: V) => QueryKey[]);

export type ApiMutationOptions<V, R> = {
  /** The request. `idempotencyKey` is the same for every retry of one attempt. */
  request: (values: V, idempotencyKey: string) => Promise<R>;
  /** The queries the change makes stale; they are refetched before the mutation settles. */
  invalidates?: Stale<R, V>;
  /** The success toast, already translated; none when omitted. */
  success?: string | ((result: R, values: V) => string);
  /** The form whose fields receive the server's field errors (problem+json `errors`). */
  form?: FieldErrorSink;
  /**
   * The server's field errors for fields the form names otherwise (`lines[2].quantity` on the
   * third line sent, `settings.x` on `x`), with the values of the refused attempt.
   */
  onFieldErrors?: (errors: FieldError[], values: V) => void;
  /**
   * Refetch `invalidates` after a refusal too: a move refused because the thing moved meanwhile
   * (another user, a job) should show where it stands now.
   */
  invalidateOnError?: boolean;
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

const staleOf = <R, V>(stale: Stale<R, V> | undefined, result: R, values: V) =>
  typeof stale === 'function' ? stale(result, values) : (stale ?? []);

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
      const stale = staleOf(o.invalidates, result, values);
      await Promise.all(stale.map((queryKey) => qc.invalidateQueries({ queryKey })));
      if (o.success)
        toast.show(typeof o.success === 'function' ? o.success(result, values) : o.success, 'success');
      await o.onSuccess?.(result, values);
    },
    onError: async (err, values) => {
      if (err instanceof ApiError) {
        o.form?.setServerErrors(err.problem.errors);
        o.onFieldErrors?.(err.problem.errors ?? [], values);
        setKey(newKey());
      }
      // Only a list of keys can be refetched here: a function of the result has none to read.
      if (o.invalidateOnError && Array.isArray(o.invalidates))
        await Promise.all(o.invalidates.map((queryKey) => qc.invalidateQueries({ queryKey })));
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
    /** The values of the attempt running now, or of the last one. */
    variables: m.variables,
    error: m.error ?? undefined,
    /** Whether the last attempt succeeded (a one-shot form shows its note and stays done). */
    succeeded: m.isSuccess,
    reset: m.reset,
    idempotencyKey: key,
  };
};

/** What came of a batch: each item that went through with its result, each refused with why. */
export type BatchOutcome<V, R> = {
  done: { values: V; result: R }[];
  failed: { values: V; error: unknown }[];
};

/**
 * Many independent changes at once (approve twenty suggestions), each its own request with its
 * own Idempotency-Key, so one refusal does not stop the rest. Whatever came of the batch, the
 * screen differs from the server now: `invalidates` is refetched, then `onSettled` reports the
 * outcome (row errors, toasts). `pending` holds the items in flight, for per-row busy states.
 */
export const useApiBatch = <V, R = unknown>(o: {
  request: (values: V, idempotencyKey: string) => Promise<R>;
  invalidates?: QueryKey[];
  onSettled?: (outcome: BatchOutcome<V, R>) => void | Promise<void>;
}) => {
  const qc = useQueryClient();
  const m = useMutation<BatchOutcome<V, R>, unknown, V[]>({
    mutationFn: async (items) => {
      const settled = await Promise.allSettled(items.map((v) => o.request(v, newKey())));
      const outcome: BatchOutcome<V, R> = { done: [], failed: [] };
      settled.forEach((r, i) => {
        const values = items[i] as V;
        if (r.status === 'fulfilled') outcome.done.push({ values, result: r.value });
        else outcome.failed.push({ values, error: r.reason });
      });
      await Promise.all((o.invalidates ?? []).map((queryKey) => qc.invalidateQueries({ queryKey })));
      await o.onSettled?.(outcome);
      return outcome;
    },
  });
  return {
    run: (items: V[]) => m.mutateAsync(items),
    busy: m.isPending,
    pending: m.isPending ? (m.variables ?? []) : [],
  };
};
