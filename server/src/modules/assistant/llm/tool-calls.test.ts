import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createToolCallAssembler, parseArguments } from './tool-calls.ts';

const argumentCases: { raw: string; arguments?: Record<string, unknown>; error?: RegExp }[] = [
  { raw: '{"sku":"TOR-M8"}', arguments: { sku: 'TOR-M8' } },
  { raw: '', arguments: {} },
  { raw: '  ', arguments: {} },
  { raw: '"{\\"sku\\":\\"TOR-M8\\"}"', arguments: { sku: 'TOR-M8' } },
  { raw: '{"sku": "TOR', error: /not valid JSON/ },
  { raw: '[1,2]', error: /not an array/ },
  { raw: 'null', error: /not null/ },
  { raw: '42', error: /not a number/ },
  { raw: '"TOR-M8"', error: /not a string/ },
];
for (const c of argumentCases) {
  test(`arguments ${JSON.stringify(c.raw)} read as ${c.error ? 'an error' : 'an object'}`, () => {
    const out = parseArguments(c.raw);
    assert.equal(out.raw, c.raw);
    assert.deepEqual(out.arguments, c.arguments);
    if (c.error) assert.match(out.error ?? '', c.error);
    else assert.equal(out.error, undefined);
  });
}

const fn = (name: string | undefined, args: unknown) => ({
  function: { ...(name ? { name } : {}), ...(args === undefined ? {} : { arguments: args }) },
});
const assemblyCases: {
  name: string;
  parts: unknown[];
  calls: { id: string; name: string; raw: string }[];
}[] = [
  {
    name: 'fragments by index, interleaved',
    parts: [
      { index: 0, id: 'a', ...fn('stock_of', '') },
      { index: 1, id: 'b', ...fn('orders_of', '') },
      { index: 0, ...fn(undefined, '{"sku":') },
      { index: 1, ...fn(undefined, '{}') },
      { index: 0, ...fn(undefined, '"X"}') },
    ],
    calls: [
      { id: 'a', name: 'stock_of', raw: '{"sku":"X"}' },
      { id: 'b', name: 'orders_of', raw: '{}' },
    ],
  },
  {
    name: 'whole calls without index, one per part',
    parts: [
      { id: 'a', ...fn('stock_of', '{"sku":"X"}') },
      { id: 'b', ...fn('stock_of', '{"sku":"Y"}') },
    ],
    calls: [
      { id: 'a', name: 'stock_of', raw: '{"sku":"X"}' },
      { id: 'b', name: 'stock_of', raw: '{"sku":"Y"}' },
    ],
  },
  {
    name: 'whole calls all numbered 0 are still two calls',
    parts: [
      { index: 0, id: 'a', ...fn('stock_of', '{"sku":"X"}') },
      { index: 0, id: 'b', ...fn('stock_of', '{"sku":"Y"}') },
    ],
    calls: [
      { id: 'a', name: 'stock_of', raw: '{"sku":"X"}' },
      { id: 'b', name: 'stock_of', raw: '{"sku":"Y"}' },
    ],
  },
  {
    name: 'whole calls all numbered 0 and without ids are still two calls',
    parts: [
      { index: 0, ...fn('stock_of', '{"sku":"X"}') },
      { index: 0, ...fn('stock_of', '{"sku":"Y"}') },
    ],
    calls: [
      { id: 'call_0', name: 'stock_of', raw: '{"sku":"X"}' },
      { id: 'call_1', name: 'stock_of', raw: '{"sku":"Y"}' },
    ],
  },
  {
    name: 'missing ids are generated, skipping ids the server used',
    parts: [{ ...fn('a', '{}') }, { id: 'call_1', ...fn('b', '{}') }, { ...fn('c', '{}') }],
    calls: [
      { id: 'call_0', name: 'a', raw: '{}' },
      { id: 'call_1', name: 'b', raw: '{}' },
      { id: 'call_2', name: 'c', raw: '{}' },
    ],
  },
  {
    name: 'arguments as an object are kept as their JSON text',
    parts: [{ id: 'a', ...fn('stock_of', { sku: 'X', qty: 2 }) }],
    calls: [{ id: 'a', name: 'stock_of', raw: '{"sku":"X","qty":2}' }],
  },
  {
    name: 'pieces without index or name extend the last call',
    parts: [{ id: 'a', ...fn('stock_of', '{"sku"') }, { ...fn(undefined, ':"X"}') }],
    calls: [{ id: 'a', name: 'stock_of', raw: '{"sku":"X"}' }],
  },
  {
    name: 'parts that are not objects, or name nothing, are dropped',
    parts: [null, 'x', { index: 3 }],
    calls: [],
  },
];
for (const c of assemblyCases) {
  test(`tool calls assemble: ${c.name}`, () => {
    const asm = createToolCallAssembler();
    for (const p of c.parts) asm.add(p);
    assert.deepEqual(
      asm.finish().map(({ id, name, raw }) => ({ id, name, raw })),
      c.calls,
    );
  });
}
