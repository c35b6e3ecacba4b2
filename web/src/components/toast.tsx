import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';

type Toast = { id: number; kind: 'success' | 'error' | 'info'; message: string };
type Toaster = { show: (message: string, kind?: Toast['kind']) => void };
const ToastContext = createContext<Toaster | null>(null);

const tone: Record<Toast['kind'], string> = {
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  error: 'border-red-200 bg-red-50 text-red-900',
  info: 'border-slate-200 bg-white text-slate-900',
};

export const ToastProvider = ({ children }: { children: ReactNode }) => {
  const t = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (message: string, kind: Toast['kind'] = 'info') => {
      const id = Date.now() + Math.random();
      setToasts((all) => [...all, { id, kind, message }]);
      setTimeout(() => dismiss(id), 5000);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {/* A top layer: an open dialog hides the page behind it from assistive technology, not this. */}
      <div
        aria-live="polite"
        data-react-aria-top-layer
        className="fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2"
      >
        {toasts.map((x) => (
          <div
            key={x.id}
            role="status"
            className={`flex items-start justify-between gap-3 rounded-lg border p-3 text-sm shadow ${tone[x.kind]}`}
          >
            <span>{x.message}</span>
            <button
              type="button"
              aria-label={t('toast.dismiss')}
              onClick={() => dismiss(x.id)}
              className="opacity-60 hover:opacity-100"
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
};

export const useToast = (): Toaster => {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
};
