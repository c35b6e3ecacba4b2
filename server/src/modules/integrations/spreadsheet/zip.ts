import { Readable } from 'node:stream';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';

/** One file of a zip archive as its central directory describes it. */
export type ZipEntry = {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
};

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

export const isZip = (b: Uint8Array) => b.length >= 4 && view(b).getUint32(0, true) === LOCAL;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const text = (b: Uint8Array, from: number, length: number) =>
  Buffer.from(b.buffer, b.byteOffset + from, length).toString('utf8');

/**
 * The entries of a whole archive, from its central directory (the end-of-archive record is
 * searched backwards past a comment of up to 64 KiB); null when there is no readable directory:
 * a truncated or corrupt file. ZIP64 archives (over 4 GiB) are not spreadsheets anyone uploads.
 */
export const zipEntries = (b: Uint8Array): ZipEntry[] | null => {
  const v = view(b);
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--)
    if (v.getUint32(i, true) === END) {
      end = i;
      break;
    }
  if (end < 0) return null;
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || v.getUint32(at, true) !== CENTRAL) return null;
    const nameLength = v.getUint16(at + 28, true);
    const skip = nameLength + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return null;
    const entry = {
      name: text(b, at + 46, nameLength),
      flags: v.getUint16(at + 8, true),
      method: v.getUint16(at + 10, true),
      crc: v.getUint32(at + 16, true),
      compressedSize: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      offset: v.getUint32(at + 42, true),
    };
    if (entry.offset + 30 > b.length) return null;
    entries.push(entry);
    at += 46 + skip;
  }
  return entries;
};

/**
 * Names of the entries whose local headers fall in the first bytes of an archive, for a check
 * that only has the head of a file. Headers are looked for by signature because writers that
 * stream (exceljs among them) leave the sizes out of them, so they cannot be walked.
 */
export const zipNamesInHead = (head: Uint8Array): string[] => {
  const v = view(head);
  const names: string[] = [];
  for (let i = 0; i + 30 <= head.length; i++) {
    if (v.getUint32(i, true) !== LOCAL) continue;
    const length = v.getUint16(i + 26, true);
    if (i + 30 + length <= head.length) names.push(text(head, i + 30, length));
  }
  return names;
};

/** The stored (still compressed) bytes of an entry. */
const rawData = (b: Uint8Array, e: ZipEntry) => {
  const v = view(b);
  if (v.getUint32(e.offset, true) !== LOCAL) throw new Error(`zip: no local header for ${e.name}`);
  if (e.flags & 1) throw new Error(`zip: ${e.name} is encrypted`);
  const start = e.offset + 30 + v.getUint16(e.offset + 26, true) + v.getUint16(e.offset + 28, true);
  if (start + e.compressedSize > b.length) throw new Error(`zip: ${e.name} runs past the end`);
  return b.subarray(start, start + e.compressedSize);
};

/** An entry's content, refused above `maxBytes` so a small bomb cannot fill the memory. */
export const readEntry = (b: Uint8Array, e: ZipEntry, maxBytes: number): Buffer => {
  if (e.size > maxBytes) throw new Error(`zip: ${e.name} is larger than ${maxBytes} bytes`);
  const data = rawData(b, e);
  if (e.method === 0) return Buffer.from(data);
  if (e.method !== 8) throw new Error(`zip: ${e.name} uses compression method ${e.method}`);
  return inflateRawSync(data, { maxOutputLength: maxBytes });
};

/**
 * A local header announcing stored data of unknown size: the sizes and checksum follow the
 * data in a descriptor. Stored, so the reader inflates nothing and a corrupt entry cannot
 * stall it (unzipper drops inflate errors on the floor and waits forever).
 */
const storedHeader = (name: string) => {
  const nameBytes = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x08 | 0x800, 6);
  h.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([h, nameBytes]);
};

const descriptor = (crc: number, size: number) => {
  const d = Buffer.alloc(16);
  d.writeUInt32LE(0x08074b50, 0);
  d.writeUInt32LE(crc, 4);
  d.writeUInt32LE(size, 8);
  d.writeUInt32LE(size, 12);
  return d;
};

/** An empty central directory's end record: no entries listed, no comment. */
const endOfDirectory = () => {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  return e;
};

async function* contentOf(b: Uint8Array, e: ZipEntry): AsyncGenerator<Buffer> {
  const data = rawData(b, e);
  if (e.method === 0) {
    yield Buffer.from(data);
    return;
  }
  if (e.method !== 8) throw new Error(`zip: ${e.name} uses compression method ${e.method}`);
  const inflate = createInflateRaw();
  inflate.end(data);
  yield* inflate;
}

export type StreamPart = { entry: ZipEntry; as?: string } | { name: string; content: string };

/**
 * A zip stream of the given parts only, in the given order, optionally renamed, each inflated
 * here, checked against its CRC and passed on stored. The central directory is left out: a
 * streaming reader does not need it. When a part turns out corrupt, the stream ends after it
 * and `failure()` says why; the caller asks once the reader is done.
 */
export const zipStream = (b: Uint8Array, parts: StreamPart[]) => {
  let failure: Error | undefined;
  async function* chunks() {
    for (const p of parts) {
      yield storedHeader('content' in p ? p.name : (p.as ?? p.entry.name));
      let crc = 0;
      let size = 0;
      try {
        const source = 'content' in p ? [Buffer.from(p.content, 'utf8')] : contentOf(b, p.entry);
        for await (const chunk of source) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          yield chunk;
        }
        if ('entry' in p && (crc !== p.entry.crc || size !== p.entry.size))
          failure = new Error(`zip: ${p.entry.name} fails its checksum`);
      } catch (err) {
        failure = err as Error;
      }
      yield descriptor(crc, size);
      if (failure) return;
    }
    // An end-of-directory record tells the reader the archive is over. Without it, a reader
    // that is still parsing when the stream ends (a slow consumer) reports the file as cut short.
    yield endOfDirectory();
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), failure: () => failure };
};
