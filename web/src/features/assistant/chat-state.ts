import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { keys } from '../../api/keys.ts';
import { newKey } from '../../api/mutation.ts';
import { useProblemText } from '../../components/states.tsx';
import {
  type Card,
  failureOf,
  getConversation,
  knownCards,
  listDecisions,
  type Proposal,
  type Route,
  type StoredMessage,
  streamChat,
  type ToolCall,
} from './assistant-api.ts';

/** One message of the thread on screen; an answer being streamed grows in place. */
export type ChatMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  toolCalls: ToolCall[];
  cards: Card[];
  decision: Proposal | null;
  route?: Route;
  streaming?: boolean;
  error?: string;
};

const userMessage = (content: string): ChatMessage => ({
  id: newKey(),
  role: 'user',
  content,
  toolCalls: [],
  cards: [],
  decision: null,
});

/** A stored message with its proposal as it stands now (the message keeps only the proposal's id). */
const fromStored = (m: StoredMessage, decisions: Map<string, Proposal>): ChatMessage => ({
  id: m.id,
  role: m.role,
  content: m.content,
  toolCalls: m.tool_calls as ToolCall[],
  cards: knownCards(m.cards),
  decision: m.decision_id ? (decisions.get(m.decision_id) ?? null) : null,
});

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/**
 * The chat's thread: the conversation open, its messages, and the question being answered.
 * One question at a time; opening another conversation or starting a new one drops an answer
 * still streaming (the server keeps it in the conversation it belongs to).
 */
export const useChat = () => {
  const qc = useQueryClient();
  const problemText = useProblemText();
  const [conversationId, setConversationId] = useState<string>();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>();
  const [streaming, setStreaming] = useState(false);
  const inFlight = useRef<AbortController | undefined>(undefined);
  // Which conversation the screen asked for last: a slower earlier load must not replace it.
  const wanted = useRef<string | undefined>(undefined);

  const stop = () => {
    inFlight.current?.abort();
    inFlight.current = undefined;
    setStreaming(false);
  };
  useEffect(() => () => inFlight.current?.abort(), []);

  const refreshList = useCallback(
    () => qc.invalidateQueries({ queryKey: keys.assistant.conversations }),
    [qc],
  );

  const open = async (id: string) => {
    stop();
    wanted.current = id;
    setConversationId(id);
    setMessages([]);
    setLoadError(undefined);
    setLoading(true);
    try {
      const conversation = await getConversation(id);
      const byId = new Map<string, Proposal>();
      if (conversation.messages.some((m) => m.decision_id)) {
        for (const d of (await listDecisions()).data) byId.set(d.id, { ...d, failure: failureOf(d) });
      }
      if (wanted.current === id) setMessages(conversation.messages.map((m) => fromStored(m, byId)));
    } catch (err) {
      if (wanted.current === id) setLoadError(err);
    } finally {
      if (wanted.current === id) setLoading(false);
    }
  };

  const reset = () => {
    stop();
    wanted.current = undefined;
    setConversationId(undefined);
    setMessages([]);
    setLoadError(undefined);
    setLoading(false);
  };

  const patch = (id: string, change: (m: ChatMessage) => Partial<ChatMessage>) =>
    setMessages((all) => all.map((m) => (m.id === id ? { ...m, ...change(m) } : m)));

  const send = async (text: string) => {
    const message = text.trim();
    if (!message || streaming) return;
    const answerId = newKey();
    setMessages((all) => [
      ...all,
      userMessage(message),
      {
        id: answerId,
        role: 'assistant',
        content: '',
        toolCalls: [],
        cards: [],
        decision: null,
        streaming: true,
      },
    ]);
    const controller = new AbortController();
    inFlight.current = controller;
    setStreaming(true);
    try {
      await streamChat(
        { conversation_id: conversationId, message },
        (e) => {
          switch (e.type) {
            case 'start':
              wanted.current = e.conversation_id;
              setConversationId(e.conversation_id);
              patch(answerId, () => ({ route: e.route }));
              void refreshList();
              break;
            case 'delta':
              patch(answerId, (m) => ({ content: m.content + e.text }));
              break;
            case 'tool':
              patch(answerId, (m) => ({ toolCalls: [...m.toolCalls, e.call] }));
              break;
            case 'card':
              patch(answerId, (m) => ({ cards: [...m.cards, ...knownCards([e.card])] }));
              break;
            case 'proposal':
              patch(answerId, () => ({ decision: e.decision }));
              break;
            case 'done':
              // The whole answer has the last word: a model's streamed text may differ in spacing.
              patch(answerId, () => ({
                content: e.answer.answer,
                toolCalls: e.answer.tool_calls,
                cards: knownCards(e.answer.cards),
                decision: e.answer.decision,
                route: e.answer.route,
                streaming: false,
              }));
              break;
            case 'error':
              patch(answerId, () => ({ error: e.detail || e.code, streaming: false }));
              break;
          }
        },
        controller.signal,
      );
    } catch (err) {
      if (!isAbort(err)) patch(answerId, () => ({ error: problemText(err), streaming: false }));
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = undefined;
        setStreaming(false);
        patch(answerId, () => ({ streaming: false }));
        void refreshList();
      }
    }
  };

  /**
   * A proposal confirmed or declined: every message showing it says so, and suggestion cards of
   * the record it changed show that record's new status.
   */
  const settleDecision = (id: string, change: Partial<Proposal>, changed?: { id: string; status: string }) =>
    setMessages((all) =>
      all.map((m) => ({
        ...m,
        decision: m.decision?.id === id ? { ...m.decision, ...change } : m.decision,
        cards: changed
          ? m.cards.map((c) =>
              c.type === 'suggestion' && c.suggestion_id === changed.id
                ? { ...c, status: changed.status }
                : c,
            )
          : m.cards,
      })),
    );

  return { conversationId, messages, loading, loadError, streaming, open, reset, send, settleDecision };
};
