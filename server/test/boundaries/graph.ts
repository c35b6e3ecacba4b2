import fs from 'node:fs';
import path from 'node:path';
import { type Import, importsOf, type Token, tokenize } from './tokens.ts';

/**
 * The module-boundary rules of ADR 0005 over a source tree:
 * - face: outside module M, only `modules/M/index.ts` of M is imported;
 * - platform: nothing under `platform/` outside its tests imports a module;
 * - sql: a module's SQL text names no table another module owns (it names the owner's views);
 * - cycle: no import cycle, type-only imports included.
 */
export type Rule = 'face' | 'platform' | 'sql' | 'cycle' | 'resolve';
export type Violation = { rule: Rule; file: string; line: number; import: string; message: string };

/** A named, reasoned allowance for face-rule imports; ADR 0005 lists each one. */
export type BoundaryException = {
  name: string;
  reason: string;
  importer: RegExp;
  target: RegExp;
  /** Every imported name may be used only as `.references(() => name.column)`. */
  referencesOnly: boolean;
};

export type Layout = {
  /** The repository root; reported paths are relative to it. */
  root: string;
  /** The source tree holding `modules/` and `platform/`, relative to root. */
  src: string;
  /** Further trees whose files import from src (entry points, scripts, benches, tests). */
  importers: string[];
  /** Folders left out of the walk, relative to root. */
  skip?: string[];
  exceptions?: BoundaryException[];
};

/** `resolved`: the imported file, null for a package, undefined when a relative path leads nowhere. */
type SourceFile = {
  rel: string;
  tokens: Token[];
  imports: (Import & { resolved: string | null | undefined })[];
};

const isTest = (rel: string) => /\.test\.ts$/.test(rel);

const walk = (root: string, dir: string, skip: string[]): string[] => {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [dir];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .flatMap((e) => {
      const rel = path.posix.join(dir, e.name);
      if (e.name === 'node_modules' || skip.includes(rel)) return [];
      if (e.isDirectory()) return walk(root, rel, skip);
      return /\.ts$/.test(e.name) ? [rel] : [];
    })
    .sort();
};

/** A relative specifier to a file (walked, or else on disk); null for packages and Node built-ins. */
const resolve = (
  root: string,
  known: Set<string>,
  from: string,
  specifier: string,
): string | null | undefined => {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base, `${base}.ts`, `${base}/index.ts`];
  return (
    candidates.find((c) => known.has(c)) ??
    candidates.find((c) => fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile())
  );
};

/** `{ module, inside }` for a file under `<src>/modules/<module>/`; files directly in `modules/` are the registry. */
const moduleOf = (src: string, rel: string) => {
  const m = rel.match(new RegExp(`^${src.replaceAll('/', '\\/')}/modules/([^/]+)/(.+)$`));
  return m ? { module: m[1] as string, inside: m[2] as string } : null;
};

/** Whether every use of `name` after the import is a `.references(() => name.…)` target. */
const onlyReferences = (tokens: Token[], from: number, name: string) => {
  let uses = 0;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'word' || t.text !== name || tokens[k - 1]?.text === '.') continue;
    uses++;
    const before = tokens
      .slice(k - 6, k)
      .map((u) => u.text)
      .join(' ');
    if (before !== 'references ( ( ) = >' || tokens[k + 1]?.text !== '.') return false;
  }
  return uses > 0;
};

/** Table names declared with `pgTable('name', …)` in a file. */
const tablesOf = (tokens: Token[]) =>
  tokens.flatMap((t, k) => {
    const name = tokens[k + 2];
    return t.kind === 'word' && t.text === 'pgTable' && tokens[k + 1]?.text === '(' && name?.kind === 'string'
      ? [name.text]
      : [];
  });

/** Strongly connected components of size > 1 (or self-loops): their files and one loop through them. */
const cycles = (graph: Map<string, string[]>) => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: { loop: string[]; members: string[] }[] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    if (component.size > 1 || (graph.get(v) ?? []).includes(v)) {
      const members = [...component].sort();
      found.push({ loop: pathWithin(graph, component, members[0] as string), members });
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return found;
};

/** The shortest way from `start` back to itself inside one component (breadth first). */
const pathWithin = (graph: Map<string, string[]>, component: Set<string>, start: string) => {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0] as string) as string);
        return [...loop, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
};

