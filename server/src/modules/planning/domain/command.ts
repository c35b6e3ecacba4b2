import { BomError, decoupledLeadTimes } from './bom-dlt.ts';
import { computeBuffer } from './compute.ts';
import { BomInput, BufferInput, firstIssue } from './input.ts';

/** What `flujo ddmrp <verb>` prints: JSON on success, one line naming the field otherwise. */
export type CommandOutcome = { ok: true; json: unknown } | { ok: false; error: string };

const parseJson = (text: string): CommandOutcome | { value: unknown } => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `(input): not JSON: ${(err as Error).message}` };
  }
};

/** `compute`: one buffer object → one result; `{ "buffers": [...] }` → `{ "results": [...] }`, all or none. */
export const runCompute = (text: string): CommandOutcome => {
  const parsed = parseJson(text);
  if (!('value' in parsed)) return parsed;
  const v = parsed.value;
  const many = typeof v === 'object' && v !== null && !Array.isArray(v) && 'buffers' in v;
  if (many) {
    const list = (v as { buffers: unknown }).buffers;
    if (!Array.isArray(list)) return { ok: false, error: 'buffers: must be an array' };
    const results = [];
    for (const [i, raw] of list.entries()) {
      const b = BufferInput.safeParse(raw);
      if (!b.success) return { ok: false, error: firstIssue(b.error, `buffers[${i}]`) };
      results.push(computeBuffer(b.data));
    }
    return { ok: true, json: { results } };
  }
  const b = BufferInput.safeParse(v);
  if (!b.success) return { ok: false, error: firstIssue(b.error) };
  return { ok: true, json: computeBuffer(b.data) };
};

/** `dlt`: a BOM of items → the decoupled lead time of each. */
export const runDlt = (text: string): CommandOutcome => {
  const parsed = parseJson(text);
  if (!('value' in parsed)) return parsed;
  const bom = BomInput.safeParse(parsed.value);
  if (!bom.success) return { ok: false, error: firstIssue(bom.error) };
  try {
    return { ok: true, json: { dlt: decoupledLeadTimes(bom.data) } };
  } catch (err) {
    if (err instanceof BomError) return { ok: false, error: err.message };
    throw err;
  }
};
