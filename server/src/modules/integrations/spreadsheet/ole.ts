/**
 * Just enough of the OLE2 compound file format ([MS-CFB]) to list the streams a file holds:
 * legacy `.xls` keeps its cells in a `Workbook` (or `Book`) stream, and a password-protected
 * `.xlsx` is an OLE2 file holding an `EncryptedPackage`.
 */
const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

export const isOle = (b: Uint8Array) => b.length >= 8 && MAGIC.every((x, i) => b[i] === x);

/**
 * Names of the storages and streams in the directory; sectors the bytes do not reach are
 * skipped, so a file's head still yields the first directory entries. Null when the bytes are
 * not a compound file.
 */
export const oleEntryNames = (b: Uint8Array): string[] | null => {
  if (!isOle(b) || b.length < 512) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shift = v.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const size = 1 << shift;
  const sector = (n: number) => (n + 1) * size;
  const has = (n: number) => n < END_OF_CHAIN && sector(n) + size <= b.length;

  // The FAT sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(v.getUint32(0x4c + i * 4, true));
  const perSector = size / 4;
  const seen = new Set<number>();
  for (let d = v.getUint32(0x44, true); has(d) && !seen.has(d); d = v.getUint32(sector(d) + size - 4, true)) {
    seen.add(d);
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(v.getUint32(sector(d) + i * 4, true));
  }
  const next = (n: number): number => {
    const fat = fatSectors[Math.floor(n / perSector)];
    if (fat === undefined || fat === FREE || !has(fat)) return END_OF_CHAIN;
    return v.getUint32(sector(fat) + (n % perSector) * 4, true);
  };

  const names: string[] = [];
  const visited = new Set<number>();
  for (let s = v.getUint32(0x30, true); has(s) && !visited.has(s); s = next(s)) {
    visited.add(s);
    for (let at = sector(s); at < sector(s) + size; at += 128) {
      const type = b[at + 0x42];
      const length = v.getUint16(at + 0x40, true);
      if (type === 0 || length < 2 || length > 64) continue;
      names.push(Buffer.from(b.subarray(at, at + length - 2)).toString('utf16le'));
    }
  }
  return names;
};
