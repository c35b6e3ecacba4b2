import { useId, useState } from 'react';
import { Badge } from '../../components/page.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Proposal, Route, ToolCall } from './assistant-api.ts';
import { ChatCards } from './chat-cards.tsx';
import type { ChatMessage } from './chat-state.ts';
import { ProposalCard } from './proposal-card.tsx';

const ROUTE_TONE = { offline: 'grey', local: 'green', cloud: 'blue' } as const;

/** Who answered: the built-in planner, a model on the organisation's machines, or one in the cloud. */
export const RouteBadge = ({ route }: { route: Route }) => {
  const t = useT();
  const label = t(`assistant.route_${route.target}`, { model: route.model ?? '' });
  // Older answers, stored before the code existed, keep the server's English reason.
  const reason = route.reason_code ? t(`assistant.reason_${route.reason_code}`) : route.reason;
  return (
    <span
      className="flex flex-wrap items-center gap-2 text-xs text-slate-500"
      data-testid="route-badge"
      data-target={route.target}
    >
      <span title={reason}>
        <Badge tone={ROUTE_TONE[route.target]}>{label}</Badge>
      </span>
      <span data-testid="route-reason">{reason}</span>
    </span>
  );
};

/** One tool the answer called: its name and whether it worked, its summary on demand. */
const ToolChip = ({ call }: { call: ToolCall }) => {
  const t = useT();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className="flex flex-col gap-1" data-testid="tool-chip" data-name={call.name} data-ok={call.ok}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className={`self-start rounded-full border px-2 py-0.5 font-mono text-xs ${call.ok ? 'border-slate-200 bg-slate-50 text-slate-700' : 'border-red-200 bg-red-50 text-red-800'}`}
      >
        <span aria-hidden="true">{call.ok ? '✓' : '✗'} </span>
        {call.name}
        <span className="sr-only"> ({call.ok ? t('assistant.tool_ok') : t('assistant.tool_failed')})</span>
      </button>
      {open && (
        <p id={id} className="rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-600">
          {call.result_summary}
        </p>
      )}
    </li>
  );
};

/** One message of the thread: the question, or the answer with its tools, cards and proposal. */
export const MessageView = ({
  message,
  onSettled,
}: {
  message: ChatMessage;
  onSettled: (id: string, change: Partial<Proposal>, changed?: { id: string; status: string }) => void;
}) => {
  const t = useT();
  if (message.role === 'user')
    return (
      <li className="flex justify-end" data-testid="chat-question">
        <p className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-sm bg-brand-700 px-4 py-2 text-sm text-white">
          <span className="sr-only">{t('assistant.you_said')} </span>
          {message.content}
        </p>
      </li>
    );
  const waiting = message.streaming && !message.content;
  return (
    <li
      className="flex flex-col gap-2"
      data-testid="chat-answer"
      data-streaming={message.streaming ? 'true' : 'false'}
      aria-busy={message.streaming ? true : undefined}
    >
      {message.route && <RouteBadge route={message.route} />}
      {message.toolCalls.length > 0 && (
        <ul aria-label={t('assistant.tools_label')} className="flex flex-wrap gap-1">
          {message.toolCalls.map((c, i) => (
            // Calls have no id; the same tool may run twice in one answer.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <ToolChip key={`${c.name}-${i}`} call={c} />
          ))}
        </ul>
      )}
      <div className="max-w-[95%] rounded-2xl rounded-bl-sm border border-slate-200 bg-white px-4 py-2 text-sm">
        <span className="sr-only">{t('assistant.assistant_said')} </span>
        {waiting ? (
          <span className="flex items-center gap-2 text-slate-500">
            <span className="size-3 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" />
            {t('assistant.thinking')}
          </span>
        ) : (
          <p className="whitespace-pre-wrap" data-testid="chat-answer-text">
            {message.content}
          </p>
        )}
        {message.error && (
          <p role="alert" data-testid="chat-error" className="mt-2 text-red-700">
            {message.error}
          </p>
        )}
      </div>
      <ChatCards cards={message.cards} />
      {message.decision && <ProposalCard decision={message.decision} onSettled={onSettled} />}
    </li>
  );
};
