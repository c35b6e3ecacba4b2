// Chat turns per second against a fake OpenAI-compatible model (server/test/fake-llm.ts), and the
// same model requests sent to it directly: what Flujo adds to a turn besides the model's own time.
import type { FakeLlm, FakeRequest } from '../server/test/fake-llm.ts';
import { percentile, round } from './setup.ts';

export type Load = { turns: number; per_s: number; p50: number; p99: number; errors: number };
export type Scenario = 'text' | 'tool';

const TEXT = 'Hay tres buffers en rojo; el más penetrado es TOR-M6-40 en MAD-001, conviene pedirlo hoy.';

/** The model's part of a turn: text at once, or `buffers_in_zone` first and text once it has the result. */
export const script = (fake: FakeLlm, scenario: Scenario) =>
  fake.fallback((req: FakeRequest) => {
    const last = (req.body.messages as { role: string }[] | undefined)?.at(-1);
    if (scenario === 'text' || last?.role === 'tool') return { kind: 'text', text: TEXT };
    return {
      kind: 'tools',
      shape: 'fragments',
      calls: [{ name: 'buffers_in_zone', arguments: { zones: ['red'] } }],
    };
  });

/** `clients` closed loops, each starting its next turn when the last one ends, for `seconds`. */
export const closedLoop = async (
  clients: number,
  seconds: number,
  turn: () => Promise<void>,
): Promise<Load> => {
  const started = performance.now();
  const until = started + seconds * 1000;
  const ms: number[] = [];
  let errors = 0;
  let firstError: unknown;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await turn();
          ms.push(performance.now() - t0);
        } catch (err) {
          errors++;
          firstError ??= err;
        }
      }
    }),
  );
  if (firstError) console.log(`  first error: ${String(firstError)}`);
  const elapsed = (performance.now() - started) / 1000;
  return {
    turns: ms.length,
    per_s: round(ms.length / elapsed, 1),
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    errors,
  };
};

type Answer = { route: { target: string }; tool_calls: { ok: boolean }[] };

/** One turn through `POST /api/v1/ai/chat`, as a client sees it; a turn the model did not answer is an error. */
export const chatTurn =
  (url: string, headers: Record<string, string>, message: string, toolCalls: number) => async () => {
    const r = await fetch(`${url}/api/v1/ai/chat`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ message }),
    });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`chat: ${r.status} ${text.slice(0, 300)}`);
    const a = JSON.parse(text) as Answer;
    if (a.route.target !== 'cloud' || a.tool_calls.length !== toolCalls || a.tool_calls.some((c) => !c.ok))
      throw new Error(`chat: unexpected answer ${text.slice(0, 300)}`);
  };

/** The same model requests a turn made (captured from the fake server), sent to it one after the other. */
export const modelTurn = (fake: FakeLlm, bodies: unknown[]) => {
  const payloads = bodies.map((b) => JSON.stringify(b));
  return async () => {
    for (const body of payloads) {
      const r = await fetch(`${fake.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await r.text();
      if (r.status !== 200 || !text.includes('[DONE]')) throw new Error(`model: ${r.status}`);
    }
  };
};
