// The server key (the HMAC key behind open_id, union_id and the sign-in form's CSRF value) lives in
// a key file, never in the database it protects; secret settings come from files too.
//   - A SQLite database made by the previous version (key in meta.server_key) upgrades: the key
//     moves to <data_dir>/server.key (mode 0600), leaves the database, and open_ids stay the same.
//   - admin_token_file works; admin_token together with admin_token_file is refused.
// The upgrade case starts from the previous version's layout (the key in meta.server_key, no key
// file, no check value): made by that version's binary when LOGINKIT_OLD_BIN names one, otherwise
// rebuilt with the sqlite3 CLI from a database this binary made. It runs on SQLite whatever
// LOGINKIT_STORE says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, CookieJar, LoginkitServer } from './lib/server.mjs';

const OLD_BIN = process.env.LOGINKIT_OLD_BIN && existsSync(process.env.LOGINKIT_OLD_BIN) ? process.env.LOGINKIT_OLD_BIN : null;
const SQLITE = { LOGINKIT_STORE: '', LOGINKIT_STORE_FILE: '', LOGINKIT_SERVER_KEY_FILE: '' };
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;
const skipUpgrade = !hasSqlite3 ? 'no sqlite3 CLI' : false;

function sql(db, statement) {
  const r = spawnSync('sqlite3', [db, statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function cli(bin, args, env = {}) {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, ...SQLITE, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `loginkit serve` of `bin` on `dataDir`; resolves {base, stop()} once it listens. */
function serve(bin, dataDir, args = [], env = {}) {
  const ops = bin === BIN ? ['--ops-listen', '127.0.0.1:0'] : [];
  const child = spawn(bin, ['serve', '--listen', '127.0.0.1:0', ...ops, '--data', dataDir, ...args], {
    env: { ...process.env, ...SQLITE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/loginkit listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const o = stdout.match(/loginkit ops listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m && (o || ops.length === 0)) resolve({ base: m[1], opsBase: o?.[1] });
    });
    exited.then((code) => reject(Object.assign(new Error(`exited ${code}: ${stderr}`), { code, stderr })));
  });
  return listening.then(({ base, opsBase }) => ({
    base,
    opsBase,
    async stop() {
      await fetch(`${base}/v2/user/info/`).catch(() => {}); // serving, signal handlers in place
      child.kill('SIGTERM');
      assert.equal(await exited, 0, `serve exit code; stderr: ${stderr}`);
    },
  }));
}

/** A harness client for a server started here (admin calls go to its operations listener). */
function client(base, opsBase) {
  const c = new LoginkitServer({ scanLogs: false });
  c.base = base;
  c.opsBase = opsBase;
  c.host = new URL(base).host;
  return c;
}

async function openIdOf(base, user, app) {
  const c = client(base);
  const jar = await c.signIn(user.username, user.password, { jar: new CookieJar() });
  const { code, redirectUri } = await c.authorizeCode(jar, app);
  const r = await c.exchangeCode(app, code, redirectUri);
  assert.equal(r.status, 200, r.text);
  return r.body.open_id;
}

test('a database made by the previous version keeps every open_id; its key moves to a 0600 file', { skip: skipUpgrade, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-key-'));
  try {
    const data = path.join(dir, 'data');
    const maker = OLD_BIN ?? BIN;
    const user = { username: 'keyuser', password: 'key-user-password-1' };
    assert.equal(cli(maker, ['user', 'create', '--data', data, '--username', user.username, '--password', user.password]).status, 0);
    const made = cli(maker, ['app', 'create', '--data', data, '--name', 'Key App', '--web-redirect-uri', 'https://key.example/cb']);
    assert.equal(made.status, 0, made.stderr);
    const app = JSON.parse(made.stdout);

    const old = await serve(maker, data);
    const before = await openIdOf(old.base, user, app);
    await old.stop();
    const db = path.join(data, 'loginkit.db');
    if (!OLD_BIN) {
      // The previous version's layout: the key in the database, no key file, no check value.
      const made = readFileSync(path.join(data, 'server.key'), 'utf8').trim();
      sql(db, `INSERT INTO meta(key, value) VALUES ('server_key', '${made}'); DELETE FROM meta WHERE key = 'server_key_check';`);
      rmSync(path.join(data, 'server.key'));
    }
    const oldKey = sql(db, "SELECT value FROM meta WHERE key = 'server_key'");
    assert.ok(oldKey.length >= 32, 'the previous version kept its key in the database');

    const upgraded = await serve(BIN, data);
    const after = await openIdOf(upgraded.base, user, app);
    await upgraded.stop();
    assert.equal(after, before, 'open_id changed across the upgrade');

    const inDb = sql(db, "SELECT count(*) FROM meta WHERE key = 'server_key'");
    assert.equal(inDb, '0', 'the server key is still in the database');
    const keyFile = path.join(data, 'server.key');
    assert.equal(readFileSync(keyFile, 'utf8'), `${oldKey}\n`);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'key file mode');
    assert.ok(!readFileSync(db).includes(Buffer.from(oldKey)), 'the key is still in the database file');

    // A node of the same database with another key file refuses to start.
    const other = path.join(dir, 'other.key');
    writeFileSync(other, 'a-different-key-0123456789abcdefghijklmnop\n', { mode: 0o600 });
    await assert.rejects(serve(BIN, data, ['--server-key-file', other]), /not the one this database was set up with/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fresh data directory gets a new 0600 key file, kept across restarts', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-key-'));
  try {
    const data = path.join(dir, 'data');
    const s = await serve(BIN, data);
    await s.stop();
    const keyFile = path.join(data, 'server.key');
    const key = readFileSync(keyFile, 'utf8');
    assert.match(key, /^[A-Za-z0-9_-]{32,}\n$/);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const again = await serve(BIN, data);
    await again.stop();
    assert.equal(readFileSync(keyFile, 'utf8'), key, 'a restart replaced the key');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('admin_token_file works; admin_token with admin_token_file is refused', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-secret-'));
  try {
    const data = path.join(dir, 'data');
    const token = 'file-admin-token-0123456789abcdef';
    const tokenFile = path.join(dir, 'admin_token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const s = await serve(BIN, data, [], { LOGINKIT_ADMIN_TOKEN: '', LOGINKIT_ADMIN_TOKEN_FILE: tokenFile });
    try {
      const c = client(s.base, s.opsBase);
      c.adminToken = token;
      const ok = await c.admin('GET', '/admin/v1/apps');
      // The file ends in a newline; the token is the content without it.
      assert.equal(ok.status, 200, `admin API with the file's token: ${ok.status} ${ok.text}`);
      const wrong = await c.admin('GET', '/admin/v1/apps', undefined, { token: 'another-token-0123456789abcdef' });
      assert.equal(wrong.status, 401, 'another token was accepted');
    } finally {
      await s.stop();
    }

    const config = path.join(dir, 'both.toml');
    writeFileSync(config, `admin_token = "plain-admin-token-0123456789"\nadmin_token_file = ${JSON.stringify(tokenFile)}\n`);
    const both = cli(BIN, ['config', 'check', '--data', data, '--config', config]);
    assert.notEqual(both.status, 0, 'plain and file forms together were accepted');
    assert.match(both.stderr, /admin_token and admin_token_file are both set/);
    await assert.rejects(
      serve(BIN, data, ['--admin-token-file', tokenFile], { LOGINKIT_ADMIN_TOKEN: 'plain-admin-token-0123456789' }),
      /admin_token and admin_token_file are both set/,
    );

    const missing = cli(BIN, ['config', 'check', '--data', data, '--store-file', path.join(dir, 'nope')]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /store_file: cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
