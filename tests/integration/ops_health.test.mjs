// GET /healthz (the process is alive) and GET /readyz (storage reachable, schema
// current). Readiness turns false when the SQLite database is gone (deleted or renamed under the
// running server) or is not loginkit's database, and comes back when the file does.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './lib/server.mjs';

// These cases move the SQLite file; under LOGINKIT_STORE (PostgreSQL) there is no file to move.
const SQLITE_ONLY = process.env.LOGINKIT_STORE ? 'SQLite-only (LOGINKIT_STORE is set)' : false;

const servers = [];
after(async () => {
  for (const s of servers) await s.stop();
});

async function fresh() {
  const s = await startServer();
  servers.push(s);
  return s;
}

function assertJson(r, status, what) {
  assert.equal(r.status, status, `${what}: HTTP ${r.status} ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i, `${what}: Content-Type application/json`);
  assert.ok(r.json && typeof r.json === 'object', `${what}: JSON body`);
  return r.json;
}

async function assertReady(s, what = '/readyz') {
  assert.deepEqual(assertJson(await s.get('/readyz'), 200, what), { status: 'ready' }, `${what}: body`);
}

async function assertNotReady(s, what) {
  const body = assertJson(await s.get('/readyz'), 503, what);
  assert.equal(body.status, 'not ready', `${what}: status`);
  assert.equal(typeof body.reason, 'string', `${what}: a reason`);
  assert.ok(body.reason.length > 0, `${what}: the reason says something`);
  assert.deepEqual(Object.keys(body).sort(), ['reason', 'status']);
  // The reason names the failed check, never an error's text (paths, driver messages).
  assert.ok(['storage unreachable', 'schema version'].includes(body.reason), `${what}: reason is a check name: ${body.reason}`);
  return body.reason;
}

async function assertAlive(s, what = '/healthz') {
  assert.deepEqual(assertJson(await s.get('/healthz'), 200, what), { status: 'ok' }, `${what}: body`);
}

test('/healthz is 200 {"status":"ok"} and /readyz is 200 {"status":"ready"} on a fresh server; HEAD works too', async () => {
  const s = await fresh();
  await assertAlive(s);
  await assertReady(s);
  for (const p of ['/healthz', '/readyz']) {
    const head = await s.request('HEAD', p);
    assert.equal(head.status, 200, `HEAD ${p}`);
    assert.equal(head.text, '', `HEAD ${p} has no body`);
  }
  const post = await s.request('POST', '/healthz');
  assert.notEqual(post.status, 200, 'POST /healthz is not a health check');
  const line = await s.waitForLog((l) => l.path === '/readyz' && l.method === 'GET');
  assert.equal(line.status, 200);
});

test('/readyz turns 503 when the database file is deleted; /healthz stays 200', { skip: SQLITE_ONLY }, async () => {
  const s = await fresh();
  await s.createApp(); // the store is in use
  await assertReady(s);
  const db = path.join(s.dataDir, 'loginkit.db');
  assert.ok(existsSync(db), `the database lives at ${db}`);
  rmSync(db);
  const reason = await assertNotReady(s, 'after deleting loginkit.db');
  assert.match(reason, /storage|database|unreachable|sqlite/i, `reason names the storage: ${reason}`);
  await assertNotReady(s, 'still gone');
  await assertAlive(s, '/healthz with the database gone');
  assert.ok(!existsSync(db), 'a readiness probe does not recreate the database file');
});

test('/readyz turns 503 when the database file is renamed away, and 200 again when it is back', { skip: SQLITE_ONLY }, async () => {
  const s = await fresh();
  await s.createApp();
  await assertReady(s);
  const db = path.join(s.dataDir, 'loginkit.db');
  const moved = path.join(s.dataDir, 'loginkit.db.moved');
  renameSync(db, moved);
  try {
    await assertNotReady(s, 'after renaming loginkit.db');
    await assertAlive(s);
  } finally {
    renameSync(moved, db);
  }
  await assertReady(s, 'after renaming it back');
  await assertAlive(s);
});

// An operator who swaps another file in at the database path (a stray file, a half-copied
// backup): readiness says no, and probing that file must not harm the database in use, which the
// running server still holds open (its WAL and shared-memory files sit beside the path).
for (const [what, content] of [
  ['a text file', 'this is not an SQLite database, just some text\n'.repeat(100)],
  ['an empty file', ''],
]) {
  test(`/readyz turns 503 with ${what} at the database path, and probing it leaves the real database intact`, { skip: SQLITE_ONLY }, async () => {
    const s = await fresh();
    const app = await s.createApp();
    await assertReady(s);
    const db = path.join(s.dataDir, 'loginkit.db');
    const moved = path.join(s.dataDir, 'loginkit.db.real');
    renameSync(db, moved);
    try {
      writeFileSync(db, content);
      await assertNotReady(s, `${what} at the database path`);
      await assertNotReady(s, `${what} at the database path, probed again`);
      await assertAlive(s);
    } finally {
      rmSync(db, { force: true });
      renameSync(moved, db);
    }
    await assertReady(s, 'the real database is back');
    const again = await s.admin('GET', `/admin/v1/apps/${app.client_key}`);
    assert.equal(again.status, 200, `the app created before is still there: ${again.status} ${again.text}`);
    assert.ok((await s.createApp()).client_key, 'the server still writes');
  });
}
