import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  type BoundaryException,
  checkBoundaries,
  describeViolation,
  type Layout,
} from './boundaries/graph.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Each one is named in ADR 0005; a new one needs its reason there too. */
const EXCEPTIONS: BoundaryException[] = [
  {
    name: 'foreign-key references',
    reason:
      "a table's foreign key to another module's table is declared in drizzle so drizzle-kit keeps " +
      'generating it; the owner table is named in `.references()` and nowhere else',
    importer: /^server\/src\/modules\/[^/]+\/(?:[\w-]+\.)?schema\.ts$/,
    target: /^server\/src\/modules\/[^/]+\/schema\.ts$/,
    referencesOnly: true,
  },
  {
    name: 'planning plays the orders side',
    reason:
      "planning's supply-order suite raises and moves orders as the orders module does (a production " +
      'order with its own BOM snapshot, a purchase without a supplier), which no orders route can set up',
    importer: /^server\/src\/modules\/planning\/supply-orders\.int\.test\.ts$/,
    target: /^server\/src\/modules\/orders\/supply\.repo\.ts$/,
    referencesOnly: false,
  },
];

const project: Layout = {
  root,
  src: 'server/src',
  importers: ['server/test', 'scripts', 'bench', 'server/drizzle.config.ts'],
  exceptions: EXCEPTIONS,
};

test('modules meet only at their faces, platform imports no module, and no imports go round in a loop', () => {
  const { violations, unusedExceptions } = checkBoundaries(project);
  assert.deepEqual(violations.map(describeViolation), [], 'see docs/adr/0005-module-boundaries.md');
  assert.deepEqual(unusedExceptions, [], 'an exception no import needs any more goes, here and in ADR 0005');
});

/** A tiny tree with one of each violation, written to a temporary folder. */
const plant = (files: Record<string, string>) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-boundaries-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
};

test('planted violations are each reported with the file, the import and the rule', () => {
  const dir = plant({
    'src/modules/depot/schema.ts': [
      "import { items } from '../shop/schema.ts';",
      'export const all = items;',
      "export { items as again } from '../shop/schema.ts';",
    ].join('\n'),
    'src/modules/shop/index.ts': "export { stock } from './stock.ts';\n",
    'src/modules/shop/stock.ts': "import { loop } from './loop-a.ts';\nexport const stock = loop;\n",
    'src/modules/shop/loop-a.ts': "import type { B } from './loop-b.ts';\nexport const loop = 1 as B;\n",
    'src/modules/shop/loop-b.ts': "import { loop } from './loop-a.ts';\nexport type B = typeof loop;\n",
    'src/modules/shop/schema.ts': "export const items = pgTable('items', {});\n",
    'src/modules/shop/stock.test.ts': "import { loop } from './loop-a.ts';\n",
    'src/modules/till/index.ts': "export { sale } from './sale.ts';\n",
    'src/modules/till/sale.ts': [
      "import { stock } from '../shop/index.ts';",
      "import { loop } from '../shop/loop-a.ts';",
      "const later = () => import('../shop/stock.ts');",
      "// import { x } from '../shop/commented.ts';",
      'const text = "import { y } from \'../shop/quoted.ts\'";',
      'const q = sql`select * from items join other on true`;',
      'export const sale = [stock, loop, later, text, q];',
    ].join('\n'),
    'src/modules/till/schema.ts': [
      "import { items } from '../shop/schema.ts';",
      "export const sales = pgTable('sales', { itemId: uuid('item_id').references(() => items.id) });",
    ].join('\n'),
    'src/modules/till/sale.test.ts': "import { stock } from '../shop/stock.ts';\n",
    'src/platform/db.ts': "import { sale } from '../modules/till/index.ts';\nexport const db = sale;\n",
    'src/platform/db.test.ts': "import { sale } from '../modules/till/index.ts';\n",
    'src/main.ts':
      "import { stock } from './modules/shop/stock.ts';\nimport { sale } from './modules/till/index.ts';\n",
    'bench/run.ts': "import type { B } from '../src/modules/shop/loop-b.ts';\n",
  });
  try {
    const { violations: found } = checkBoundaries({
      root: dir,
      src: 'src',
      importers: ['bench'],
      exceptions: [
        {
          name: 'fk',
          reason: 'test',
          importer: /^src\/modules\/[^/]+\/schema\.ts$/,
          target: /^src\/modules\/[^/]+\/schema\.ts$/,
          referencesOnly: true,
        },
      ],
    });
    assert.deepEqual(
      found.map((v) => [v.rule, v.file, v.line, v.import]),
      [
        ['face', 'src/main.ts', 1, './modules/shop/stock.ts'],
        ['face', 'src/modules/depot/schema.ts', 1, '../shop/schema.ts'],
        ['face', 'src/modules/depot/schema.ts', 3, '../shop/schema.ts'],
        ['face', 'src/modules/till/sale.test.ts', 1, '../shop/stock.ts'],
        ['face', 'src/modules/till/sale.ts', 2, '../shop/loop-a.ts'],
        ['face', 'src/modules/till/sale.ts', 3, '../shop/stock.ts'],
        ['sql', 'src/modules/till/sale.ts', 6, 'items'],
        ['platform', 'src/platform/db.ts', 1, '../modules/till/index.ts'],
        ['face', 'bench/run.ts', 1, '../src/modules/shop/loop-b.ts'],
        ['cycle', 'src/modules/shop/loop-a.ts', 1, 'src/modules/shop/loop-b.ts'],
      ],
    );
    const messages = found.map(describeViolation);
    assert.match(messages[0] as string, /import modules\/shop\/index\.ts/);
    assert.match(messages[1] as string, /more than foreign-key references \(exception "fk"\)/);
    assert.match(messages[7] as string, /platform code imports module till/);
    assert.match(
      messages.at(-1) as string,
      /import cycle: src\/modules\/shop\/loop-a\.ts → src\/modules\/shop\/loop-b\.ts → src\/modules\/shop\/loop-a\.ts/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
