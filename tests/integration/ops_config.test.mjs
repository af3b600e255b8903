// Configuration (one TOML file, LOGINKIT_* environment overrides, flags,
// validated at start with errors naming the key; `loginkit config check`) and the packaging
// surface of the binary (`--version`, `--help` on every subcommand).
// docs/configuration.md is the reference; deploy/loginkit.example.toml holds every key.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, LoginkitServer, startServer } from './lib/server.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const GOOD_TOKEN = 'config-test-admin-token-0123456789';

/** Runs the binary with extra environment variables; resolves {code, stdout, stderr}. */
function run(args, env = {}) {
  return new Promise((resolve) => {
    // Without the LOGINKIT_* of the caller's environment, so that only `env` overrides.
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOGINKIT_')));
    execFile(BIN, args, { env: { ...base, ...env }, timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let n = 0;
function configFile(text) {
  n += 1;
  const p = path.join(dir, `c${n}.toml`);
  writeFileSync(p, text);
  return p;
}

async function check(text, env = {}) {
  const p = configFile(text);
  return { ...(await run(['config', 'check', '--config', p, '--data', path.join(dir, 'data')], env)), path: p };
}

async function assertValid(text, what, env = {}) {
  const r = await check(text, env);
  assert.equal(r.code, 0, `${what}: config check exit 0; stderr: ${r.stderr}`);
  assert.match(r.stdout, /configuration ok/, `${what}: prints "configuration ok"`);
  return r;
}

async function assertInvalid(text, names, what, env = {}) {
  const r = await check(text, env);
  assert.equal(r.code, 1, `${what}: config check exit 1 (stdout: ${r.stdout}, stderr: ${r.stderr})`);
  assert.doesNotMatch(r.stdout, /configuration ok/, `${what}: no "configuration ok"`);
  const message = r.stderr + r.stdout;
  assert.ok(message.trim().length > 0, `${what}: an error message`);
  for (const name of [].concat(names)) {
    assert.ok(message.includes(name), `${what}: the message names ${name}: ${message}`);
  }
  return r;
}

// --- config check -------------------------------------------------------------------------

test('config check: the example file (every key at its default) and an empty file are valid', async () => {
  const example = readFileSync(path.join(repo, 'deploy/loginkit.example.toml'), 'utf8');
  await assertValid(example, 'deploy/loginkit.example.toml');
  await assertValid('', 'an empty file');
  const r = await run(['config', 'check', '--data', path.join(dir, 'data')]);
  assert.equal(r.code, 0, `no --config at all: ${r.stderr}`);
  assert.match(r.stdout, /configuration ok/);
  assert.match(r.stdout, /admin API:\s+off/, 'no admin token: the admin API is off');
});

test('docs/configuration.md and the example file list the same keys, and every documented key is accepted', async () => {
  const doc = readFileSync(path.join(repo, 'docs/configuration.md'), 'utf8');
  const documented = new Set();
  for (const line of doc.split('\n')) {
    const m = line.match(/^\|\s*([^|]+?)\s*\|/);
    if (!m) continue;
    for (const k of m[1].matchAll(/`([a-z_][a-z0-9_.]*)`/g)) documented.add(k[1]);
  }
  documented.delete('key');
  assert.ok(documented.size >= 15, `keys found in the docs table: ${[...documented]}`);
  const example = readFileSync(path.join(repo, 'deploy/loginkit.example.toml'), 'utf8');
  const inExample = new Set();
  let table = '';
  for (const raw of example.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const t = line.match(/^\[([a-z_.]+)\]$/);
    if (t) {
      table = t[1] + '.';
      continue;
    }
    const kv = line.match(/^([a-z0-9_]+)\s*=/);
    if (kv) inExample.add(table + kv[1]);
  }
  assert.deepEqual([...documented].filter((k) => !inExample.has(k)), [], 'documented keys missing from the example file');
  assert.deepEqual([...inExample].filter((k) => !documented.has(k)), [], 'example keys missing from docs/configuration.md');
});

test('config check refuses unknown keys, naming them', async () => {
  await assertInvalid(`adminn_token = "${GOOD_TOKEN}"\n`, 'adminn_token', 'misspelt top-level key');
  await assertInvalid('[oauth]\ncode_tll = 600\n', 'oauth.code_tll', 'misspelt key in a table');
  await assertInvalid('[oath]\nerror_status = "rfc"\n', 'oath', 'misspelt table');
  await assertInvalid('[http]\nlisten = "127.0.0.1:0"\nport = 8080\n', 'http.port', 'unknown key beside known ones');
});

test('config check refuses values of the wrong type, naming the key', async () => {
  await assertInvalid('[oauth]\ncode_ttl = "600"\n', 'oauth.code_ttl', 'a string for a number');
  await assertInvalid('admin_token = 1234567890123456\n', 'admin_token', 'a number for a string');
  await assertInvalid('[http]\nthreads = "4"\n', 'threads', 'a string for threads');
  await assertInvalid('[http]\ntrusted_proxies = "10.0.0.1"\n', 'trusted_proxies', 'a string for a list');
  await assertInvalid('[http]\ntrusted_proxies = [1, 2]\n', 'trusted_proxies', 'a list of numbers for a list of addresses');
  await assertInvalid('[oauth]\nerror_status = true\n', 'error_status', 'a boolean for a string');
});

test('config check refuses bad values: short admin_token, bad error_status/userinfo, non-positive durations, bad listen, lone TLS file, bad store', async () => {
  await assertInvalid('admin_token = "too-short"\n', 'admin_token', 'admin_token < 16 characters');
  await assertInvalid('admin_token = "123456789012345"\n', 'admin_token', 'admin_token of 15 characters');
  await assertValid('admin_token = "1234567890123456"\n', 'admin_token of 16 characters');
  await assertInvalid('[oauth]\nerror_status = "strict"\n', 'error_status', 'error_status not platform/rfc');
  await assertValid('[oauth]\nerror_status = "rfc"\n', 'error_status rfc');
  await assertInvalid('[oauth]\nuserinfo = "loose"\n', 'userinfo', 'userinfo not lenient/strict');
  for (const key of ['code_ttl', 'access_ttl', 'refresh_ttl', 'client_ttl', 'session_ttl']) {
    await assertInvalid(`[oauth]\n${key} = 0\n`, `oauth.${key}`, `oauth.${key} = 0`);
    await assertInvalid(`[oauth]\n${key} = -5\n`, `oauth.${key}`, `oauth.${key} = -5`);
  }
  await assertInvalid('[sunset]\nv1_access_ttl = 0\n', 'sunset.v1_access_ttl', 'sunset.v1_access_ttl = 0');
  await assertInvalid('[http]\nthreads = 5000\n', 'threads', 'threads above 1024');
  await assertInvalid('[http]\nlisten = "localhost"\n', 'listen', 'listen without a port');
  await assertInvalid('[http]\ntls_cert = "/etc/cert.pem"\n', 'tls', 'tls_cert without tls_key');
  await assertInvalid('store = "mysql://db/loginkit"\n', 'store', 'store not postgres');
});

test('config check refuses bad and out-of-order sunset dates, naming them', async () => {
  await assertInvalid('[sunset]\ndomain_freeze = "2023-13-01"\n', 'sunset.domain_freeze', 'month 13');
  await assertInvalid('[sunset]\ndomain_freeze = "12/06/2023"\n', 'sunset.domain_freeze', 'not YYYY-MM-DD');
  await assertInvalid('[sunset]\nv1_web_end_of_life = "2024-2-29"\n', 'sunset.v1_web_end_of_life', 'month without a leading zero');
  await assertInvalid('[sunset]\nv2_for_new_apps = 20230512\n', 'sunset.v2_for_new_apps', 'a number for a date');
  await assertValid('[sunset]\nv2_for_new_apps = 2023-05-12\ndomain_freeze = 2023-06-12\nv1_web_end_of_life = 2024-02-29\n', 'TOML date literals');
  const out = await assertInvalid(
    '[sunset]\nv2_for_new_apps = "2023-07-01"\ndomain_freeze = "2023-06-12"\n',
    ['v2_for_new_apps', 'domain_freeze'],
    'freeze before v2-for-new-apps',
  );
  assert.match(out.stderr, /order/i, 'the message says the dates are out of order');
  await assertInvalid('[sunset]\ndomain_freeze = "2024-03-01"\n', ['domain_freeze', 'v1_web_end_of_life'], 'freeze after end of life');
  await assertValid('[sunset]\nv2_for_new_apps = "2023-06-12"\ndomain_freeze = "2023-06-12"\nv1_web_end_of_life = "2023-06-12"\n', 'equal dates are in order');
});

test('config check refuses dates that do not exist (2024-02-30, 2024-04-31)', async () => {
  // In order with the other defaults, so only the date itself is wrong.
  await assertInvalid('[sunset]\nv1_web_end_of_life = "2024-02-30"\n', 'sunset.v1_web_end_of_life', 'February 30');
  await assertInvalid('[sunset]\nv1_web_end_of_life = "2024-04-31"\n', 'sunset.v1_web_end_of_life', 'April 31');
});

test('config check: a TOML syntax error or a missing file is an error that names the file', async () => {
  const r = await assertInvalid('[oauth\ncode_ttl = 600\n', [], 'TOML syntax error');
  assert.ok(r.stderr.includes(r.path), `the message names the file: ${r.stderr}`);
  const missing = path.join(dir, 'no-such-file.toml');
  const m = await run(['config', 'check', '--config', missing]);
  assert.equal(m.code, 1, `missing file: exit 1 (${m.stderr})`);
  assert.ok(m.stderr.includes('no-such-file.toml'), `the message names the file: ${m.stderr}`);
});

test('the rate-limit and HTTP limit keys the server reads are accepted (limits.*, http.*_timeout, http.max_*_bytes)', async () => {
  await assertValid(
    '[http]\nread_timeout = 15\nidle_timeout = 60\nmax_header_bytes = 16384\nmax_body_bytes = 65536\n' +
      '[limits]\ntoken_per_client = 6000\nrevoke_per_client = 6000\nuserinfo_per_token = 3000\nwindow_seconds = 60\n',
    'limits and HTTP limits at their defaults',
  );
});

// --- precedence: file < environment < flags -----------------------------------------------------

function listenOf(stdout) {
  return stdout.match(/listen:\s+(\S+)/)?.[1];
}

test('LOGINKIT_* environment variables override the file, flags override both', async () => {
  const file = '[http]\nlisten = "127.0.0.1:1111"\n';
  let r = await assertValid(file, 'file only');
  assert.equal(listenOf(r.stdout), '127.0.0.1:1111', r.stdout);
  r = await assertValid(file, 'file + LOGINKIT_LISTEN', { LOGINKIT_LISTEN: '127.0.0.1:2222' });
  assert.equal(listenOf(r.stdout), '127.0.0.1:2222', `the environment beats the file: ${r.stdout}`);
  const p = configFile(file);
  r = await run(['config', 'check', '--config', p, '--listen', '127.0.0.1:3333'], { LOGINKIT_LISTEN: '127.0.0.1:2222' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(listenOf(r.stdout), '127.0.0.1:3333', `a flag beats the environment: ${r.stdout}`);

  r = await assertValid('', 'LOGINKIT_ADMIN_TOKEN', { LOGINKIT_ADMIN_TOKEN: GOOD_TOKEN });
  assert.match(r.stdout, /admin API:\s+on/, 'LOGINKIT_ADMIN_TOKEN turns the admin API on');
  r = await assertValid('', 'LOGINKIT_STORE', { LOGINKIT_STORE: 'postgresql://u@localhost:5432/loginkit' });
  assert.match(r.stdout, /store:\s+postgres/, `LOGINKIT_STORE selects PostgreSQL: ${r.stdout}`);
  r = await assertValid('', 'LOGINKIT_DATA_DIR', { LOGINKIT_DATA_DIR: path.join(dir, 'env-data') });
});

test('environment values are validated like file values, naming the key', async () => {
  await assertInvalid(`admin_token = "${GOOD_TOKEN}"\n`, 'admin_token', 'a short LOGINKIT_ADMIN_TOKEN', { LOGINKIT_ADMIN_TOKEN: 'short' });
  await assertInvalid('', 'listen', 'LOGINKIT_LISTEN without a port', { LOGINKIT_LISTEN: 'nowhere' });
  await assertInvalid('', 'store', 'LOGINKIT_STORE not postgres', { LOGINKIT_STORE: 'mysql://x' });
});

test('a non-numeric LOGINKIT_THREADS is refused with a message naming it', async () => {
  const r = await assertInvalid('', [], 'LOGINKIT_THREADS=many', { LOGINKIT_THREADS: 'many' });
  assert.match(r.stderr, /threads/i, `the message names the setting: ${r.stderr}`);
});

test('serve refuses an invalid configuration before listening, naming the key', async () => {
  const s = new LoginkitServer({ oauth: { error_status: 'sometimes' }, scanLogs: false });
  await assert.rejects(s.start(), (e) => {
    assert.match(e.message, /exited before listening/);
    assert.match(e.message, /error_status/, `stderr names the key: ${e.message}`);
    return true;
  });
  const t = new LoginkitServer({ oauth: { access_ttl: 0 }, scanLogs: false });
  await assert.rejects(t.start(), /oauth\.access_ttl/);
});

test('serve: LOGINKIT_ADMIN_TOKEN overrides admin_token of the file', async () => {
  const envToken = `env-admin-${Date.now()}-0123456789abcdef`;
  const s = await startServer({ env: { LOGINKIT_ADMIN_TOKEN: envToken } });
  s.rememberSecret(envToken, 'admin_token (environment)');
  try {
    const withFileToken = await s.admin('GET', '/admin/v1/apps');
    assert.equal(withFileToken.status, 401, 'the file\'s token no longer opens the admin API');
    const withEnvToken = await s.admin('GET', '/admin/v1/apps', undefined, { token: envToken });
    assert.equal(withEnvToken.status, 200, withEnvToken.text);
  } finally {
    await s.stop();
  }
});

// --- packaging: --version and --help -------------------------------------------------------------

test('loginkit --version prints the name and a version, exit 0', async () => {
  const r = await run(['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.trim(), /^loginkit \S+$/, `--version output: ${r.stdout}`);
});

test('loginkit --help lists every command, exit 0', async () => {
  const r = await run(['--help']);
  for (const cmd of ['serve', 'app', 'audit', 'migration', 'user', 'developer', 'db', 'config', 'demo']) {
    assert.match(r.stdout, new RegExp(`^  ${cmd}\\b`, 'm'), `--help lists ${cmd}`);
  }
  assert.equal(r.code, 0, 'help that was asked for is a success');
});

test('loginkit without a command prints the usage and exits 2; an unknown command exits 2', async () => {
  const none = await run([]);
  assert.equal(none.code, 2);
  assert.match(none.stdout + none.stderr, /usage/i);
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /frobnicate/);
});

test('every subcommand answers --help with its own usage, exit 0', async () => {
  const expect = {
    serve: /--listen/,
    app: /app create/,
    audit: /--app/,
    migration: /migration report/,
    user: /user create/,
    developer: /developer create/,
    db: /db migrate/,
    config: /config check/,
    demo: /demo seed/,
  };
  const full = (await run(['--help'])).stdout;
  for (const [cmd, re] of Object.entries(expect)) {
    const r = await run([cmd, '--help']);
    assert.equal(r.code, 0, `${cmd} --help: exit 0 (${r.stderr})`);
    assert.match(r.stdout, /usage/i, `${cmd} --help says usage`);
    assert.match(r.stdout, re, `${cmd} --help describes ${cmd}`);
    assert.ok(r.stdout.length < full.length, `${cmd} --help is specific to ${cmd}, not the whole help`);
  }
});
