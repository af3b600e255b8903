// The strict command line: a misspelt or unknown option stops the binary before it does anything
// (exit 2, a suggestion from the command's own options), every command and subcommand answers
// --help from the same table, and --help-all prints them all (the source of a man page).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './lib/server.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary; resolves {code, stdout, stderr}. A binary that starts serving is killed. */
function run(args, env = {}) {
  return new Promise((resolve) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOGINKIT_')));
    execFile(BIN, args, { env: { ...base, ...env }, timeout: 5_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 'killed') : 0, stdout, stderr });
    });
  });
}

test('serve --listne: exit 2 with "did you mean --listen?", and nothing is started or created', async () => {
  const data = path.join(dir, 'never-created');
  // LOGINKIT_LISTEN keeps a binary that ignores the misspelling off the default port 8080.
  const r = await run(['serve', '--listne', '127.0.0.1:0', '--ops-listen', '127.0.0.1:0', '--data', data],
    { LOGINKIT_LISTEN: '127.0.0.1:0' });
  assert.equal(r.code, 2, `exit 2 at once (stderr: ${r.stderr})`);
  assert.match(r.stderr, /unknown option --listne; did you mean --listen\?/);
  assert.equal(r.stdout, '', 'no "listening" line');
  assert.ok(!existsSync(data), 'the data directory was not created');
});

test('a switch given a value, a missing value and an option of another command fail with exit 2', async () => {
  const data = path.join(dir, 'also-never-created');
  const cases = [
    [['audit', '--data', data, '--json=yes'], /option --json takes no value/],
    [['serve', '--ops-listen', '127.0.0.1:0', '--data', data, '--listen'], /option --listen needs a value/],
    [['serve', '--listen', '127.0.0.1:0', '--ops-listen', '127.0.0.1:0', '--data', data, '--json'], /unknown option --json/],
    [['db', 'backup', path.join(dir, 'b.db'), '--data', data, '--forse'], /did you mean --force\?/],
    [['app', 'frob', '--data', data], /unknown subcommand 'frob'/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit 2 (stderr: ${r.stderr})`);
    assert.match(r.stderr, re, args.join(' '));
  }
  assert.ok(!existsSync(data), 'no command ran');
});

test('--help on every command and subcommand comes from the table; --help-all holds them all', async () => {
  const all = await run(['--help-all']);
  assert.equal(all.code, 0);
  const cases = {
    'serve': [/usage: loginkit serve/, /--ops-listen HOST:PORT/, /--threads N\s+event-loop threads \(default one per core\)/, /--store URL/, /--admin-token-file FILE/, /--store-file FILE/, /--server-key-file FILE/, /--test-clock/],
    'db': [/db backup FILE \[--force\] \[--with-key\]/, /db restore FILE \[--force\] \[--with-key\]/, /db migrate/],
    'db backup': [/usage: loginkit db backup FILE/, /--with-key/],
    'app': [/app create/, /app redirect-uri/],
    'app create': [/--web-redirect-uri URI \(?.*repeatable/, /--require-pkce-web/],
    'audit': [/--limit N/],
  };
  for (const [cmd, res] of Object.entries(cases)) {
    const r = await run([...cmd.split(' '), '--help']);
    assert.equal(r.code, 0, `${cmd} --help (${r.stderr})`);
    for (const re of res) assert.match(r.stdout, re, `${cmd} --help: ${re}`);
    if (cmd.includes(' ') || cmd === 'serve') assert.ok(all.stdout.includes(r.stdout), `--help-all holds ${cmd} --help`);
  }
  const top = await run(['--help']);
  assert.doesNotMatch(top.stdout, /8 x cores/);
  for (const re of [/--store URL/, /--ops-listen/, /--test-clock/, /db backup FILE/, /default one per core/]) assert.match(top.stdout, re);
});

test('existing command lines keep working: --flag=value, --flag value, an empty value, repeated URIs', async () => {
  const data = path.join(dir, 'data');
  const created = await run(['app', 'create', '--data', data, '--name=Strict', '--web-redirect-uri', 'https://a.example/cb',
    '--web-redirect-uri=https://b.example/cb']);
  assert.equal(created.code, 0, created.stderr);
  const check = await run(['config', 'check', `--data=${data}`, '--ops-listen', '', '--listen', '127.0.0.1:0']);
  assert.equal(check.code, 0, check.stderr);
  const list = await run(['app', 'list', '--data', data]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /Strict/);
});
