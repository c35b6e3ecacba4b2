// Resident memory of Flujo started as `npm start` starts it (the command of package.json's
// start script, embedded mode, a fresh data directory, demo data), read once the process has
// settled: VmRSS, and where it lives by the kind of mapping in /proc/<pid>/smaps, with the
// main thread's heap from the process's own /metrics. Linux only (it reads /proc).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnFlujo } from '../server/test/process.ts';
import { machine, round, table, writeResult } from './setup.ts';

const root = path.resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;
const mb = (bytes: number) => round(bytes / MB, 1);

/** The node command `npm start` ends in: node's flags, and the arguments after the server's script. */
const startCommand = () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const last = pkg.scripts.start?.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  const script = last.indexOf('server/src/main.ts');
  if (last[0] !== 'node' || script < 0)
    throw new Error(`the start script does not end in node running the server: ${pkg.scripts.start}`);
  return { line: last.join(' '), nodeArgs: last.slice(1, script), args: last.slice(script + 1) };
};

const status = (pid: number) => {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return {
    rss: kb('VmRSS'),
    hwm: kb('VmHWM'),
    threads: Number(text.match(/^Threads:\s+(\d+)/m)?.[1] ?? 0),
  };
};

/** CPU seconds the process has used (user + system). */
const cpuSeconds = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

type Mapping = { start: bigint; end: bigint; perms: string; name: string; rss: number };

const mappings = (pid: number): Mapping[] => {
  const out: Mapping[] = [];
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = line.match(/^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/);
    if (head) {
      out.push({
        start: BigInt(`0x${head[1]}`),
        end: BigInt(`0x${head[2]}`),
        perms: head[3] ?? '',
        name: head[4] ?? '',
        rss: 0,
      });
      continue;
    }
    const rss = line.match(/^Rss:\s+(\d+) kB/);
    const last = out.at(-1);
    if (rss && last) last.rss = Number(rss[1]) * 1024;
  }
  return out;
};

const GiB = 1024n ** 3n;
const ARENA_ALIGN = 64n * 1024n * 1024n;
const V8_PAGE = 256n * 1024n;

/**
 * Resident bytes by kind of mapping. WebAssembly memories are the read-write part of a
 * reservation whose untouched rest (several GiB, no access) follows right after; V8 heap
 * pages are 256 KiB anonymous mappings; the C allocator's thread arenas start on 64 MiB
 * boundaries; `[heap]` is the main thread's allocator; files are the node binary and libraries.
 */
const byKind = (maps: Mapping[]) => {
  const kinds = {
    wasm_memory: 0,
    v8_heap_pages: 0,
    malloc_thread_arenas: 0,
    malloc_main: 0,
    jit_code: 0,
    files: 0,
    other_anonymous: 0,
  };
  const wasm: { size_mb: number; resident_mb: number }[] = [];
  maps.forEach((m, i) => {
    const next = maps[i + 1];
    const size = m.end - m.start;
    if (m.name === '[heap]') kinds.malloc_main += m.rss;
    else if (m.name && !m.name.startsWith('[')) kinds.files += m.rss;
    else if (m.name) kinds.other_anonymous += m.rss;
    else if (m.perms === 'rwxp') kinds.jit_code += m.rss;
    else if (
      m.perms === 'rw-p' &&
      next?.perms === '---p' &&
      next.start === m.end &&
      next.end - next.start >= GiB
    ) {
      kinds.wasm_memory += m.rss;
      wasm.push({ size_mb: mb(Number(size)), resident_mb: mb(m.rss) });
    } else if (m.perms === 'rw-p' && size === V8_PAGE) kinds.v8_heap_pages += m.rss;
    else if (m.perms === 'rw-p' && m.start % ARENA_ALIGN === 0n && size <= ARENA_ALIGN)
      kinds.malloc_thread_arenas += m.rss;
    else kinds.other_anonymous += m.rss;
  });
  return { kinds, wasm: wasm.sort((a, b) => b.resident_mb - a.resident_mb) };
};

