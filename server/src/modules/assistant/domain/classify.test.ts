import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyData, classifyText, type Level, luhn, maxLevel } from './classify.ts';

const TEXTS: [string, Level, string[]][] = [
  ['¿qué productos están en rojo?', 'internal', []],
  ['which buffers need an order today?', 'internal', []],
  ['Buffer TOR-M6-40 en MAD-001: 307 en mano, pedido el 2026-12-07', 'internal', []],
  ['escribe a pedidos@tornilleria-iberica.example', 'confidential', ['email address']],
  ['card 4111 1111 1111 1111 expires soon', 'confidential', ['card number', 'card']],
  ['número 4111111111111112', 'internal', []],
  ['CLABE 032180000118359719', 'confidential', ['CLABE']],
  ['IBAN ES91 2100 0418 4502 0005 1332', 'confidential', ['IBAN']],
  ['llama al +34 910 000 001', 'confidential', ['phone number']],
  ['¿cuál es el costo de TOR-M6?', 'sensitive', ['cost']],
  ['what is the price of PAN-60?', 'sensitive', ['price']],
  ['margen por producto', 'sensitive', ['margin']],
  ['clientes de Madrid', 'sensitive', ['customer']],
  ['su correo y teléfono', 'sensitive', ['email', 'phone']],
  ['la dirección de entrega', 'sensitive', ['address']],
  ['pagos pendientes con tarjeta', 'sensitive', ['payment', 'card']],
  ['customer addresses and payments', 'sensitive', ['customer', 'address', 'payment']],
];

for (const [text, level, reasons] of TEXTS) {
  test(`"${text}" is ${level}`, () => {
    const c = classifyText(text);
    assert.equal(c.level, level);
    assert.deepEqual(c.reasons, reasons);
  });
}

test('the order of levels: public < internal < sensitive < confidential', () => {
  assert.equal(maxLevel(), 'public');
  assert.equal(maxLevel('internal', 'public'), 'internal');
  assert.equal(maxLevel('sensitive', 'confidential', 'internal'), 'confidential');
});

test('Luhn accepts card numbers and refuses one digit off', () => {
  assert.equal(luhn('4111111111111111'), true);
  assert.equal(luhn('4111111111111112'), false);
});

const DATA: [string, unknown, Level][] = [
  ['buffers without money or people', { sku: 'TOR-M6-40', on_hand: 307, zones: { red: 101 } }, 'internal'],
  ['a product with a cost', { sku: 'TOR-M6-40', cost: '4.1' }, 'sensitive'],
  ['an empty price says nothing', { sku: 'TOR-M6-40', price: null, unit_price: '' }, 'internal'],
  ['order lines with totals', { lines: [{ sku: 'A-1', line_total_minor: 1200 }] }, 'sensitive'],
  ['a customer', { customer_name: 'Ana', customer_email: null }, 'sensitive'],
  [
    'a supplier contact with an email in the value',
    { contacts: [{ name: 'Lucía', mail: 'l@x.example' }] },
    'confidential',
  ],
  ['a card field', { card_last4: '1111' }, 'confidential'],
  ['an iban field', { iban: 'ES9121000418450200051332' }, 'confidential'],
  ['plain strings deep inside', [['sin costo']], 'sensitive'],
];

for (const [what, value, level] of DATA) {
  test(`classifyData: ${what} is ${level}`, () => {
    assert.equal(classifyData(value).level, level);
  });
}

test('classifyData names the fields it judged by', () => {
  assert.deepEqual(classifyData({ cost: '1', nested: { email: 'a@b.example' } }).reasons, [
    'field cost',
    'field email',
    'email address',
  ]);
});

test('identifiers and dates in tool results do not read as phone or card numbers', () => {
  const json =
    '{"buffer_id":"c74c6f72-4883-4378-a6fd-65be6a47361b","at":"2026-12-07T18:00:00.000Z","tor":70.25}';
  assert.equal(classifyText(json).level, 'internal');
  assert.equal(classifyText('call me at +34 612 345 678').level, 'confidential');
});
