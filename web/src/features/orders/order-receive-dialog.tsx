import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { keys } from '../../api/keys.ts';
import { useApiMutation } from '../../api/mutation.ts';
import { TextField } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { positiveDecimal } from '../../components/form-values.ts';
import { inputClass } from '../../components/page.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.tsx';
import { OrderProblem, type SupplyOrder, useFieldMessage } from './order-parts.tsx';

type Row = { quantity: string; close: boolean };
type Receipt = { line_id: string; quantity: string; close: boolean };

/**
 * Goods in against a purchase order: a quantity per open line, prefilled with what is still to
 * come, and "close line" when nothing more will come. A receipt past the tolerance is refused on
 * its line; nothing is booked until every line is right.
 */
export const ReceiveDialog = ({ order, onClose }: { order: SupplyOrder; onClose: () => void }) => {
  const t = useT();
  const f = useFormat();
  const message = useFieldMessage();
  const open = order.lines.filter((l) => Number(l.open_quantity) > 0);
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(open.map((l) => [l.id, { quantity: l.open_quantity, close: false }])),
  );
  const [receivedAt, setReceivedAt] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [nothing, setNothing] = useState(false);
  const set = (id: string, patch: Partial<Row>) => {
    setRows((all) => ({ ...all, [id]: { quantity: '', close: false, ...all[id], ...patch } }));
    setErrors(({ [id]: _, ...rest }) => rest);
  };
  const receive = useApiMutation({
    request: (lines: Receipt[], idempotencyKey) =>
      unwrap(
        api.POST('/api/v1/orders/{id}/receipts', {
          params: { path: { id: order.id } },
          body: { lines, ...(receivedAt ? { received_at: receivedAt } : {}) },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    invalidates: [keys.order.one(order.id), keys.orders.all, keys.inventory.all],
    success: (saved) => t('supply.receive.done', { number: saved.number }),
    onSuccess: onClose,
    // `lines[i].quantity` names the i-th line sent, not the i-th line of the order.
    onFieldErrors: (list, sent) => {
      const byLine: Record<string, string | undefined> = {};
      for (const e of list) {
        const m = /^lines\[(\d+)\]/.exec(e.field);
        const line = m ? sent[Number(m[1])] : undefined;
        if (line) byLine[line.line_id] = e.message;
      }
      setErrors(byLine);
    },
  });

  const submit = () => {
    const found: Record<string, string | undefined> = {};
    const sent: Receipt[] = [];
    for (const l of open) {
      const r = rows[l.id];
      if (!r || r.quantity.trim() === '') continue;
      const q = positiveDecimal.safeParse(r.quantity);
      if (!q.success) found[l.id] = q.error.issues[0]?.message;
      else sent.push({ line_id: l.id, quantity: q.data, close: r.close });
    }
    setErrors(found);
    setNothing(Object.keys(found).length === 0 && sent.length === 0);
    if (Object.keys(found).length > 0 || sent.length === 0) return;
    void receive.run(sent);
  };

  return (
    <FormDialog
      wide
      title={t('supply.receive.title', { number: order.number })}
      onClose={onClose}
      testId="receive-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      submit={{ label: t('supply.receive.submit'), testId: 'receive-submit', busy: receive.busy }}
      alert={<OrderProblem error={nothing ? new Error(t('supply.receive.nothing')) : receive.error} />}
    >
      <p className="text-sm text-slate-600">{t('supply.receive.help')}</p>
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2">{t('common.product')}</th>
            <th className="py-2 text-right">{t('supply.line.ordered')}</th>
            <th className="py-2 text-right">{t('supply.line.received')}</th>
            <th className="py-2 text-right">{t('supply.receive.now')}</th>
            <th className="py-2 pl-3">{t('supply.receive.close')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {open.map((l) => {
            const r = rows[l.id] ?? { quantity: '', close: false };
            const error = message(errors[l.id]);
            return (
              <tr key={l.id} data-testid={`receive-line-${l.sku}`}>
                <td className="py-2 align-top">
                  <span className="font-mono text-xs">{l.sku}</span> · {l.product_name}
                </td>
                <td className="py-2 text-right align-top tabular-nums">{f.qty(l.quantity)}</td>
                <td className="py-2 text-right align-top tabular-nums">{f.qty(l.received_quantity)}</td>
                <td className="py-2 text-right align-top">
                  <input
                    aria-label={t('supply.receive.quantity_for', { sku: l.sku })}
                    data-testid="receive-quantity"
                    inputMode="decimal"
                    value={r.quantity}
                    aria-invalid={Boolean(error) || undefined}
                    onChange={(e) => set(l.id, { quantity: e.target.value })}
                    className={`${inputClass} w-28 text-right ${error ? 'border-red-400' : ''}`}
                  />
                  {error && (
                    <span role="alert" data-testid="receive-error" className="block text-xs text-red-700">
                      {error}
                    </span>
                  )}
                </td>
                <td className="py-2 pl-3 align-top">
                  <input
                    type="checkbox"
                    aria-label={t('supply.receive.close_for', { sku: l.sku })}
                    data-testid="receive-close"
                    checked={r.close}
                    onChange={(e) => set(l.id, { close: e.target.checked })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="w-56">
        <TextField
          label={t('supply.receive.date')}
          type="date"
          value={receivedAt}
          hint={t('supply.receive.date_hint')}
          onChange={(e) => setReceivedAt(e.target.value)}
        />
      </div>
    </FormDialog>
  );
};
