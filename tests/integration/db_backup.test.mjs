// `loginkit db backup FILE` copies a running server's SQLite database online (SQLite's backup API)
// and `loginkit db restore FILE` swaps a checked copy in while no server runs:
//   - under load (client_credentials tokens and code flows with refresh rotations in a loop),
//     every artefact acknowledged before the backup began works on a server started from the
//     restored copy, and the copy passes PRAGMA integrity_check;
//   - backup refuses an existing FILE; restore refuses a running server's database and a file
//     that is not a loginkit database, changing nothing;
//   - on PostgreSQL both print the pg_dump / pg_restore line with the password masked and exit 2.
// It runs on SQLite whatever LOGINKIT_STORE says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, CookieJar, LoginkitServer, runCli, startServer } from './lib/server.mjs';

const SQLITE = { LOGINKIT_STORE: '', LOGINKIT_STORE_FILE: '', LOGINKIT_SERVER_KEY_FILE: '' };
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

/** The CLI, without blocking the event loop (the load keeps running meanwhile). */
const cli = (args) => runCli(args, SQLITE);

/** `loginkit serve` on `dataDir`; resolves {base, stop()} once both listeners are up. */
function serve(dataDir) {
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--ops-listen', '127.0.0.1:0', '--data', dataDir], {
    env: { ...process.env, ...SQLITE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/loginkit listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m && /loginkit ops listening on/.test(stdout)) resolve({ base: m[1], stop: async () => {
        child.kill('SIGTERM');
        assert.equal(await exited, 0, `serve exit code; stderr: ${stderr}`);
      } });
    });
    exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function fileState(dir) {
  return readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]);
}

async function introspectActive(c, app, token) {
  const r = await c.postForm('/v2/oauth/introspect/', { client_key: app.client_key, client_secret: app.client_secret, token });
  assert.equal(r.status, 200, r.text);
  return r.json?.active === true;
}

