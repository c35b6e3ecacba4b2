import { api, unwrap } from '../../api/client.ts';
import type { Json } from '../../api/queries.ts';

export type ChatAnswer = Json<'/api/v1/ai/chat', 'post'>;
export type ToolCall = ChatAnswer['tool_calls'][number];
export type Route = ChatAnswer['route'];
export type Decision = Json<'/api/v1/ai/decisions/{id}/confirm', 'post'>;
export type DecisionStatus = Decision['status'];
/** A proposal as the chat shows it; `failure` is the route's refusal when confirming failed. */
export type Proposal = NonNullable<ChatAnswer['decision']> & { failure?: string };
export type Conversation = Json<'/api/v1/ai/conversations', 'get'>['data'][number];
export type StoredMessage = Json<'/api/v1/ai/conversations/{id}', 'get'>['messages'][number];
export type QueryAnswer = Json<'/api/v1/ai/query', 'post'>;
export type QueryExample = Json<'/api/v1/ai/query/examples', 'get'>['data'][number];

/** What the chat shows beside an answer (the API types them loosely; these are the server's cards). */
export type BufferCard = {
  type: 'buffer';
  buffer_id: string;
  sku: string;
  name: string;
  location: string;
  zone: string;
  net_flow: number;
  on_hand: number;
  tor: number;
  toy: number;
  tog: number;
  adu: number | null;
  dlt_days: number | null;
  priority_pct: number | null;
};
export type StockoutCard = {
  type: 'stockout';
  sku: string;
  name: string;
  location: string;
  on_hand: number;
  daily_demand: number;
  stockout_date: string | null;
  days_to_stockout: number | null;
};
export type SuggestionCard = {
  type: 'suggestion';
  suggestion_id: string;
  sku: string;
  name: string;
  location: string;
  quantity: number;
  zone: string | null;
  status: string;
  due_date: string | null;
};
export type TableCard = {
  type: 'table';
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
};
export type Card = BufferCard | StockoutCard | SuggestionCard | TableCard;

const CARD_TYPES = new Set(['buffer', 'stockout', 'suggestion', 'table']);
/** The cards this screen knows how to draw; a kind added to the server later is left out, not broken. */
export const knownCards = (cards: readonly unknown[]): Card[] =>
  cards.filter(
    (c): c is Card =>
      Boolean(c) && typeof c === 'object' && CARD_TYPES.has(String((c as { type?: unknown }).type)),
  );

/** One event of a streamed answer, as the server names them. */
export type ChatEvent =
  | { type: 'start'; conversation_id: string; route: Route }
  | { type: 'delta'; text: string }
  | { type: 'tool'; call: ToolCall }
  | { type: 'card'; card: unknown }
  | { type: 'proposal'; decision: Proposal }
  | { type: 'done'; answer: ChatAnswer }
  | { type: 'error'; code: string; detail: string };

/**
 * Splits Server-Sent Events text into events: blocks end with a blank line, `event:` names one
 * and its `data:` lines join with newlines. What follows the last blank line is kept for the
 * next chunk.
 */
export const parseSse = (text: string): { events: { event: string; data: string }[]; rest: string } => {
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return data.length ? [{ event, data: data.join('\n') }] : [];
  });
  return { events, rest };
};

const toEvent = (event: string, data: string): ChatEvent | undefined => {
  const body = JSON.parse(data) as Record<string, unknown>;
  switch (event) {
    case 'start':
    case 'delta':
    case 'tool':
    case 'card':
    case 'proposal':
      return { ...body, type: event } as ChatEvent;
    case 'done':
      return { type: 'done', answer: body as ChatAnswer };
    case 'error':
      return { type: 'error', code: String(body.code ?? ''), detail: String(body.detail ?? '') };
    default:
      return undefined;
  }
};

/**
 * Asks the assistant and hands each streamed event to `onEvent` as it arrives. Goes through the
 * API client, so the token, its renewal and a lapsed session are handled as for every request;
 * a refusal before the stream starts (validation, permission, rate limit) throws an ApiError.
 */
export const streamChat = async (
  body: { conversation_id?: string; message: string },
  onEvent: (e: ChatEvent) => void,
  signal?: AbortSignal,
) => {
  const stream = await unwrap(
    api.POST('/api/v1/ai/chat', {
      body,
      parseAs: 'stream',
      headers: { accept: 'text/event-stream' },
      signal,
    }),
  );
  if (!stream) return;
  const reader = (stream as ReadableStream<Uint8Array>).getReader();
  // One decoder for the whole stream: a character split across two chunks is joined, not mangled.
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const { events, rest } = parseSse(buffered + decoder.decode(value, { stream: true }));
    buffered = rest;
    for (const e of events) {
      const parsed = toEvent(e.event, e.data);
      if (parsed) onEvent(parsed);
    }
  }
};

export const listConversations = () =>
  unwrap(api.GET('/api/v1/ai/conversations', { params: { query: { limit: 50 } } }));
export const getConversation = (id: string) =>
  unwrap(api.GET('/api/v1/ai/conversations/{id}', { params: { path: { id } } }));
export const deleteConversation = (id: string) =>
  unwrap(api.DELETE('/api/v1/ai/conversations/{id}', { params: { path: { id } } }));
/** Your recent proposals: a stored message carries only its proposal's id. */
export const listDecisions = () =>
  unwrap(api.GET('/api/v1/ai/decisions', { params: { query: { limit: 100 } } }));
export const confirmDecision = (id: string) =>
  unwrap(api.POST('/api/v1/ai/decisions/{id}/confirm', { params: { path: { id } } }));
export const declineDecision = (id: string) =>
  unwrap(api.POST('/api/v1/ai/decisions/{id}/decline', { params: { path: { id } } }));
export const runQuery = (query: string) => unwrap(api.POST('/api/v1/ai/query', { body: { query } }));
export const queryExamples = () => unwrap(api.GET('/api/v1/ai/query/examples'));

/** The route's refusal a failed proposal carries in its outcome (`{ status, body: problem }`). */
export const failureOf = (d: Decision): string | undefined => {
  if (d.status !== 'failed') return undefined;
  const outcome = d.outcome as { status?: number; body?: { detail?: string; title?: string } } | null;
  return (
    outcome?.body?.detail ?? outcome?.body?.title ?? (outcome?.status ? `HTTP ${outcome.status}` : undefined)
  );
};

/**
 * The record a confirmed proposal changed, when the route answered with one (`{ id, status }`,
 * as approving a suggestion does), so cards showing it can follow.
 */
export const changedBy = (d: Decision): { id: string; status: string } | undefined => {
  const body = (d.outcome as { body?: { id?: unknown; status?: unknown } } | null)?.body;
  return typeof body?.id === 'string' && typeof body.status === 'string'
    ? { id: body.id, status: body.status }
    : undefined;
};
