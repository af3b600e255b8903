// SPEC.md §2.3 POST /v2/oauth/revoke/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertTokenError, accessWorks, basicAuth, uniq } from './lib/server.mjs';

let server;
let app;
let otherApp;

before(async () => {
  server = await startServer();
  app = await server.createApp({ name: uniq('RevokeApp') });
  otherApp = await server.createApp();
});
after(async () => {
  await server?.stop();
});

const SCOPE = 'user.info.basic,user.info.profile';

function revokeForm(token, a = app, extra = {}) {
  return { client_key: a.client_key, client_secret: a.client_secret, token, ...extra };
}

function assertRevokeOk(r) {
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i, 'Content-Type application/json');
  assert.deepEqual(r.body, {}, `body is {} (got ${r.text})`);
}

async function grant() {
  const { user, jar } = await server.newSignedInUser();
  const t = await server.obtainTokens(jar, app, { scope: SCOPE });
  return { user, jar, t };
}

/** Asserts every token of the grant is dead: access refused at user info, refresh invalid_grant. */
async function assertGrantDead(tokens) {
  for (const t of tokens) {
    assert.equal(await accessWorks(server, t.access_token), false, `access token ${t.access_token.slice(0, 10)}… revoked`);
    assertTokenError(await server.refresh(app, t.refresh_token), 'invalid_grant');
  }
}

test('revoking an access token: 200 {} and every token of the grant stops working', async () => {
  const { t } = await grant();
  const r1 = await server.refresh(app, t.refresh_token); // rotate once: the family has two generations
  assert.equal(r1.status, 200, r1.text);
  const t1 = r1.body;
  assert.equal(await accessWorks(server, t.access_token), true);
  assert.equal(await accessWorks(server, t1.access_token), true);
  assertRevokeOk(await server.revoke(revokeForm(t1.access_token)));
  assert.equal(await accessWorks(server, t.access_token), false, 'earlier access token revoked too');
  assert.equal(await accessWorks(server, t1.access_token), false);
  assertTokenError(await server.refresh(app, t1.refresh_token), 'invalid_grant');
});

test('revoking a refresh token: every token of the grant stops working', async () => {
  const { t } = await grant();
  assertRevokeOk(await server.revoke(revokeForm(t.refresh_token, app, { token_type_hint: 'refresh_token' })));
  await assertGrantDead([t]);
});

test('revoke disconnects the app: it leaves connected apps and consent is asked again', async () => {
  const { jar, t } = await grant();
  const before = await server.get('/account/apps', { jar });
  assert.equal(before.status, 200);
  assert.ok(before.text.includes(app.name), 'the app is listed among connected apps');
  const auto = await server.get(server.authorizePath(server.authorizeParams(app, { scope: SCOPE })), { jar });
  assert.equal(auto.status, 302, 'before revocation, consent is skipped');
  assertRevokeOk(await server.revoke(revokeForm(t.access_token)));
  const afterPage = await server.get('/account/apps', { jar });
  assert.equal(afterPage.status, 200);
  assert.ok(!afterPage.text.includes(app.name), 'the app left the connected apps');
  const again = await server.get(server.authorizePath(server.authorizeParams(app, { scope: SCOPE })), { jar });
  assert.equal(again.status, 200, 'after revocation, consent is shown again');
});

test('revoke leaves the user\'s grants with other apps alone', async () => {
  const { jar, t } = await grant();
  const other = await server.obtainTokens(jar, otherApp, { scope: 'user.info.basic' });
  assertRevokeOk(await server.revoke(revokeForm(t.access_token)));
  assert.equal(await accessWorks(server, other.access_token), true);
});

test('unknown and already revoked tokens: 200 {}', async () => {
  assertRevokeOk(await server.revoke(revokeForm('act.this-token-does-not-exist-0123456789')));
  assertRevokeOk(await server.revoke(revokeForm('garbage')));
  const { t } = await grant();
  assertRevokeOk(await server.revoke(revokeForm(t.access_token, app, { token_type_hint: 'access_token' })));
  assertRevokeOk(await server.revoke(revokeForm(t.access_token)));
  assertRevokeOk(await server.revoke(revokeForm(t.refresh_token)));
});

test('a token of another app changes nothing', async () => {
  const { t } = await grant();
  const r = await server.revoke(revokeForm(t.access_token, otherApp));
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  const r2 = await server.revoke(revokeForm(t.refresh_token, otherApp));
  assert.match(r2.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.equal(await accessWorks(server, t.access_token), true, 'access token still works');
  const refreshed = await server.refresh(app, t.refresh_token);
  assert.equal(refreshed.status, 200, refreshed.text);
  assert.match(refreshed.body.access_token, /^act\./, 'refresh token still works');
});

test('wrong secret or unknown client: invalid_client, token untouched', async () => {
  const { t } = await grant();
  const r = await server.revoke(revokeForm(t.access_token, app, { client_secret: 'wrong' }));
  assertTokenError(r, 'invalid_client');
  const r2 = await server.revoke(revokeForm(t.access_token, app, { client_key: 'nobody' }));
  assertTokenError(r2, 'invalid_client');
  assert.equal(await accessWorks(server, t.access_token), true);
});

test('HTTP Basic, a matching client_id and token_type_hint are accepted; two identities are not', async () => {
  const { t } = await grant();
  const clash = await server.revoke(revokeForm(t.access_token, app, { client_id: otherApp.client_key }));
  assertTokenError(clash, 'invalid_request');
  assert.equal(await accessWorks(server, t.access_token), true);
  assertRevokeOk(
    await server.revoke(
      { token: t.access_token, token_type_hint: 'access_token' },
      { headers: { authorization: basicAuth(app.client_key, app.client_secret) } },
    ),
  );
  assert.equal(await accessWorks(server, t.access_token), false);
  const g2 = await grant();
  assertRevokeOk(await server.revoke(revokeForm(g2.t.access_token, app, { client_id: app.client_key, token_type_hint: 'refresh_token' })));
  assert.equal(await accessWorks(server, g2.t.access_token), false, 'a wrong hint does not prevent revocation');
});

test('Content-Type rule applies, and every answer is application/json', async () => {
  const { t } = await grant();
  const json = await server.request('POST', '/v2/oauth/revoke/', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(revokeForm(t.access_token)),
  });
  assertTokenError({ status: json.status, body: json.json, headers: json.headers, text: json.text }, 'invalid_request', {
    description: 'The request parameters are malformed.',
  });
  assert.equal(await accessWorks(server, t.access_token), true, 'nothing revoked by a malformed request');
  const charset = await server.revoke(revokeForm(t.access_token), {
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
  });
  assertRevokeOk(charset);
  const slashless = await server.postForm('/v2/oauth/revoke', revokeForm('unknown-token'));
  assert.equal(slashless.status, 200);
  assert.match(slashless.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.deepEqual(slashless.json, {});
});

test('revoking a client token is accepted', async () => {
  const c = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
  assert.equal(c.status, 200, c.text);
  const other = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
  const active = async (token) =>
    (await server.postForm('/v2/oauth/introspect/', { client_key: app.client_key, client_secret: app.client_secret, token })).json?.active;
  assert.equal(await active(c.body.access_token), true);
  assertRevokeOk(await server.revoke(revokeForm(c.body.access_token)));
  assert.equal(await active(c.body.access_token), false, 'the revoked client token is inactive at once');
  assert.equal(await active(other.body.access_token), true, 'only that token');
  assertRevokeOk(await server.revoke(revokeForm(c.body.access_token)), 'revoking it again');
});
