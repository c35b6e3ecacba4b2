import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SUPPLY_STATUSES, type SupplyKind, type SupplyStatus } from '../schema.ts';
import {
  canMove,
  DELAYABLE,
  daysBetween,
  isReceivable,
  nextStatuses,
  OPEN_SUPPLY,
  statusAfterReceipt,
  submittedStatus,
} from './supply-status.ts';

describe('which moves each kind allows', () => {
  const cases: [SupplyKind, SupplyStatus, SupplyStatus, boolean][] = [
    ['purchase', 'DRAFT', 'OPEN', true],
    ['purchase', 'DRAFT', 'PENDING_APPROVAL', true],
    ['purchase', 'DRAFT', 'CANCELLED', true],
    ['purchase', 'DRAFT', 'RECEIVED', false],
    ['purchase', 'PENDING_APPROVAL', 'OPEN', true],
    ['purchase', 'PENDING_APPROVAL', 'DRAFT', true],
    ['purchase', 'PENDING_APPROVAL', 'IN_TRANSIT', false],
    ['purchase', 'OPEN', 'IN_TRANSIT', true],
    ['purchase', 'OPEN', 'DELAYED', true],
    ['purchase', 'OPEN', 'IN_PROGRESS', false],
    ['purchase', 'OPEN', 'DRAFT', false],
    ['purchase', 'PARTIALLY_RECEIVED', 'CANCELLED', true],
    ['purchase', 'PARTIALLY_RECEIVED', 'OPEN', false],
    ['purchase', 'DELAYED', 'RECEIVED', true],
    ['purchase', 'DELAYED', 'IN_TRANSIT', true],
    ['purchase', 'RECEIVED', 'CANCELLED', false],
    ['purchase', 'CANCELLED', 'OPEN', false],
    ['production', 'OPEN', 'IN_PROGRESS', true],
    ['production', 'OPEN', 'IN_TRANSIT', false],
    ['production', 'IN_PROGRESS', 'RECEIVED', true],
    ['production', 'IN_PROGRESS', 'OPEN', false],
    ['production', 'DELAYED', 'IN_PROGRESS', true],
    ['transfer', 'DRAFT', 'OPEN', true],
    ['transfer', 'DRAFT', 'PENDING_APPROVAL', false],
    ['transfer', 'OPEN', 'IN_TRANSIT', true],
    ['transfer', 'OPEN', 'RECEIVED', false],
    ['transfer', 'IN_TRANSIT', 'RECEIVED', true],
    ['transfer', 'IN_TRANSIT', 'CANCELLED', false],
    ['transfer', 'RECEIVED', 'DELAYED', false],
  ];
  for (const [kind, from, to, ok] of cases)
    test(`${kind} ${from} → ${to}: ${ok ? 'allowed' : 'refused'}`, () => {
      assert.equal(canMove(kind, from, to), ok);
    });

  test('closed orders go nowhere, whatever the kind', () => {
    for (const kind of ['purchase', 'production', 'transfer'] as const)
      for (const s of ['RECEIVED', 'CANCELLED'] as const) assert.deepEqual(nextStatuses(kind, s), []);
  });

  test('no status moves to itself', () => {
    for (const kind of ['purchase', 'production', 'transfer'] as const)
      for (const s of OPEN_SUPPLY) assert.equal(canMove(kind, s, s), false, `${kind} ${s}`);
  });

  test('every status the DELAYED job watches may turn DELAYED for some kind, and is receivable', () => {
    for (const s of DELAYABLE) {
      assert.ok(
        (['purchase', 'production', 'transfer'] as const).some((k) => canMove(k, s, 'DELAYED')),
        s,
      );
      assert.ok(
        (['purchase', 'production', 'transfer'] as const).some((k) => isReceivable(k, s)),
        s,
      );
    }
  });
});

