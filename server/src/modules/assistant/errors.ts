import type { ErrorCatalog } from '../../platform/domain/errors.ts';

export const assistantErrors = {
  'ai.model_unavailable': {
    kind: 'unavailable',
    title: 'No language model is configured or reachable for this question',
  },
  'ai.model_failed': { kind: 'unavailable', title: 'The language model did not answer' },
  'ai.rate_limited': { kind: 'rate_limited', title: 'Too many assistant requests; try again shortly' },
  'ai.budget_exhausted': {
    kind: 'rate_limited',
    title: "The organisation's assistant budget for today is spent",
  },
  'ai.sql_refused': { kind: 'forbidden', title: 'The query was refused' },
  'ai.query_failed': { kind: 'unprocessable', title: 'The query could not be run' },
  'ai.query_unavailable': {
    kind: 'unavailable',
    title: 'Natural-language queries are off: the database has no read-only role for them',
  },
  'ai.conversation_not_found': { kind: 'not_found', title: 'Conversation not found' },
  'ai.decision_not_found': { kind: 'not_found', title: 'Proposal not found' },
  'ai.decision_closed': { kind: 'conflict', title: 'This proposal was already confirmed or declined' },
  'ai.notification_not_found': { kind: 'not_found', title: 'Notification not found' },
} as const satisfies ErrorCatalog;

declare module '../../platform/domain/errors.ts' {
  interface ErrorCodes extends Record<keyof typeof assistantErrors, true> {}
}
