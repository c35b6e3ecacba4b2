import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FILE_PROBLEM_CODES, FileProblem, fileProblemMessage } from './file-problem.ts';

test('every file problem has a sentence in both languages', () => {
  for (const code of FILE_PROBLEM_CODES) {
    const p = new FileProblem(code, 'detail for the logs', { sheet: 'Ventas' });
    const es = fileProblemMessage(p, 'es');
    const en = fileProblemMessage(p, 'en');
    assert.ok(es && en && es !== en, code);
    assert.doesNotMatch(`${es} ${en}`, /detail for the logs|undefined/, code);
  }
  assert.equal(
    fileProblemMessage(new FileProblem('sheet_not_found', undefined, { sheet: 'Ventas' }), 'es'),
    'El archivo no tiene una hoja llamada «Ventas»',
  );
});
