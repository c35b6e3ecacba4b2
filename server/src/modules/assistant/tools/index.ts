import { demandForecast, projectedStockout, supplierPerformance } from './analytics.ts';
import type { ApiCall } from './api.ts';
import { bufferStatus, buffersInZone } from './buffers.ts';
import { explainBuffer } from './explain.ts';
import { inventory } from './inventory.ts';
import { openSuggestions, proposeApproveSuggestion, proposeRejectSuggestion } from './suggestions.ts';
import { onOrderSupply, proposePurchaseOrder } from './supply.ts';
import { type AnyTool, type Lang, parametersSchema, type ToolResult } from './types.ts';

/** Every tool the assistant may call; each reads through the asker's own API access. */
export const TOOLS: readonly AnyTool[] = [
  bufferStatus,
  buffersInZone,
  explainBuffer,
  openSuggestions,
  projectedStockout,
  onOrderSupply,
  supplierPerformance,
  demandForecast,
  inventory,
  proposeApproveSuggestion,
  proposeRejectSuggestion,
  proposePurchaseOrder,
];

const byName = new Map(TOOLS.map((t) => [t.name, t]));
export const toolByName = (name: string): AnyTool | undefined => byName.get(name);

/** The tools as a model's function-calling list: name, description, JSON Schema of the arguments. */
export const toolDefinitions = () =>
  TOOLS.map((t) => ({ name: t.name, description: t.description, parameters: parametersSchema(t) }));

/**
 * Runs a tool by name on arguments as a model gives them (unchecked JSON): an unknown name is
 * 'invalid', the arguments are checked by the tool itself, and it never throws.
 */
export const runTool = async (api: ApiCall, name: string, args: unknown, lang: Lang): Promise<ToolResult> => {
  const tool = byName.get(name);
  if (!tool) {
    return {
      ok: false,
      reason: 'invalid',
      summary: lang === 'es' ? `No existe la herramienta ${name}.` : `There is no tool ${name}.`,
    };
  }
  return tool.run(api, args as never, lang);
};

export type { ApiCall, ApiResponse } from './api.ts';
export type { AnyTool, Card, Lang, Proposal, Tool, ToolResult } from './types.ts';
