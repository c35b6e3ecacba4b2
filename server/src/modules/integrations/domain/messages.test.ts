import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_PROBLEM_CODES, type CellProblem, type CellProblemCode } from './kinds.ts';
import { problemMessage } from './messages.ts';

const problem = (code: CellProblemCode, params?: CellProblem['params']): CellProblem => ({
  row: 2,
  column: 'Precio',
  value: 'x',
  code,
  ...(params ? { params } : {}),
});

// The parameters the validators give each code.
const PARAMS: Partial<Record<CellProblemCode, CellProblem['params']>> = {
  too_large: { max: 1_000_000_000 },
  too_many_decimals: { max: 6 },
  date_out_of_range: { min: 1990, max: 2100 },
  too_long: { max: 64 },
  max_below_min: { min: '10' },
  duplicate_row: { row: 4 },
  bom_too_deep: { max: 100 },
  overlaps: { row: 7, start: '2025-03-01', end: '2025-03-31' },
};

test('every cell problem has a short sentence in Spanish and in English, its parameters filled in', () => {
  for (const code of CELL_PROBLEM_CODES) {
    const es = problemMessage(problem(code, PARAMS[code]), 'es');
    const en = problemMessage(problem(code, PARAMS[code]), 'en');
    for (const text of [es, en]) {
      assert.ok(text.length > 0 && text.length <= 90, `${code}: ${text}`);
      assert.doesNotMatch(text, /undefined|\{|\}|NaN/, code);
    }
    assert.notEqual(es, en, code);
  }
});

test('the wording users read', () => {
  const cases: [CellProblem, string, string][] = [
    [problem('not_a_number'), 'No es un número', 'Not a number'],
    [problem('negative'), 'Debe ser 0 o mayor', 'Must be 0 or more'],
    [problem('unknown_product'), 'La clave no existe en Flujo', 'This SKU does not exist in Flujo'],
    [
      problem('too_large', { max: 1e9 }),
      'Debe ser como máximo 1,000,000,000',
      'Must be at most 1,000,000,000',
    ],
    [problem('too_long', { max: 64 }), 'Admite como máximo 64 caracteres', 'At most 64 characters'],
    [problem('duplicate_row', { row: 4 }), 'Repite la fila 4', 'Repeats row 4'],
    [problem('duplicate_row'), 'Repite una fila anterior', 'Repeats an earlier row'],
    [
      problem('bom_too_deep', { max: 100 }),
      'La lista de materiales tendría más de 100 niveles',
      'The bill of materials would be more than 100 levels deep',
    ],
    [
      problem('overlaps', { row: 7, start: '2025-03-01', end: '2025-03-31' }),
      'Se superpone con la fila 7 (del 2025-03-01 al 2025-03-31)',
      'Overlaps row 7 (2025-03-01 to 2025-03-31)',
    ],
    [
      problem('overlaps', { start: '2025-03-01', end: '2025-03-31' }),
      'Se superpone con el pronóstico guardado del 2025-03-01 al 2025-03-31',
      'Overlaps the stored forecast from 2025-03-01 to 2025-03-31',
    ],
  ];
  for (const [p, es, en] of cases) {
    assert.equal(problemMessage(p, 'es'), es);
    assert.equal(problemMessage(p, 'en'), en);
  }
});