export const checkBoundaries = (layout: Layout): { violations: Violation[]; unusedExceptions: string[] } => {
  const { root, src } = layout;
  const skip = layout.skip ?? [];
  const exceptions = layout.exceptions ?? [];
  const used = new Set<string>();
  const known = new Set([src, ...layout.importers].flatMap((dir) => walk(root, dir, skip)));
  const files: SourceFile[] = [...known].map((rel) => {
    const tokens = tokenize(fs.readFileSync(path.join(root, rel), 'utf8'));
    const imports = importsOf(tokens).map((i) => ({
      ...i,
      resolved: resolve(root, known, rel, i.specifier),
    }));
    return { rel, tokens, imports };
  });
  const violations: Violation[] = [];
  const report = (rule: Rule, file: string, i: Import, message: string) =>
    violations.push({ rule, file, line: i.line, import: i.specifier, message });

  const owner = new Map<string, string>();
  for (const f of files) {
    const at = moduleOf(src, f.rel);
    // Drizzle-kit reads tables from every `*schema.ts` (server/drizzle.config.ts).
    if (at && /schema\.ts$/.test(at.inside))
      for (const table of tablesOf(f.tokens)) owner.set(table, at.module);
  }

  for (const f of files) {
    const from = moduleOf(src, f.rel);
    const inPlatform = f.rel.startsWith(`${src}/platform/`);
    for (const i of f.imports) {
      const target = i.resolved;
      if (target === undefined) report('resolve', f.rel, i, `${i.specifier} does not resolve to a file`);
      if (!target) continue;
      const to = moduleOf(src, target);
      if (!to) continue;
      if (inPlatform && !isTest(f.rel)) {
        report('platform', f.rel, i, `platform code imports module ${to.module} (${target})`);
        continue;
      }
      if (to.module === from?.module || to.inside === 'index.ts') continue;
      const allowance = exceptions.find((e) => e.importer.test(f.rel) && e.target.test(target));
      if (
        allowance &&
        (!allowance.referencesOnly ||
          // A re-export binds no name here, so it is never a reference only.
          (i.names.length > 0 && i.names.every((n) => onlyReferences(f.tokens, i.end, n))))
      ) {
        used.add(allowance.name);
        continue;
      }
      report(
        'face',
        f.rel,
        i,
        allowance
          ? `${target} is imported for more than foreign-key references (exception "${allowance.name}")`
          : `${target} is inside module ${to.module}; import modules/${to.module}/index.ts`,
      );
    }
    if (!from || isTest(f.rel)) continue;
    for (const t of f.tokens) {
      if (t.kind !== 'template') continue;
      for (const m of t.text.matchAll(/\b(?:from|join|into|update)\s+"?([a-z_][a-z0-9_]*)\b/gi)) {
        const table = (m[1] as string).toLowerCase();
        const by = owner.get(table);
        if (by && by !== from.module)
          violations.push({
            rule: 'sql',
            file: f.rel,
            line: t.line + (t.text.slice(0, m.index).match(/\n/g) ?? []).length,
            import: table,
            message: `SQL names table ${table} of module ${by}; read the view ${by} publishes`,
          });
      }
    }
  }

  const graph = new Map<string, string[]>(
    files.map((f) => [f.rel, f.imports.flatMap((i) => (i.resolved ? [i.resolved] : []))]),
  );
  for (const { loop, members } of cycles(graph)) {
    const first = loop[0] as string;
    const others = members.filter((m) => !loop.includes(m));
    violations.push({
      rule: 'cycle',
      file: first,
      line: files.find((f) => f.rel === first)?.imports.find((i) => i.resolved === loop[1])?.line ?? 0,
      import: loop[1] as string,
      message: `import cycle: ${loop.join(' → ')}${others.length ? `; the loop also runs through ${others.join(', ')}` : ''}`,
    });
  }
  return { violations, unusedExceptions: exceptions.map((e) => e.name).filter((n) => !used.has(n)) };
};

export const describeViolation = (v: Violation) =>
  `${v.file}:${v.line} ${v.rule === 'sql' ? 'names' : 'imports'} ${v.import} (rule ${v.rule}): ${v.message}`;
