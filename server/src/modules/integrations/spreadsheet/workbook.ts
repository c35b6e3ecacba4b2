import { FileProblem } from './file-problem.ts';
import { isOle, oleEntryNames } from './ole.ts';
import { readEntry, type ZipEntry, zipEntries } from './zip.ts';

/** A worksheet of an `.xlsx` in tab order, with the zip entry holding its cells. */
export type SheetPart = { name: string; hidden: boolean; entry: ZipEntry };
export type XlsxBook = {
  entries: Map<string, ZipEntry>;
  sheets: SheetPart[];
  date1904: boolean;
};

// workbook.xml and its relationships are small; anything larger is not a real workbook.
const MAX_PART = 16 * 1024 * 1024;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (XML_ENTITIES[e] ?? all),
  );

const attributes = (tag: string) => {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out[m[1]!] = unescapeXml(m[2] ?? m[3] ?? '');
  return out;
};

/** The part a relationship of `xl/workbook.xml` points to, as a path inside the zip. */
const resolveTarget = (target: string) => {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const p of path.split('/')) p === '..' ? parts.pop() : parts.push(p);
  return parts.join('/');
};

/**
 * The structure of an `.xlsx` from its central directory, workbook and relationships: which
 * worksheets it has, in the order of their tabs (not the order of their parts in the zip), and
 * its date system. Throws a FileProblem for what is not a readable workbook.
 */
export const xlsxBook = (bytes: Uint8Array): XlsxBook => {
  if (isOle(bytes)) {
    const names = (oleEntryNames(bytes) ?? []).map((n) => n.toLowerCase());
    if (names.includes('encryptedpackage')) throw new FileProblem('password_protected');
    throw new FileProblem('not_a_workbook', 'an OLE2 file without an encrypted package');
  }
  const list = zipEntries(bytes);
  if (!list) throw new FileProblem('unreadable', 'no zip central directory');
  const entries = new Map(list.map((e) => [e.name, e]));
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook) throw new FileProblem('not_a_workbook', 'no xl/workbook.xml');
  if (!rels) throw new FileProblem('unreadable', 'no xl/_rels/workbook.xml.rels');
  let xml: string;
  let relsXml: string;
  try {
    xml = readEntry(bytes, workbook, MAX_PART).toString('utf8');
    relsXml = readEntry(bytes, rels, MAX_PART).toString('utf8');
  } catch (err) {
    throw new FileProblem('unreadable', (err as Error).message);
  }
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.Id && a.Target && /\/worksheet$/.test(a.Type ?? '')) targets.set(a.Id, resolveTarget(a.Target));
  }
  const sheets: SheetPart[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const rid = Object.entries(a).find(([k]) => /(^|:)id$/.test(k) && k !== 'sheetId')?.[1];
    const entry = rid ? entries.get(targets.get(rid) ?? '') : undefined;
    // Chart sheets have no worksheet relationship and no cells.
    if (entry && a.name !== undefined)
      sheets.push({ name: a.name, hidden: a.state === 'hidden' || a.state === 'veryHidden', entry });
  }
  const pr = xml.match(/<(?:\w+:)?workbookPr\b[^>]*>/)?.[0];
  const date1904 = pr ? /^(1|true)$/.test(attributes(pr).date1904 ?? '') : false;
  return { entries, sheets, date1904 };
};
