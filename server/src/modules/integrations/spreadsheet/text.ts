import { isUtf8 } from 'node:buffer';

/** How the bytes of a text file are read; Excel saves "CSV" as Windows-1252 on Spanish Windows. */
export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le';

// C0 controls other than tab, LF and CR, DEL and C1 controls: binary, or not Windows-1252
// (WHATWG's decoder turns the five bytes that code page leaves undefined into C1 controls).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Bytes of a multi-byte UTF-8 sequence cut off by the end of `b`, so a file's head still counts. */
const cutTail = (b: Uint8Array) => {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const x = b[b.length - back]!;
    if ((x & 0xc0) === 0x80) continue;
    const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
};

const isUtf16Le = (b: Uint8Array) => b.length >= 2 && b[0] === 0xff && b[1] === 0xfe;

/** The encoding of a text file, taken from its BOM or its validity as UTF-8. */
export const encodingOf = (b: Uint8Array): TextEncoding =>
  isUtf16Le(b)
    ? 'utf-16le'
    : isUtf8(b) || isUtf8(b.subarray(0, b.length - cutTail(b)))
      ? 'utf-8'
      : 'windows-1252';

export const decoderFor = (encoding: TextEncoding) => new TextDecoder(encoding, { ignoreBOM: false });

/**
 * The encoding when the bytes read as text with no control characters, else null: a binary
 * file (PNG, PDF, random bytes) renamed `.csv` must not pass for a spreadsheet.
 */
export const textEncodingOf = (head: Uint8Array): TextEncoding | null => {
  if (head.length === 0) return null;
  const encoding = encodingOf(head);
  const cut = encoding === 'utf-8' ? head.subarray(0, head.length - cutTail(head)) : head;
  const text = decoderFor(encoding).decode(cut);
  if (CONTROL.test(text) || text.startsWith('%PDF-') || text.startsWith('{\\rtf')) return null;
  return encoding;
};
