import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codesIn, detectLang, type Intent, understand } from './intents.ts';

type Case = [text: string, lang: 'es' | 'en', intent: Intent];

const CASES: Case[] = [
  // The phrasings planners were heard to use, word for word.
  ['¿qué productos están en rojo?', 'es', { kind: 'buffers_in_zone', zones: ['red'] }],
  ['which buffers need an order today?', 'en', { kind: 'buffers_in_zone', zones: ['red', 'yellow'] }],
  ['¿cuándo se agota TOR-M6 en MAD-001?', 'es', { kind: 'stockout', sku: 'TOR-M6', location: 'MAD-001' }],
  ['estado del buffer TOR-M6', 'es', { kind: 'buffer_status', sku: 'TOR-M6' }],
  ['sugerencias pendientes', 'es', { kind: 'open_suggestions' }],
  ['productos con stock bajo', 'es', { kind: 'low_stock' }],
  [
    '¿cómo va el proveedor Tornillos del Norte?',
    'es',
    { kind: 'supplier_performance', supplier: 'Tornillos del Norte' },
  ],
  // Zones.
  ['que productos estan en rojo', 'es', { kind: 'buffers_in_zone', zones: ['red'] }],
  [
    '¿qué buffers están en rojo o amarillo en MAD-001?',
    'es',
    { kind: 'buffers_in_zone', zones: ['red', 'yellow'], location: 'MAD-001' },
  ],
  ['buffers en amarillo', 'es', { kind: 'buffers_in_zone', zones: ['yellow'] }],
  ['show me the red buffers', 'en', { kind: 'buffers_in_zone', zones: ['red'] }],
  [
    'what is in yellow at BCN-001?',
    'en',
    { kind: 'buffers_in_zone', zones: ['yellow'], location: 'BCN-001' },
  ],
  ['¿qué hay que pedir hoy?', 'es', { kind: 'buffers_in_zone', zones: ['red', 'yellow'] }],
  ['qué productos necesitan pedido', 'es', { kind: 'buffers_in_zone', zones: ['red', 'yellow'] }],
  ['what should I order today?', 'en', { kind: 'buffers_in_zone', zones: ['red', 'yellow'] }],
  // Buffer status and explanations.
  ['status of TOR-M6-40 at MAD-002', 'en', { kind: 'buffer_status', sku: 'TOR-M6-40', location: 'MAD-002' }],
  [
    '¿cómo está el buffer de tac-8 en la tienda VLC-001?',
    'es',
    { kind: 'buffer_status', sku: 'TAC-8', location: 'VLC-001' },
  ],
  [
    '¿por qué el buffer de TOR-M6 en MAD-001 es tan grande?',
    'es',
    { kind: 'explain_buffer', sku: 'TOR-M6', location: 'MAD-001' },
  ],
  [
    'why is TOR-M6 at MAD-001 sized like this?',
    'en',
    { kind: 'explain_buffer', sku: 'TOR-M6', location: 'MAD-001' },
  ],
  ['explica el buffer PAN-60 MAD-001', 'es', { kind: 'explain_buffer', sku: 'PAN-60', location: 'MAD-001' }],
  [
    'explain the buffer of KIT-MON in MAD-002',
    'en',
    { kind: 'explain_buffer', sku: 'KIT-MON', location: 'MAD-002' },
  ],
  // Stockouts.
  ['cuando se agota TOR-M6 en MAD-001', 'es', { kind: 'stockout', sku: 'TOR-M6', location: 'MAD-001' }],
  ['when will TOR-M6 run out in MAD-001?', 'en', { kind: 'stockout', sku: 'TOR-M6', location: 'MAD-001' }],
  ['¿qué se va a agotar esta semana?', 'es', { kind: 'stockout' }],
  ['projected stockouts at BCN-001', 'en', { kind: 'stockout', location: 'BCN-001' }],
  ['¿nos quedaremos sin CAB-2.5?', 'es', { kind: 'stockout', sku: 'CAB-2.5' }],
  // Suggestions and decisions on them.
  ['open suggestions', 'en', { kind: 'open_suggestions' }],
  // A lone code with no place word is taken for the SKU; the planner swaps it once it finds a location.
  ['¿qué sugiere el sistema para MAD-001?', 'es', { kind: 'open_suggestions', sku: 'MAD-001' }],
  ['sugerencias en rojo', 'es', { kind: 'open_suggestions', zones: ['red'] }],
  ['aprueba la sugerencia de TOR-M6', 'es', { kind: 'approve_suggestion', sku: 'TOR-M6' }],
  [
    'approve the suggestion for PAN-60 at MAD-001',
    'en',
    { kind: 'approve_suggestion', sku: 'PAN-60', location: 'MAD-001' },
  ],
  [
    'rechaza la sugerencia de TAC-8 en VLC-001',
    'es',
    { kind: 'reject_suggestion', sku: 'TAC-8', location: 'VLC-001' },
  ],
  ['reject the suggestion for TAL-18V', 'en', { kind: 'reject_suggestion', sku: 'TAL-18V' }],
  // Stock.
  ['low stock items in MAD-001', 'en', { kind: 'low_stock', location: 'MAD-001' }],
  ['¿cuánto hay de TOR-M6 en MAD-001?', 'es', { kind: 'availability', sku: 'TOR-M6', location: 'MAD-001' }],
  ['how many TOR-M6-40 in BCN-001?', 'en', { kind: 'availability', sku: 'TOR-M6-40', location: 'BCN-001' }],
  ['¿está disponible BOM-LED-9W?', 'es', { kind: 'availability', sku: 'BOM-LED-9W' }],
  // Supply, suppliers, forecasts.
  ['¿qué está pedido de CAB-2.5?', 'es', { kind: 'on_order', sku: 'CAB-2.5' }],
  ['what is on order for DES-PH2?', 'en', { kind: 'on_order', sku: 'DES-PH2' }],
  [
    'how is supplier Herramientas del Norte doing?',
    'en',
    { kind: 'supplier_performance', supplier: 'Herramientas del Norte' },
  ],
  [
    'desempeño del proveedor Suministros Levante',
    'es',
    { kind: 'supplier_performance', supplier: 'Suministros Levante' },
  ],
  ['pronóstico de TOR-M6 en MAD-001', 'es', { kind: 'forecast', sku: 'TOR-M6', location: 'MAD-001' }],
  ['forecast for PAN-60 at BCN-001', 'en', { kind: 'forecast', sku: 'PAN-60', location: 'BCN-001' }],
  // Small talk and the rest.
  ['hola', 'es', { kind: 'greeting' }],
  ['hello there', 'en', { kind: 'greeting' }],
  ['ayuda', 'es', { kind: 'help' }],
  ['what can you do?', 'en', { kind: 'help' }],
  ['¿cuál es la capital de Francia?', 'es', { kind: 'unknown' }],
  ['write me a poem about the sea', 'en', { kind: 'unknown' }],
];

for (const [text, lang, intent] of CASES) {
  test(`"${text}" is ${intent.kind} in ${lang}`, () => {
    assert.deepEqual(understand(text), { lang, intent });
  });
}

test('a code after en/in/at/tienda is the location, the other the SKU, whatever the order', () => {
  assert.deepEqual(codesIn('en MAD-001 el TOR-M6'), [
    { code: 'MAD-001', place: true },
    { code: 'TOR-M6', place: false },
  ]);
  assert.deepEqual(understand('stock at MAD-001 of tor-m6').intent, {
    kind: 'availability',
    sku: 'TOR-M6',
    location: 'MAD-001',
  });
});

test('hyphenated words, company suffixes and dates are not codes', () => {
  assert.deepEqual(codesIn('low-stock of Herramientas S.A. since 2026-12-01'), []);
});

test('language: Spanish marks or words win; no Spanish word at all is English', () => {
  assert.equal(detectLang('¿y TOR-M6?'), 'es');
  assert.equal(detectLang('TOR-M6 MAD-001'), 'en');
  assert.equal(detectLang('buffer TOR-M6 de MAD-001'), 'es');
});
