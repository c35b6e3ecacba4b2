import type { RequestContext } from '../../platform/domain/context.ts';
import type { ForecastRow } from '../planning/index.ts';
import type { ImportKind, Mapping, RecordOf } from './domain/kinds.ts';

/** Everything a batch needs to know about its import. */
export type ImportScope = {
  importId: string;
  tenantId: string;
  ctx: RequestContext;
  kind: ImportKind;
  mapping: Mapping;
  headers: string[];
  decimalComma: boolean;
  sha256: string;
  /** The store for rows whose file has no store column. */
  store: { id: string; code: string } | null;
  createProducts: boolean;
};

export type Parsed = { row: number; record: RecordOf[ImportKind] };
export type Place = { id: string; code: string };
/**
 * A row whose products and store are known (`productId` null: the import creates it; a BOM
 * line's parent, with `componentId` its component).
 */
export type Ready = Parsed & {
  productId: string | null;
  place: Place | null;
  supplierId?: string;
  componentId?: string;
};

/**
 * What the batches before this one found, for the rules that span a whole file: a BOM line
 * twice, a loop made of lines in different batches, forecast ranges that overlap. A run makes
 * one and hands it to every batch in file order; a resumed run rebuilds it by checking again
 * the batches it skips.
 */
export type FileSeen = {
  /** Whether the batches are written: forecasts then lock the tenant's ranges while checking. */
  writing: boolean;
  /** Each BOM line (parent|location|component ids) → the row that first set it. */
  bomLines: Map<string, number>;
  /** BOM lines accepted so far, for the loop and depth checks. */
  bomEdges: { productId: string; componentId: string }[];
  /** Forecast rows of the file so far, with known product and store. */
  forecasts: ForecastRow[];
};

export const fileSeen = (writing: boolean): FileSeen => ({
  writing,
  bomLines: new Map(),
  bomEdges: [],
  forecasts: [],
});

/** Whether a kind's checks span batches, so a resumed run must replay the batches it skips. */
export const spansFile = (kind: ImportKind) => kind === 'boms' || kind === 'forecasts';

/** The file's header mapped to a field, for naming the column of a problem. */
export const columnOf = (mapping: Mapping, field: string) =>
  Object.entries(mapping).find(([, target]) => target === field)?.[0] ?? field;
