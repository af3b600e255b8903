// SPEC.md §2.2 grant_type=refresh_token: rotation, reuse detection, fixed refresh deadline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertTokenError, accessWorks, basicAuth, USER_TOKEN_FIELDS } from './lib/server.mjs';

let server;
let app;
let otherApp;
let jar;

before(async () => {
  server = await startServer();
  app = await server.createApp();
  otherApp = await server.createApp();
  ({ jar } = await server.newSignedInUser());
});
after(async () => {
  await server?.stop();
});

const SCOPE = 'user.info.basic,user.info.profile';

function tokens(j = jar) {
  return server.obtainTokens(j, app, { scope: SCOPE });
}

function assertRotated(r, previous) {
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(JSON.parse(r.text)), USER_TOKEN_FIELDS, 'fields and their order');
  assert.match(r.body.access_token, /^act\./);
  assert.match(r.body.refresh_token, /^rft\./);
  assert.equal(r.body.token_type, 'Bearer');
  assert.notEqual(r.body.refresh_token, previous.refresh_token, 'a new refresh token');
  assert.notEqual(r.body.access_token, previous.access_token, 'a new access token');
  assert.equal(r.body.open_id, previous.open_id);
  assert.deepEqual(r.body.scope.split(',').sort(), previous.scope.split(',').sort(), 'same scopes');
  assert.match(r.headers.get('cache-control') ?? '', /no-store/i);
}

test('rotation: the new refresh token works, the old one is refused at once', async () => {
  const t0 = await tokens();
  const r1 = await server.refresh(app, t0.refresh_token);
  assertRotated(r1, t0);
  assert.equal(await accessWorks(server, r1.body.access_token), true, 'new access token works');
  const r2 = await server.refresh(app, r1.body.refresh_token);
  assertRotated(r2, r1.body);
  assert.equal(await accessWorks(server, r2.body.access_token), true);
});

test('reuse of a rotated refresh token: invalid_grant and the whole family is revoked', async () => {
  const t0 = await tokens();
  const r1 = await server.refresh(app, t0.refresh_token);
  assertRotated(r1, t0);
  const r2 = await server.refresh(app, r1.body.refresh_token);
  assertRotated(r2, r1.body);
  const t2 = r2.body;
  assert.equal(await accessWorks(server, t2.access_token), true);

  const reuse = await server.refresh(app, r1.body.refresh_token); // already rotated
  assertTokenError(reuse, 'invalid_grant');

  assert.equal(await accessWorks(server, t2.access_token), false, 'newest access token revoked');
  assertTokenError(await server.refresh(app, t2.refresh_token), 'invalid_grant', {});
  assert.equal(await accessWorks(server, r1.body.access_token), false, 'middle access token revoked');
  assert.equal(await accessWorks(server, t0.access_token), false, 'first access token revoked');
  assertTokenError(await server.refresh(app, t0.refresh_token), 'invalid_grant');
});

test('reuse detection revokes only that grant, not the user\'s other grants', async () => {
  const a = await tokens();
  const b = await tokens();
  const ra = await server.refresh(app, a.refresh_token);
  assertRotated(ra, a);
  assertTokenError(await server.refresh(app, a.refresh_token), 'invalid_grant');
  assert.equal(await accessWorks(server, ra.body.access_token), false);
  assert.equal(await accessWorks(server, b.access_token), true, 'another grant is untouched');
  assertRotated(await server.refresh(app, b.refresh_token), b);
});

test('earlier access tokens stay valid after a normal rotation', async () => {
  const t0 = await tokens();
  const r1 = await server.refresh(app, t0.refresh_token);
  assertRotated(r1, t0);
  const r2 = await server.refresh(app, r1.body.refresh_token);
  assertRotated(r2, r1.body);
  assert.equal(await accessWorks(server, t0.access_token), true, 'first access token still valid');
  assert.equal(await accessWorks(server, r1.body.access_token), true, 'second access token still valid');
});

test('refresh needs the right client: wrong secret invalid_client, another app invalid_grant', async () => {
  const t0 = await tokens();
  assertTokenError(await server.refresh(app, t0.refresh_token, { client_secret: 'wrong' }), 'invalid_client');
  const foreign = await server.refresh(otherApp, t0.refresh_token);
  assertTokenError(foreign, 'invalid_grant');
  assertTokenError(await server.refresh(app, 'rft.unknown-token-0123456789'), 'invalid_grant');
  const access = await server.refresh(app, t0.access_token);
  assertTokenError(access, 'invalid_grant', {});
});

test('refresh accepts HTTP Basic and the client_id alias', async () => {
  const t0 = await tokens();
  const r = await server.token(
    { grant_type: 'refresh_token', refresh_token: t0.refresh_token },
    { headers: { authorization: basicAuth(app.client_key, app.client_secret) } },
  );
  assertRotated(r, t0);
  const r2 = await server.token({
    client_id: app.client_key,
    client_secret: app.client_secret,
    grant_type: 'refresh_token',
    refresh_token: r.body.refresh_token,
  });
  assertRotated(r2, r.body);
});

test('refresh_expires_in counts down to the deadline fixed at the original authorization', async () => {
  const t0 = await tokens();
  const start = t0.refresh_expires_in;
  assert.ok(start > 15551990 && start <= 15552000, `initial refresh_expires_in ${start}`);

  await server.advanceClock(1000);
  const r1 = await server.refresh(app, t0.refresh_token);
  assertRotated(r1, t0);
  assert.ok(Math.abs(r1.body.refresh_expires_in - (start - 1000)) <= 3, `after 1000 s: ${r1.body.refresh_expires_in} (start ${start})`);
  assert.ok(r1.body.expires_in > 7190 && r1.body.expires_in <= 7200, 'a fresh access token lifetime');

  await server.advanceClock(86400);
  const r2 = await server.refresh(app, r1.body.refresh_token);
  assertRotated(r2, r1.body);
  assert.ok(
    Math.abs(r2.body.refresh_expires_in - (start - 1000 - 86400)) <= 3,
    `after 87400 s: ${r2.body.refresh_expires_in} (start ${start})`,
  );
});

test('a refresh token is refused after its deadline (180 days)', async () => {
  // the clock moved in the previous test: sign in again rather than rely on the old session
  const { jar: fresh } = await server.newSignedInUser();
  const t0 = await tokens(fresh);
  await server.advanceClock(15552000 - 100);
  const r1 = await server.refresh(app, t0.refresh_token);
  assertRotated(r1, t0);
  assert.ok(r1.body.refresh_expires_in <= 103, `rotation does not extend the deadline: ${r1.body.refresh_expires_in}`);
  await server.advanceClock(200);
  assertTokenError(await server.refresh(app, r1.body.refresh_token), 'invalid_grant');
});
