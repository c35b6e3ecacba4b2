import type { RaisedAlert } from './domain/alerts.ts';
import type { BufferResult } from './domain/compute.ts';
import type { BufferInput } from './domain/input.ts';
import type { AppliedFactors, bufferProfiles, buffers } from './schema.ts';

// The calculation's shapes live apart from it so its readers and writers (calculation.inputs,
// alerts.writer, suggestions.writer) need not import the calculation that imports them.

/** One buffer as the calculation reads it: its row, its product, its location and its profile. */
export type BufferRow = {
  b: typeof buffers.$inferSelect;
  sku: string;
  category: string | null;
  location_code: string;
  profile: typeof bufferProfiles.$inferSelect;
};

export type Calculated = {
  row: BufferRow;
  input: BufferInput;
  result: BufferResult;
  propagatedAdu: number;
  factors: AppliedFactors;
  alerts: RaisedAlert[];
};