describe('which statuses goods may come in against, per kind', () => {
  // Every kind × every status: P purchase, M production (made), T transfer.
  const cases: [SupplyStatus, { P: boolean; M: boolean; T: boolean }][] = [
    ['DRAFT', { P: false, M: false, T: false }],
    ['PENDING_APPROVAL', { P: false, M: false, T: false }],
    ['OPEN', { P: true, M: true, T: false }],
    ['IN_PROGRESS', { P: false, M: true, T: false }],
    ['IN_TRANSIT', { P: true, M: false, T: true }],
    ['PARTIALLY_RECEIVED', { P: true, M: true, T: true }],
    ['DELAYED', { P: true, M: true, T: true }],
    ['RECEIVED', { P: false, M: false, T: false }],
    ['CANCELLED', { P: false, M: false, T: false }],
  ];
  for (const [status, { P, M, T }] of cases)
    test(`${status}: purchase ${P ? 'receives' : 'refuses'}, production ${M ? 'completes' : 'refuses'}, transfer ${T ? 'arrives' : 'refuses'}`, () => {
      assert.deepEqual(
        [
          isReceivable('purchase', status),
          isReceivable('production', status),
          isReceivable('transfer', status),
        ],
        [P, M, T],
      );
    });

  test('the table covers every status', () => {
    assert.deepEqual(cases.map(([s]) => s).sort(), [...SUPPLY_STATUSES].sort());
  });

  test('a status is receivable exactly when the kind may move from it to RECEIVED', () => {
    for (const kind of ['purchase', 'production', 'transfer'] as const)
      for (const s of SUPPLY_STATUSES)
        assert.equal(isReceivable(kind, s), canMove(kind, s, 'RECEIVED'), `${kind} ${s}`);
  });
});

describe('where a submitted order goes against the approval threshold', () => {
  const cases: [SupplyKind, number, number, SupplyStatus][] = [
    ['purchase', 49_999, 50_000, 'OPEN'],
    ['purchase', 50_000, 50_000, 'OPEN'],
    ['purchase', 50_001, 50_000, 'PENDING_APPROVAL'],
    ['purchase', 1, 0, 'PENDING_APPROVAL'],
    ['purchase', 0, 0, 'OPEN'],
    ['production', 50_001, 50_000, 'PENDING_APPROVAL'],
    ['transfer', 10_000_000, 0, 'OPEN'],
  ];
  for (const [kind, total, threshold, expected] of cases)
    test(`${kind} of ${total} against ${threshold}: ${expected}`, () => {
      assert.equal(submittedStatus(kind, total, threshold), expected);
    });
});

describe('the status after a receipt', () => {
  const cases: [
    string,
    SupplyStatus,
    { ordered: number; received: number; closed?: boolean }[],
    SupplyStatus,
  ][] = [
    ['some of one line', 'OPEN', [{ ordered: 10, received: 4 }], 'PARTIALLY_RECEIVED'],
    [
      'all of every line',
      'OPEN',
      [
        { ordered: 10, received: 10 },
        { ordered: 2, received: 2 },
      ],
      'RECEIVED',
    ],
    [
      'one line of two complete',
      'OPEN',
      [
        { ordered: 10, received: 10 },
        { ordered: 2, received: 0 },
      ],
      'PARTIALLY_RECEIVED',
    ],
    ['more than ordered (within tolerance)', 'OPEN', [{ ordered: 10, received: 11 }], 'RECEIVED'],
    ['an under-delivered line closed', 'OPEN', [{ ordered: 10, received: 8, closed: true }], 'RECEIVED'],
    ['the rest after a partial receipt', 'PARTIALLY_RECEIVED', [{ ordered: 10, received: 10 }], 'RECEIVED'],
    ['part of a delayed order: still delayed', 'DELAYED', [{ ordered: 10, received: 3 }], 'DELAYED'],
    ['all of a delayed order', 'DELAYED', [{ ordered: 10, received: 10 }], 'RECEIVED'],
    ['part of an order in transit', 'IN_TRANSIT', [{ ordered: 10, received: 3 }], 'PARTIALLY_RECEIVED'],
  ];
  for (const [name, current, lines, expected] of cases)
    test(`${name}: ${expected}`, () => {
      assert.equal(statusAfterReceipt(current, lines), expected);
    });
});

describe('days between two dates', () => {
  const cases: [string, string, number][] = [
    ['2026-03-01', '2026-03-01', 0],
    ['2026-03-01', '2026-03-04', 3],
    ['2026-03-04', '2026-03-01', -3],
    ['2026-02-28', '2026-03-01', 1],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-12-31', '2026-01-01', 1],
    ['2026-03-28', '2026-03-30', 2],
  ];
  for (const [a, b, expected] of cases)
    test(`${a} → ${b} is ${expected}`, () => {
      assert.equal(daysBetween(a, b), expected);
    });
});
