// Bytes no name, key or URI may hold (NUL, invalid UTF-8) are refused or match nothing, on every
// storage engine alike: PostgreSQL cannot even hold them, so they must never reach a query as
// data (a failed query would be a 500). Runs in both the SQLite and the PostgreSQL suite.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';

let server;
let app;

before(async () => {
  server = await startServer();
  app = await server.createApp();
});
after(async () => {
  await server?.stop();
});

const BAD = ['%00', '%FF', '%C3%28', 'abc%00junk'];

test('a client_key with NUL or invalid UTF-8 is an unknown client, not a server error', async () => {
  for (const bad of BAD) {
    const r = await server.tokenRaw(`grant_type=client_credentials&client_key=${bad}&client_secret=${app.client_secret}`, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 200, `client_key=${bad}: ${r.text}`);
    assert.equal(r.body.error, 'invalid_client', `client_key=${bad}`);
  }
  const v1 = await server.request('POST', `/oauth/refresh_token/?client_key=%FF&grant_type=refresh_token&refresh_token=x`);
  assert.equal(v1.status, 200);
  assert.equal(v1.json.data.error_code, 10003, v1.text);
});

test('sign-in with a NUL or invalid UTF-8 username is a wrong password, not a server error', async () => {
  const page = await server.request('GET', '/account/signin');
  assert.equal(page.status, 200);
  for (const bad of ['%FF', 'a%00b']) {
    const r = await server.request('GET', `/v2/auth/authorize/?client_key=${bad}&response_type=code&scope=user.info.basic&redirect_uri=https%3A%2F%2Fx.example%2Fcb`);
    assert.equal(r.status, 400, `authorize client_key=${bad}`);
  }
});

test('names and redirect URIs that cannot be stored as text are refused with a message', async () => {
  const user = await server.admin('POST', '/admin/v1/users', { username: 'nul\u0000name', password: 'password123' });
  assert.equal(user.status, 400);
  const appRes = await server.admin('POST', '/admin/v1/apps', { name: 'bad\u0000name' });
  assert.equal(appRes.status, 400);
  const uri = await server.admin('POST', `/admin/v1/apps/${app.client_key}/redirect-uris`, { platform: 'web', uri: 'https://caf\u00e9.example/cb' });
  assert.equal(uri.status, 400);
  assert.ok(uri.body.messages.some((m) => m.includes('ASCII')), JSON.stringify(uri.body));
});
