import type { Watermark } from '../connectors/connector.ts';
import { addMs, tenthsOfIso, utcToWallClock } from './local-time.ts';

/**
 * Microsip stamps FECHA_HORA_ULT_MODIF when a statement runs, not when its transaction
 * commits: a change stamped 10:00:00 may become visible after we read up to 10:00:05. So a
 * run starts again this far before the newest change it saw; the sync's upserts are
 * idempotent, so reading a row twice costs nothing.
 */
export const OVERLAP_MS = 5 * 60_000;

/**
 * Where a finished run leaves the watermark: `OVERLAP_MS` before the newest change, with no id,
 * meaning "everything changed at or after this time". Pages within a run go strictly after the
 * last (time, id) read instead: re-reading the overlap on every page would never end once more
 * than a page of rows changed within it.
 */
export const resting = (ts: string) => ({ ts: addMs(ts, -OVERLAP_MS), id: '' });

export const isResting = (w: Watermark) => w !== null && w.id === '';

const later = (a: string, b: string) => tenthsOfIso(a) > tenthsOfIso(b);

/**
 * The watermark after a page. `full`: the page held `limit` rows, so more may follow, and the
 * next page starts right after its last row. Otherwise the run is done and rests; never earlier
 * than a resting watermark it started from, so runs without changes do not walk backwards.
 */
export const afterPage = (
  since: Watermark,
  last: { ts: string; id: string } | null,
  full: boolean,
): { next: Watermark; done: boolean } => {
  if (full && last) return { next: last, done: false };
  const newest = last?.ts ?? since?.ts;
  if (newest === undefined) return { next: null, done: true };
  const rest = resting(newest);
  if (since && isResting(since) && (!last || later(since.ts, rest.ts))) return { next: since, done: true };
  return { next: rest, done: true };
};

/**
 * A time parameter goes as text and Firebird parses it: typed as TIMESTAMP, the driver would
 * make it a JavaScript Date first, which drops the tenth of a millisecond and reads the text
 * in the process's zone.
 */
const TS_PARAM = 'CAST(CAST(? AS VARCHAR(24)) AS TIMESTAMP)';

/**
 * SQL that keeps the rows after a watermark, for a (time, integer id) pair of columns; the
 * time goes to Firebird as wall-clock text in the company's zone.
 */
export const afterWatermark = (
  tsColumn: string,
  idColumn: string,
  since: Watermark,
  timeZone: string,
): { sql: string; params: (string | number)[] } => {
  if (since === null) return { sql: '1 = 1', params: [] };
  const ts = utcToWallClock(since.ts, timeZone);
  if (isResting(since)) return { sql: `${tsColumn} >= ${TS_PARAM}`, params: [ts] };
  return {
    sql: `(${tsColumn} > ${TS_PARAM} OR (${tsColumn} = ${TS_PARAM} AND ${idColumn} > ?))`,
    params: [ts, ts, idNumber(since.id)],
  };
};

/** A watermark id is ours: a Microsip integer id, or `VE-123` / `PV-123` for sales documents. */
export const idNumber = (id: string): number => {
  const n = Number(/^(?:[A-Z]{2}-)?(\d{1,10})$/.exec(id)?.[1]);
  if (!Number.isSafeInteger(n)) throw new Error(`not a Microsip watermark id: ${id}`);
  return n;
};

/**
 * The same for sales documents, read from DOCTOS_VE and DOCTOS_PV in one order: (time, table,
 * id). The watermark id names the table (`VE-123`); for one table's branch of the union that
 * order comes down to a strict or non-strict bound on time, or the usual (time, id) pair.
 */
export const afterDocumentWatermark = (
  kind: 'PV' | 'VE',
  tsColumn: string,
  idColumn: string,
  since: Watermark,
  timeZone: string,
): { sql: string; params: (string | number)[] } => {
  if (since === null || isResting(since)) return afterWatermark(tsColumn, idColumn, since, timeZone);
  const sinceKind = /^([A-Z]{2})-/.exec(since.id)?.[1];
  if (sinceKind !== 'PV' && sinceKind !== 'VE') throw new Error(`not a sales watermark id: ${since.id}`);
  if (kind === sinceKind) return afterWatermark(tsColumn, idColumn, since, timeZone);
  const ts = utcToWallClock(since.ts, timeZone);
  return { sql: `${tsColumn} ${kind > sinceKind ? '>=' : '>'} ${TS_PARAM}`, params: [ts] };
};
