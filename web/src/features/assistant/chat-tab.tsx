import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { primaryButton } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { useT } from '../../i18n/i18n.tsx';
import { MessageView } from './chat-message.tsx';
import { useChat } from './chat-state.ts';
import { ConversationList } from './conversation-list.tsx';

/** Questions the built-in planner answers too, so they work with or without a model. */
const STARTERS: readonly MessageKey[] = [
  'assistant.starter_red',
  'assistant.starter_suggestions',
  'assistant.starter_low_stock',
  'assistant.starter_stockout',
];
const MAX = 2000;

/** Ask the assistant: your conversations beside the open one, and a box for the next question. */
export const ChatTab = () => {
  const t = useT();
  const chat = useChat();
  const [text, setText] = useState('');
  const inputId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const last = chat.messages.at(-1);

  // Keep the newest part of the thread in view as an answer grows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the thread or its last answer changes
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [chat.messages.length, last?.content, last?.cards.length]);
  // Back to the box once an answer is in, for the next question (not on first arrival at the page).
  const answered = useRef(false);
  useEffect(() => {
    if (chat.streaming) answered.current = true;
    else if (answered.current) input.current?.focus();
  }, [chat.streaming]);

  const ask = (question: string) => {
    if (!question.trim() || chat.streaming) return;
    setText('');
    void chat.send(question);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask(text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      ask(text);
    }
  };

  return (
    <div className="grid gap-4 md:grid-cols-[16rem_1fr]" data-testid="chat-tab">
      <ConversationList
        active={chat.conversationId}
        onOpen={(id) => void chat.open(id)}
        onNew={() => {
          chat.reset();
          input.current?.focus();
        }}
        onDeleted={(id) => {
          if (id === chat.conversationId) chat.reset();
        }}
      />
      <section aria-label={t('assistant.thread')} className="flex min-h-[60vh] min-w-0 flex-col gap-3">
        <div className="flex-1 rounded-xl border border-slate-200 bg-slate-50 p-4">
          {chat.loading ? (
            <LoadingState />
          ) : chat.loadError ? (
            <ErrorState error={chat.loadError} />
          ) : chat.messages.length === 0 ? (
            <div className="flex flex-col items-start gap-3" data-testid="chat-starters">
              <p className="text-sm text-slate-600">{t('assistant.intro')}</p>
              <ul aria-label={t('assistant.starters')} className="flex flex-wrap gap-2">
                {STARTERS.map((k) => (
                  <li key={k}>
                    <button
                      type="button"
                      data-testid="chat-starter"
                      onClick={() => ask(t(k))}
                      className="rounded-full border border-brand-100 bg-white px-3 py-1 text-sm text-brand-800 hover:bg-brand-50"
                    >
                      {t(k)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <ol
            role="log"
            aria-live="polite"
            aria-label={t('assistant.messages')}
            className="flex flex-col gap-4"
          >
            {chat.messages.map((m) => (
              <MessageView key={m.id} message={m} onSettled={chat.settleDecision} />
            ))}
          </ol>
          <div ref={end} />
        </div>
        <form onSubmit={submit} className="flex items-end gap-2" data-testid="chat-form">
          <div className="flex flex-1 flex-col gap-1">
            <label htmlFor={inputId} className="sr-only">
              {t('assistant.input_label')}
            </label>
            <textarea
              id={inputId}
              ref={input}
              data-testid="chat-input"
              rows={2}
              maxLength={MAX}
              value={text}
              disabled={chat.streaming}
              placeholder={t('assistant.input_placeholder')}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
              aria-describedby={`${inputId}-hint`}
              className="w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-brand-500 disabled:bg-slate-100"
            />
            <span id={`${inputId}-hint`} className="text-xs text-slate-500">
              {chat.streaming ? t('assistant.answering') : t('assistant.input_hint')}
            </span>
          </div>
          <button
            type="submit"
            className={primaryButton}
            disabled={chat.streaming || !text.trim()}
            data-testid="chat-send"
          >
            {t('assistant.send')}
          </button>
        </form>
      </section>
    </div>
  );
};
