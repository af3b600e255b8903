// The store's read cache (store_cache, on by default) never answers with what a write changed:
// the app a token request authenticates against is cached after its first use, and a new secret
// from the admin API (this process) or from the CLI (another process on the same SQLite file)
// refuses the old secret at once. It runs on SQLite whatever LOGINKIT_STORE says.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertTokenError, runCli, startServer } from './lib/server.mjs';

const SQLITE = { LOGINKIT_STORE: '', LOGINKIT_STORE_FILE: '' };
let server;

before(async () => {
  server = await startServer({ env: SQLITE });
});
after(async () => {
  await server?.stop();
});

const cli = (args) => runCli(args, SQLITE);

const clientCredentials = (key, secret) =>
  server.token({ client_key: key, client_secret: secret, grant_type: 'client_credentials' });

async function warm(app) {
  for (let i = 0; i < 3; i++) {
    const r = await clientCredentials(app.client_key, app.client_secret);
    assert.equal(r.status, 200, r.text);
  }
}

test('a secret rotated by the admin API is the only one accepted at once, cache warm', async () => {
  const app = await server.createApp();
  await warm(app);
  const rot = await server.admin('POST', `/admin/v1/apps/${app.client_key}/rotate-secret`);
  assert.equal(rot.status, 200, rot.text);
  assertTokenError(await clientCredentials(app.client_key, app.client_secret), 'invalid_client');
  assert.equal((await clientCredentials(app.client_key, rot.body.client_secret)).status, 200);
});

test('a secret rotated by the CLI on the running server\'s database is seen at once', async () => {
  const app = await server.createApp();
  await warm(app);
  const rot = await cli(['app', 'rotate-secret', app.client_key, '--data', server.dataDir]);
  assert.equal(rot.status, 0, rot.stderr);
  const fresh = JSON.parse(rot.stdout).client_secret;
  assert.ok(fresh && fresh !== app.client_secret);
  assertTokenError(await clientCredentials(app.client_key, app.client_secret), 'invalid_client');
  assert.equal((await clientCredentials(app.client_key, fresh)).status, 200);
});
