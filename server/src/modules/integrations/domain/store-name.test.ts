import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeFromName } from './store-name.ts';

test('the store named in a file or sheet name, upper case without accents', () => {
  const cases: [string, string | null][] = [
    ['Existencias SUC CENTRO.xlsx', 'CENTRO'],
    ['Inventario Sucursal Norte.csv', 'NORTE'],
    ['inventario_sucursal_san_pedro.xlsx', 'SAN PEDRO'],
    ['Existencias Suc. Querétaro 15-03-2025.xls', 'QUERETARO'],
    ['Ventas Almacén General - Marzo.xlsx', 'GENERAL'],
    ['Almacén de Materias Primas.xlsx', 'MATERIAS PRIMAS'],
    ['ALM-01', '01'],
    ['Tienda Del Valle (marzo 2025).csv', 'DEL VALLE'],
    ['Stock store Madrid Centro 2025.xlsx', 'MADRID CENTRO'],
    ['C:\\Users\\ana\\Descargas\\Bodega Sur.xlsx', 'SUR'],
    ['Existencias por almacén.xlsx', null],
    ['Almacenes.xlsx', null],
    ['Existencias.xlsx', null],
    ['Hoja1', null],
    ['', null],
  ];
  for (const [name, want] of cases) assert.equal(storeFromName(name), want, name);
});
