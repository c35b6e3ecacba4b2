import type { LlmToolCall } from './types.ts';

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const kindOf = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`);

/**
 * Reads a call's arguments text. Never throws: a model that writes broken arguments is told so
 * by the caller and usually corrects itself on the next turn.
 */
export const parseArguments = (raw: string): Pick<LlmToolCall, 'raw' | 'arguments' | 'error'> => {
  // Servers send "" for a call without parameters.
  if (raw.trim() === '') return { raw, arguments: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { raw, error: 'arguments are not valid JSON' };
  }
  // Some models encode the object twice, as a JSON string that holds the JSON.
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { raw, error: 'arguments must be a JSON object, not a string' };
    }
  }
  if (!isRecord(value)) return { raw, error: `arguments must be a JSON object, not ${kindOf(value)}` };
  return { raw, arguments: value };
};

const isCompleteJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

type Slot = { id?: string; name: string; raw: string };

/**
 * Gathers tool calls from stream deltas or a whole message. Two shapes exist in the wild:
 * whole calls, several per chunk and often without `index` (Ollama), and fragments keyed by
 * `index` whose first piece carries id and name and the rest extend `arguments` (OpenAI, vLLM,
 * llama.cpp). `arguments` may also come as an already parsed object.
 */
export const createToolCallAssembler = () => {
  const slots: Slot[] = [];
  const byIndex = new Map<number, Slot>();
  const open = () => {
    const slot: Slot = { name: '', raw: '' };
    slots.push(slot);
    return slot;
  };

  const add = (part: unknown) => {
    if (!isRecord(part)) return;
    const fn = isRecord(part.function) ? part.function : {};
    const id = typeof part.id === 'string' && part.id !== '' ? part.id : undefined;
    const name = typeof fn.name === 'string' ? fn.name : '';
    let slot: Slot | undefined;
    if (typeof part.index === 'number') {
      slot = byIndex.get(part.index);
      // Some servers number every whole call 0: a second call under a known index starts anew.
      const another =
        slot !== undefined &&
        ((id !== undefined && slot.id !== undefined && id !== slot.id) ||
          (name !== '' && slot.name !== '' && isCompleteJson(slot.raw)));
      if (!slot || another) {
        slot = open();
        byIndex.set(part.index, slot);
      }
    } else {
      // Without an index, a part that names a call starts one; a bare piece extends the last.
      slot = (id ?? name) ? open() : (slots.at(-1) ?? open());
    }
    if (id !== undefined && slot.id === undefined) slot.id = id;
    if (name !== '' && slot.name === '') slot.name = name;
    if (typeof fn.arguments === 'string') slot.raw += fn.arguments;
    else if (fn.arguments !== undefined && fn.arguments !== null) slot.raw = JSON.stringify(fn.arguments);
  };

  const finish = (): LlmToolCall[] => {
    const kept = slots.filter((s) => s.name !== '' || s.raw !== '');
    const taken = new Set(kept.map((s) => s.id));
    let n = 0;
    const freshId = () => {
      while (taken.has(`call_${n}`)) n++;
      taken.add(`call_${n}`);
      return `call_${n}`;
    };
    return kept.map((s) => ({ id: s.id ?? freshId(), name: s.name, ...parseArguments(s.raw) }));
  };

  return { add, finish, count: () => slots.length };
};
