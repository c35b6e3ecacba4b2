import type { AiView } from './ai-views.ts';

export type SqlRule =
  | 'empty'
  | 'too_long'
  | 'syntax'
  | 'not_one_statement'
  | 'not_select'
  | 'select_into'
  | 'locking_clause'
  | 'data_modifying_cte'
  | 'recursive_cte'
  | 'relation_not_allowed'
  | 'view_not_permitted'
  | 'function_not_allowed'
  | 'type_not_allowed'
  | 'parameter'
  | 'sensitive_column';

export type GuardOptions = {
  views: readonly AiView[];
  permissions: readonly string[];
  allowSensitive: boolean;
};
