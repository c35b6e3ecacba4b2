import { z } from 'zod';
import type { ApiCall } from './api.ts';

export type Lang = 'es' | 'en';

/** What the chat shows beside the text: one card per buffer, stockout or suggestion, or a table. */
export type Card =
  | {
      type: 'buffer';
      buffer_id: string;
      sku: string;
      name: string;
      location: string;
      zone: 'red' | 'yellow' | 'green' | 'over' | string;
      net_flow: number;
      on_hand: number;
      tor: number;
      toy: number;
      tog: number;
      adu: number | null;
      dlt_days: number | null;
      priority_pct: number | null;
    }
  | {
      type: 'stockout';
      sku: string;
      name: string;
      location: string;
      on_hand: number;
      daily_demand: number;
      stockout_date: string | null;
      days_to_stockout: number | null;
    }
  | {
      type: 'suggestion';
      suggestion_id: string;
      sku: string;
      name: string;
      location: string;
      quantity: number;
      zone: string | null;
      status: string;
      due_date: string | null;
    }
  | { type: 'table'; title: string; columns: string[]; rows: (string | number | null)[][] };

/** A change the user confirms in the UI; no tool writes. `payload` holds the route, method and body. */
export type Proposal = {
  kind: 'approve_suggestion' | 'reject_suggestion' | 'create_purchase_order';
  payload: Record<string, unknown>;
  summary: string;
};

export type FailReason = 'denied' | 'not_found' | 'invalid' | 'failed';
export type ToolResult =
  | { ok: true; data: unknown; summary: string; cards: Card[]; proposal?: Proposal }
  | { ok: false; reason: FailReason; summary: string };

export type Tool<A> = {
  name: string;
  description: string;
  parameters: z.ZodType<A>;
  run: (api: ApiCall, args: A, lang: Lang) => Promise<ToolResult>;
};

/** Any tool, whatever its arguments: what a list of tools holds. Call it through `runTool`. */
export type AnyTool = {
  name: string;
  description: string;
  parameters: z.ZodType;
  run: (api: ApiCall, args: never, lang: Lang) => Promise<ToolResult>;
};

/** A tool's arguments as JSON Schema, the shape a model's function calling takes. */
export const parametersSchema = (tool: AnyTool): Record<string, unknown> =>
  z.toJSONSchema(tool.parameters, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