/** The main thread's figures from the app's Prometheus endpoint (prom-client's default metrics). */
const mainThread = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(text.match(new RegExp(`^flujo_${name} (\\S+)`, 'm'))?.[1] ?? 0);
  return {
    heap_total_mb: mb(value('nodejs_heap_size_total_bytes')),
    heap_used_mb: mb(value('nodejs_heap_size_used_bytes')),
    external_mb: mb(value('nodejs_external_memory_bytes')),
  };
};

const start = async (dataDir: string) => {
  const started = performance.now();
  const { nodeArgs, args } = startCommand();
  const flujo = await spawnFlujo(dataDir, {}, args, nodeArgs);
  return { flujo, readyMs: Math.round(performance.now() - started) };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Idle: over the last 10 s the process used under a tenth of a core (the job queue and the
 * outbox poll even when nothing happens) and its RSS moved under 2 MB.
 */
const settle = async (pid: number, maxSeconds: number) => {
  const samples: { cpu: number; rss: number }[] = [];
  const began = performance.now();
  for (;;) {
    samples.push({ cpu: cpuSeconds(pid), rss: status(pid).rss });
    const window = samples.slice(-6);
    const first = window[0];
    const last = window.at(-1);
    const rss = window.map((s) => s.rss);
    if (
      window.length === 6 &&
      first &&
      last &&
      last.cpu - first.cpu < 1 &&
      Math.max(...rss) - Math.min(...rss) < 2 * MB
    )
      return Math.round((performance.now() - began) / 1000);
    if (performance.now() - began > maxSeconds * 1000) return -1;
    await sleep(2000);
  }
};

export const run = async (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      'min-wait': { type: 'string', default: '30' },
      'max-wait': { type: 'string', default: '180' },
    },
  });
  if (process.platform !== 'linux') throw new Error('the memory bench reads /proc: Linux only');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-bench-memory-'));
  const { flujo, readyMs } = await start(dataDir);
  const { child, url } = flujo;
  const pid = child.pid ?? 0;
  const stopChild = () => child.kill('SIGTERM');
  process.once('exit', stopChild);
  try {
    // Start-up leaves garbage for a later full collection: the figure is taken once it has run.
    await sleep(Number(values['min-wait']) * 1000);
    const settled = await settle(pid, Number(values['max-wait']));
    const settledAfter = settled < 0 ? settled : settled + Number(values['min-wait']);
    const s = status(pid);
    const { kinds, wasm } = byKind(mappings(pid));
    const main = await mainThread(url);
    const kindsMb = Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, mb(v)]));

    console.log(`\nMemory of \`npm start\` (embedded, fresh data directory, demo data), idle\n`);
    console.log(
      `VmRSS ${mb(s.rss)} MB (peak ${mb(s.hwm)} MB), ${s.threads} threads; ready after ${readyMs} ms, ` +
        `idle ${settledAfter < 0 ? 'not reached' : `${settledAfter} s later`}\n`,
    );
    table(
      ['resident by kind of mapping', 'MB'],
      Object.entries(kindsMb).map(([k, v]) => [k, v]),
    );
    console.log('');
    table(
      ['WebAssembly memory', 'size MB', 'resident MB'],
      wasm.map((w, i) => [String(i + 1), w.size_mb, w.resident_mb]),
    );
    console.log('');
    table(
      ['main thread (from /metrics)', 'MB'],
      Object.entries(main).map(([k, v]) => [k, v]),
    );

    writeResult('memory', {
      ...machine(),
      command: startCommand().line,
      ready_ms: readyMs,
      idle_after_s: settledAfter,
      rss_mb: mb(s.rss),
      peak_rss_mb: mb(s.hwm),
      threads: s.threads,
      resident_by_kind_mb: kindsMb,
      wasm_memories: wasm,
      main_thread: main,
    });
  } finally {
    await flujo.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
};
