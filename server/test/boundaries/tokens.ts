/**
 * Just enough of a TypeScript tokenizer to find imports and SQL text: comments are skipped,
 * strings and template chunks are kept whole, so an import written inside a string is not one.
 */
export type Token = { kind: 'word' | 'string' | 'template' | 'punct'; text: string; line: number };

const wordChar = /[\w$]/;
// Sticky patterns for the runs that make up most of a file.
const spaces = /\s+/y;
const word = /[\w$]+/y;
const templateText = /[^\\`$]+/y;
const lines = (text: string) => (text.match(/\n/g) ?? []).length;
const run = (pattern: RegExp, src: string, at: number) => {
  pattern.lastIndex = at;
  return pattern.exec(src)?.[0] ?? '';
};
// After these a `/` starts a regular expression rather than a division.
const beforeRegex = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
]);

export const tokenize = (src: string): Token[] => {
  const tokens: Token[] = [];
  // What each open `{` belongs to: a block or object, or a `${` inside a template.
  const braces: ('block' | 'template')[] = [];
  // A shebang line is not code.
  let i = src.startsWith('#!') ? src.indexOf('\n') + 1 || src.length : 0;
  let line = 1;

  const push = (kind: Token['kind'], text: string, at = line) => tokens.push({ kind, text, line: at });
  const templateChunk = () => {
    const start = line;
    let text = '';
    while (i < src.length) {
      const plain = run(templateText, src, i);
      if (plain) {
        text += plain;
        line += lines(plain);
        i += plain.length;
        continue;
      }
      const c = src[i] as string;
      if (c === '\\') {
        text += src.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        i++;
        break;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        braces.push('template');
        break;
      } else {
        if (c === '\n') line++;
        text += c;
        i++;
      }
    }
    push('template', text, start);
  };
  const regexAllowed = () => {
    const prev = tokens.at(-1);
    if (!prev) return true;
    if (prev.kind === 'word') return beforeRegex.has(prev.text);
    if (prev.kind === 'punct') return prev.text !== 'regex' && !')]}'.includes(prev.text);
    return false;
  };

  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    const blank = run(spaces, src, i);
    if (blank) {
      line += lines(blank);
      i += blank.length;
    } else if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      line += lines(src.slice(i, stop));
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      push('string', src.slice(i + 1, j));
      i = j + 1;
    } else if (c === '`') {
      i++;
      templateChunk();
    } else if (c === '{') {
      braces.push('block');
      push('punct', c);
      i++;
    } else if (c === '}') {
      i++;
      if (braces.pop() === 'template') templateChunk();
      else push('punct', c);
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n' && (inClass || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      if (src[j] === '/') j++;
      while (j < src.length && wordChar.test(src[j] as string)) j++;
      push('punct', 'regex');
      i = j;
    } else if (wordChar.test(c)) {
      const w = run(word, src, i);
      push('word', w);
      i += w.length;
    } else {
      push('punct', c);
      i++;
    }
  }
  return tokens;
};

export type Import = {
  specifier: string;
  line: number;
  typeOnly: boolean;
  /** Local names bound by the import (none for `export … from`, side effects and `import()`). */
  names: string[];
  /** Index of the first token after the statement, so name uses can skip the import itself. */
  end: number;
};

const isPunct = (t: Token | undefined, text: string) => t?.kind === 'punct' && t.text === text;
const isWord = (t: Token | undefined, text: string) => t?.kind === 'word' && t.text === text;

/** Static imports, `export … from`, `import type`, and `import('…')` with a literal specifier. */
export const importsOf = (tokens: Token[]): Import[] => {
  const found: Import[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'word' || (t.text !== 'import' && t.text !== 'export')) continue;
    if (isPunct(tokens[k - 1], '.') || isPunct(tokens[k + 1], ':') || isPunct(tokens[k + 1], '.')) continue;
    const first = tokens[k + 1];
    if (t.text === 'import' && isPunct(first, '(')) {
      const spec = tokens[k + 2];
      if (spec?.kind === 'string' || (spec?.kind === 'template' && isPunct(tokens[k + 3], ')')))
        found.push({ specifier: spec.text, line: t.line, typeOnly: false, names: [], end: k + 3 });
      continue;
    }
    if (t.text === 'import' && first?.kind === 'string') {
      found.push({ specifier: first.text, line: t.line, typeOnly: false, names: [], end: k + 2 });
      continue;
    }
    let j = k + 1;
    const typeOnly = isWord(tokens[j], 'type');
    if (typeOnly) j++;
    // `export` of a declaration (`export const`, `export type X =`) names no module.
    if (t.text === 'export' && !isPunct(tokens[j], '{') && !isPunct(tokens[j], '*')) continue;
    const names: string[] = [];
    let depth = 0;
    for (; j < tokens.length; j++) {
      const u = tokens[j] as Token;
      if (isPunct(u, '{')) depth++;
      else if (isPunct(u, '}')) depth--;
      else if (isPunct(u, ';') || (depth === 0 && isWord(u, 'from'))) break;
      else if (t.text === 'import' && u.kind === 'word' && !['type', 'as', '*'].includes(u.text)) {
        // In `a as b` the local name is b.
        if (isWord(tokens[j + 1], 'as')) continue;
        names.push(u.text);
      }
    }
    const spec = tokens[j + 1];
    if (isWord(tokens[j], 'from') && spec?.kind === 'string')
      found.push({ specifier: spec.text, line: t.line, typeOnly, names, end: j + 2 });
  }
  return found;
};
