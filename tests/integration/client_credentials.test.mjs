// SPEC.md §2.2 grant_type=client_credentials.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertTokenError, assertUserinfoError, basicAuth } from './lib/server.mjs';

let server;
let app;

before(async () => {
  server = await startServer();
  app = await server.createApp();
});
after(async () => {
  await server?.stop();
});

function clientCredentials(extra = {}, opts = {}) {
  return server.token(
    { client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials', ...extra },
    opts,
  );
}

function assertClientToken(r) {
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(JSON.parse(r.text)), ['access_token', 'expires_in', 'token_type'], 'only these fields, in order');
  assert.match(r.body.access_token, /^clt\./);
  assert.equal(r.body.token_type, 'Bearer');
  assert.equal(typeof r.body.expires_in, 'number');
  assert.ok(r.body.expires_in > 7190 && r.body.expires_in <= 7200, `expires_in ${r.body.expires_in}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/i);
}

test('client_credentials returns only access_token (clt.), expires_in, token_type', async () => {
  const r = await clientCredentials();
  assertClientToken(r);
  const r2 = await clientCredentials();
  assertClientToken(r2);
  assert.notEqual(r2.body.access_token, r.body.access_token, 'each call issues a new token');
});

test('client_credentials with HTTP Basic and with the client_id alias', async () => {
  assertClientToken(
    await server.token(
      { grant_type: 'client_credentials' },
      { headers: { authorization: basicAuth(app.client_key, app.client_secret) } },
    ),
  );
  assertClientToken(
    await server.token({ client_id: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }),
  );
});

test('a client token is refused by user info', async () => {
  const r = await clientCredentials();
  assertClientToken(r);
  const info = await server.userinfo(r.body.access_token, 'open_id,display_name');
  assertUserinfoError(info, 'access_token_invalid', 401);
});

test('a client token is not a refresh token', async () => {
  const r = await clientCredentials();
  const refresh = await server.refresh(app, r.body.access_token);
  assertTokenError(refresh, 'invalid_grant');
});

test('client_credentials: wrong secret or unknown client is invalid_client', async () => {
  assertTokenError(await clientCredentials({ client_secret: 'wrong' }), 'invalid_client', { status: 200 });
  assertTokenError(await clientCredentials({ client_key: 'unknown-client' }), 'invalid_client', { status: 200 });
  const { client_secret, ...noSecret } = {
    client_key: app.client_key,
    client_secret: app.client_secret,
    grant_type: 'client_credentials',
  };
  const r = await server.token(noSecret);
  assert.ok(['invalid_client', 'invalid_request'].includes(r.body?.error), r.text);
});

test('client_credentials after secret rotation: old secret refused, new one works', async () => {
  const a = await server.createApp();
  const rot = await server.admin('POST', `/admin/v1/apps/${a.client_key}/rotate-secret`);
  assert.equal(rot.status, 200, rot.text);
  assert.equal(rot.body.client_key, a.client_key);
  assert.ok(rot.body.client_secret && rot.body.client_secret !== a.client_secret);
  const old = await server.token({ client_key: a.client_key, client_secret: a.client_secret, grant_type: 'client_credentials' });
  assertTokenError(old, 'invalid_client');
  const fresh = await server.token({ client_key: a.client_key, client_secret: rot.body.client_secret, grant_type: 'client_credentials' });
  assertClientToken(fresh);
});

test('client_credentials answers JSON with the malformed error for a JSON body', async () => {
  const r = await server.tokenRaw(
    JSON.stringify({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }),
    { 'content-type': 'application/json' },
  );
  assertTokenError(r, 'invalid_request', { description: 'The request parameters are malformed.' });
});
