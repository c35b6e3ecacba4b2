import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../../api/keys.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { Badge, primaryButton, secondaryButton } from '../../components/page.tsx';
import { useProblemText } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { changedBy, confirmDecision, declineDecision, failureOf, type Proposal } from './assistant-api.ts';

const STATUS_TONE = { proposed: 'blue', executed: 'green', declined: 'grey', failed: 'red' } as const;
type Status = keyof typeof STATUS_TONE;
const statusOf = (s: string): Status => (s in STATUS_TONE ? (s as Status) : 'proposed');

/**
 * A change the assistant proposes: nothing happens until the user confirms it here (asked once
 * more in a dialog), and then it goes through the ordinary route with the user's own rights.
 */
export const ProposalCard = ({
  decision,
  onSettled,
}: {
  decision: Proposal;
  onSettled: (id: string, change: Partial<Proposal>, changed?: { id: string; status: string }) => void;
}) => {
  const t = useT();
  const toast = useToast();
  const qc = useQueryClient();
  const problemText = useProblemText();
  const [asking, setAsking] = useState(false);
  const [declining, setDeclining] = useState(false);
  const status = statusOf(decision.status);
  const open = status === 'proposed';

  // What the proposal changed is on other screens too: suggestions, buffers and orders.
  const refresh = () =>
    Promise.all(
      [keys.suggestions.all, keys.buffers.all, keys.orders.all].map((queryKey) =>
        qc.invalidateQueries({ queryKey }),
      ),
    );

  const confirm = async () => {
    const d = await confirmDecision(decision.id);
    const failure = failureOf(d);
    onSettled(decision.id, { status: d.status, failure }, changedBy(d));
    if (d.status === 'executed') {
      toast.show(t('assistant.proposal_done'), 'success');
      await refresh();
    } else {
      toast.show(failure ?? t('assistant.proposal_failed'), 'error');
    }
  };

  const decline = async () => {
    setDeclining(true);
    try {
      const d = await declineDecision(decision.id);
      onSettled(decision.id, { status: d.status });
      toast.show(t('assistant.proposal_declined_toast'), 'info');
    } catch (err) {
      toast.show(problemText(err), 'error');
    } finally {
      setDeclining(false);
    }
  };

  return (
    <section
      aria-label={t('assistant.proposal_label')}
      data-testid="proposal-card"
      data-status={status}
      className={`flex flex-col gap-2 rounded-lg border p-3 text-sm ${status === 'executed' ? 'border-emerald-200 bg-emerald-50' : status === 'failed' ? 'border-red-200 bg-red-50' : 'border-brand-100 bg-brand-50'}`}
    >
      <div className="flex items-start justify-between gap-2">
        <p className="font-medium">{t('assistant.proposal_title')}</p>
        <span data-testid="proposal-status">
          <Badge tone={STATUS_TONE[status]}>{t(`assistant.proposal_${status}`)}</Badge>
        </span>
      </div>
      <p data-testid="proposal-summary">{decision.summary}</p>
      {status === 'failed' && decision.failure && (
        <p role="alert" data-testid="proposal-failure" className="text-red-800">
          {decision.failure}
        </p>
      )}
      {open && (
        <div className="flex gap-2">
          <button
            type="button"
            className={primaryButton}
            data-testid="proposal-confirm"
            onClick={() => setAsking(true)}
          >
            {t('assistant.proposal_confirm')}
          </button>
          <button
            type="button"
            className={secondaryButton}
            data-testid="proposal-decline"
            disabled={declining}
            onClick={() => void decline()}
          >
            {t('assistant.proposal_decline')}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={asking}
        title={t('assistant.proposal_confirm_title')}
        body={decision.summary}
        confirmLabel={t('assistant.proposal_confirm_action')}
        onClose={() => setAsking(false)}
        onConfirm={confirm}
      />
    </section>
  );
};