test('backup under load, restore into a fresh data dir: every artefact acknowledged before the backup works', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-backup-'));
  const server = await startServer({ env: SQLITE });
  let restored;
  try {
    const app = await server.createApp();
    const users = await Promise.all([0, 1].map(() => server.newSignedInUser()));

    // The load: acknowledged artefacts, each with the time its response arrived.
    const cc = []; // client_credentials access tokens
    const chains = users.map(() => ({ access: [], refresh: [] })); // per code flow: every pair
    let running = true;
    const clientCredentials = async () => {
      while (running) {
        const r = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
        assert.equal(r.status, 200, r.text);
        cc.push({ token: r.body.access_token, at: performance.now() });
      }
    };
    const codeFlow = async (user, chain) => {
      while (running) {
        const first = await server.obtainTokens(user.jar, app);
        const pairs = [{ access: first.access_token, refresh: first.refresh_token, at: performance.now() }];
        chain.access.push(pairs);
        for (let i = 0; i < 5 && running; i++) {
          const r = await server.refresh(app, pairs.at(-1).refresh);
          assert.equal(r.status, 200, r.text);
          pairs.push({ access: r.body.access_token, refresh: r.body.refresh_token, at: performance.now() });
        }
      }
    };
    const load = Promise.all([clientCredentials(), clientCredentials(), ...users.map((u, i) => codeFlow(u, chains[i]))]);
    while (cc.length < 20 || chains.some((c) => c.access.flat().length < 8)) await new Promise((r) => setTimeout(r, 20));

    const file = path.join(dir, 'loginkit-backup.db');
    const began = performance.now();
    const backup = await cli(['db', 'backup', file, '--data', server.dataDir, '--with-key']);
    const ended = performance.now();
    const afterBackup = cc.length;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(backup.status, 0, backup.stderr);
    assert.ok(cc.length > afterBackup, 'the server kept issuing tokens after the backup');
    assert.match(backup.stdout, /integrity ok/);
    assert.match(backup.stdout, new RegExp(`server key copied to ${file}\\.key`));
    assert.equal(statSync(`${file}.key`).mode & 0o777, 0o600, 'key copy mode');
    assert.equal(readFileSync(`${file}.key`, 'utf8'), readFileSync(path.join(server.dataDir, 'server.key'), 'utf8'));
    assert.ok(!existsSync(`${file}.tmp`) && !existsSync(`${file}-wal`), 'one file, no leftovers');
    if (hasSqlite3) {
      assert.equal(spawnSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).stdout.trim(), 'ok');
    }

    // A running server's database is not replaced under it.
    const liveDb = path.join(server.dataDir, 'loginkit.db');
    const inUse = await cli(['db', 'restore', file, '--data', server.dataDir, '--force']);
    assert.equal(inUse.status, 1, inUse.stdout);
    assert.match(inUse.stderr, /in use .*stop the server/);
    assert.ok(!existsSync(`${liveDb}.restore.tmp`), 'the staged copy is removed');

    running = false;
    await load;
    await server.stop();

    const fresh = path.join(dir, 'fresh');
    const restore = await cli(['db', 'restore', file, '--data', fresh, '--with-key']);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /restored .* \(schema version \d+\)/);
    assert.equal(statSync(path.join(fresh, 'server.key')).mode & 0o777, 0o600);
    restored = await serve(fresh);
    const c = new LoginkitServer({ scanLogs: false });
    c.base = restored.base;

    const ccBefore = cc.filter((t) => t.at < began);
    assert.ok(ccBefore.length >= 20);
    for (const t of ccBefore) assert.ok(await introspectActive(c, app, t.token), 'client_credentials token from before the backup');
    let checked = 0;
    for (const chain of chains) {
      const all = chain.access.flat();
      for (const p of all.filter((x) => x.at < began)) {
        const r = await c.userinfo(p.access, 'open_id');
        assert.equal(r.status, 200, `access token from before the backup: ${r.text}`);
        checked++;
      }
      // The refresh token of each flow: the newest in the snapshot (taken between `began` and
      // `ended`) works, and it is no older than the last one acknowledged before the backup.
      for (const pairs of chain.access) {
        const known = pairs.filter((x) => x.at < ended);
        const lastBefore = pairs.findLastIndex((x) => x.at < began);
        if (lastBefore < 0) continue;
        let working = -1;
        for (let i = known.length - 1; i >= 0 && working < 0; i--) {
          const r = await c.refresh(app, known[i].refresh);
          if (r.status === 200) working = i;
          else assert.equal(r.body?.error, 'invalid_grant', r.text);
        }
        assert.ok(working >= lastBefore, `flow's refresh token: working ${working}, last acknowledged before the backup ${lastBefore}`);
      }
    }
    assert.ok(checked >= 2);
  } finally {
    await restored?.stop();
    if (server.exitCode === undefined) await server.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

test('backup refuses an existing FILE; restore refuses a non-database file; both change nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-backup-'));
  try {
    const data = path.join(dir, 'data');
    const made = await cli(['user', 'create', '--data', data, '--username', 'keep-me', '--password', 'keep-me-password']);
    assert.equal(made.status, 0, made.stderr);

    const existing = path.join(dir, 'existing.db');
    writeFileSync(existing, 'an earlier backup');
    const refused = await cli(['db', 'backup', existing, '--data', data]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /exists; --force replaces it/);
    assert.equal(readFileSync(existing, 'utf8'), 'an earlier backup');
    assert.ok(!existsSync(`${existing}.tmp`));
    const forced = await cli(['db', 'backup', existing, '--data', data, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /keep a copy of .*server\.key/, 'the reminder names the key file');

    const before = fileState(data);
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'these are notes, not a database; restore must refuse them\n'.repeat(20));
    const bad = await cli(['db', 'restore', text, '--data', data, '--force']);
    assert.equal(bad.status, 1, bad.stdout);
    assert.match(bad.stderr, /refused, nothing changed: not a usable SQLite database.*not a database/);
    assert.deepEqual(fileState(data), before, 'the data directory is unchanged');

    // A SQLite file of something else, and an existing database without --force.
    const other = await cli(['db', 'restore', existing, '--data', data]);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /exists; --force replaces it/);
    assert.deepEqual(fileState(data), before, 'the data directory is unchanged');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on PostgreSQL, backup and restore print the pg_dump / pg_restore line with the password masked', async () => {
  const url = 'postgres://loginkit:s3cret-pw@db.example:5432/loginkit?sslmode=require';
  const b = await cli(['db', 'backup', '/backups/lk.dump', '--store', url]);
  assert.equal(b.status, 2);
  assert.equal(b.stdout.trim(), "pg_dump --format=custom --file '/backups/lk.dump' 'postgres://loginkit:****@db.example:5432/loginkit?sslmode=require'");
  const r = await cli(['db', 'restore', '/backups/lk.dump', '--store', url]);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /^pg_restore .*--dbname 'postgres:\/\/loginkit:\*\*\*\*@db\.example/);
  assert.ok(!(b.stdout + b.stderr + r.stdout + r.stderr).includes('s3cret-pw'), 'the password is never printed');
  assert.match(b.stderr, /server key file/);
});

test('on the memory: store, backup and restore refuse (there is no file) and write nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lk-memory-backup-'));
  try {
    const file = path.join(dir, 'copy.db');
    for (const verb of ['backup', 'restore']) {
      const r = await cli(['db', verb, file, '--store', 'memory:', '--data', dir]);
      assert.equal(r.status, 2, `${verb}: ${r.stderr}`);
      assert.match(r.stderr, /memory: store keeps nothing on disk/);
    }
    assert.deepEqual(readdirSync(dir), [], 'nothing written: no copy, no SQLite file under --data');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
