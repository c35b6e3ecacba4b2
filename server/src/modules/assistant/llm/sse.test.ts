import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSseParser, DONE, eventValues } from './sse.ts';

const parseCases: { name: string; pieces: string[]; events: string[] }[] = [
  { name: 'two events', pieces: ['data: {"a":1}\n\ndata: {"b":2}\n\n'], events: ['{"a":1}', '{"b":2}'] },
  {
    name: 'CRLF line ends',
    pieces: ['data: {"a":1}\r\n\r\ndata: [DONE]\r\n\r\n'],
    events: ['{"a":1}', '[DONE]'],
  },
  { name: 'a CRLF split across reads', pieces: ['data: {"a":1}\r', '\n\r', '\n'], events: ['{"a":1}'] },
  { name: 'an event split mid-value', pieces: ['da', 'ta: {"a"', ':1}\n', '\n'], events: ['{"a":1}'] },
  {
    name: 'comments and other fields are dropped',
    pieces: [': ping\nevent: chunk\nid: 7\nretry: 10\ndata: {"a":1}\n\n'],
    events: ['{"a":1}'],
  },
  { name: 'data without the space after the colon', pieces: ['data:{"a":1}\n\n'], events: ['{"a":1}'] },
  {
    name: 'a last event without its blank line',
    pieces: ['data: {"a":1}\n\ndata: {"b":2}'],
    events: ['{"a":1}', '{"b":2}'],
  },
  { name: 'lines of one event are joined', pieces: ['data: {"a":\ndata: 1}\n\n'], events: ['{"a":\n1}'] },
];
for (const c of parseCases) {
  test(`SSE: ${c.name}`, () => {
    const p = createSseParser();
    const events = [...c.pieces.flatMap((piece) => p.push(piece)), ...p.end()];
    assert.deepEqual(events, c.events);
  });
}

const valueCases: { data: string; values: unknown[] }[] = [
  { data: '{"a":1}', values: [{ a: 1 }] },
  { data: '[DONE]', values: [DONE] },
  { data: '{"a":\n1}', values: [{ a: 1 }] },
  // A server that omits the blank lines between events.
  { data: '{"a":1}\n{"b":2}\n[DONE]', values: [{ a: 1 }, { b: 2 }, DONE] },
];
for (const c of valueCases) {
  test(`event data ${JSON.stringify(c.data)} reads as its values`, () => {
    assert.deepEqual(eventValues(c.data), c.values);
  });
}

test('event data that is not JSON throws', () => {
  assert.throws(() => eventValues('{"a":'));
});
