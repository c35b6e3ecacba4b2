import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type SuggestionOutcome, signalIntegrity } from './signal.ts';

const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h)).toISOString();
const row = (o: Partial<SuggestionOutcome>): SuggestionOutcome => ({
  status: 'APPROVED',
  quantity: 10,
  suggested_quantity: 10,
  created_at: at(0),
  closed_at: at(2),
  ...o,
});

test('signal integrity counts what planners did with each suggestion', () => {
  const cases: {
    name: string;
    rows: SuggestionOutcome[];
    want: Partial<ReturnType<typeof signalIntegrity>>;
  }[] = [
    {
      name: 'nothing yet',
      rows: [],
      want: { suggestions: 0, followed_percent: null, average_hours_to_decision: null },
    },
    {
      name: 'approved as suggested, changed, rejected, lapsed, open',
      rows: [
        row({}),
        row({ quantity: 12, closed_at: at(4) }),
        row({ status: 'REJECTED', closed_at: at(6) }),
        row({ status: 'CLOSED', closed_at: at(9) }),
        row({ status: 'OPEN', closed_at: null }),
      ],
      want: {
        suggestions: 5,
        open: 1,
        approved: 2,
        approved_as_suggested: 1,
        approved_changed: 1,
        rejected: 1,
        closed_unattended: 1,
        followed_percent: 33.33,
        average_hours_to_decision: 4,
      },
    },
    {
      name: 'a quantity within a hundredth is as suggested; unknown suggested counts as changed',
      rows: [row({ quantity: 10.004 }), row({ suggested_quantity: null })],
      want: { approved_as_suggested: 1, approved_changed: 1, followed_percent: 50 },
    },
  ];
  for (const c of cases) {
    const got = signalIntegrity(c.rows);
    for (const [k, v] of Object.entries(c.want))
      assert.equal(got[k as keyof typeof got], v, `${c.name}: ${k}`);
  }
});
