import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded.ts';

/** Inodes of the TCP sockets this process listens on (Linux), to prove no port is opened. */
const listeningTcpInodes = (): Set<string> => {
  const listening = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') listening.add(cols[9] ?? ''); // state 0A = LISTEN
    }
  }
  const mine = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`, 'utf8');
    } catch {
      continue; // the directory listing's own descriptor, already closed
    }
    const inode = target.match(/^socket:\[(\d+)\]$/)?.[1];
    if (inode && listening.has(inode)) mine.add(inode);
  }
  return mine;
};

const onLinux = process.platform === 'linux';
const mode = (p: string) => fs.statSync(p).mode & 0o777;

test('the embedded database listens on no TCP port, only on an owner-only socket in the data directory', {
  skip: !onLinux && 'reads /proc',
}, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flujo-emb-'));
  fs.chmodSync(dataDir, 0o755);
  const before = listeningTcpInodes();
  const db = await startEmbeddedPostgres({ dataDir, maxConnections: 2 });
  try {
    const opened = [...listeningTcpInodes()].filter((i) => !before.has(i));
    assert.deepEqual(opened, [], 'a TCP listener would let any local process in');

    const socketDir = new URL(db.url).searchParams.get('host') ?? '';
    assert.ok(socketDir.startsWith(dataDir), `socket directory ${socketDir} is inside the data directory`);
    assert.equal(mode(dataDir), 0o700, 'the data directory is owner-only');
    assert.equal(mode(socketDir), 0o700, 'the socket directory is owner-only');
    const socket = fs.readdirSync(socketDir).find((f) => f.startsWith('.s.PGSQL.'));
    assert.ok(socket, 'a Postgres socket file');
    assert.equal(mode(path.join(socketDir, socket)), 0o600);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ n: number }>('select 1 as n');
    await client.end();
    assert.equal(rows[0]?.n, 1, 'the app connects through the socket');
  } finally {
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an in-memory embedded database also listens on no TCP port and leaves no socket behind', {
  skip: !onLinux && 'reads /proc',
}, async () => {
  const before = listeningTcpInodes();
  const db = await startEmbeddedPostgres({ maxConnections: 1 });
  const socketDir = new URL(db.url).searchParams.get('host') ?? '';
  try {
    assert.deepEqual(
      [...listeningTcpInodes()].filter((i) => !before.has(i)),
      [],
    );
    assert.equal(mode(socketDir), 0o700);
  } finally {
    await db.stop();
  }
  assert.equal(fs.existsSync(socketDir), false, 'the private socket directory is removed on stop');
});
