// SPEC.md §3 "No mixing": a v1 code or token is refused by every v2 endpoint and vice versa
// (invalid_grant / access_token_invalid in v2; 10007 / 10008 / 10010 in v1).
// One app created before 2023-05-12 with both a legacy domain (v1) and a web redirect URI (v2);
// the clock stands on 2023-03-01, before every sunset date.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertTokenError, assertUserinfoError, accessWorks } from './lib/server.mjs';
import {
  utc,
  setClock,
  createLegacyApp,
  v1Code,
  v1Tokens,
  v1AccessToken,
  v1Refresh,
  v1Revoke,
  v1UserInfo,
  v1AccessWorks,
  assertV1Error,
  assertV1TokenSuccess,
  assertV1UserInfoError,
} from './lib/v1.mjs';

const V1_URI = 'https://www.mix-legacy.example/callback';
const V2_URI = 'https://v2.mix-app.example/callback';

let server;
let app;
let jar;

before(async () => {
  server = await startServer();
  await setClock(server, utc(2023, 3, 1, 12));
  app = await createLegacyApp(server, { domains: ['mix-legacy.example'], webUris: [V2_URI] });
  ({ jar } = await server.newSignedInUser());
});
after(async () => {
  await server?.stop();
});

const v2Code = () => server.authorizeCode(jar, app, { redirect_uri: V2_URI });
const v2Tokens = () => server.obtainTokens(jar, app, { redirect_uri: V2_URI });

test('a v2 code at POST /oauth/access_token/ is 10007', async () => {
  const { code } = await v2Code();
  assertV1Error(await v1AccessToken(server, app, code), 10007, 'v2 code at v1 token');
  assertV1Error(await v1AccessToken(server, app, code, { mode: 'form' }), 10007, 'v2 code at v1 token (form body)');
});

test('a v1 code at POST /v2/oauth/token/ is invalid_grant', async () => {
  const { code } = await v1Code(server, jar, app, V1_URI);
  assertTokenError(await server.exchangeCode(app, code, V1_URI), 'invalid_grant');
});

test('a v2 refresh token at POST /oauth/refresh_token/ is 10010', async () => {
  const t = await v2Tokens();
  assertV1Error(await v1Refresh(server, app, t.refresh_token), 10010, 'v2 refresh token at v1 refresh');
  // The v2 grant is untouched.
  const r = await server.refresh(app, t.refresh_token);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.access_token, r.text);
});

test('a v1 refresh token at POST /v2/oauth/token/ is invalid_grant', async () => {
  const t = await v1Tokens(server, jar, app, V1_URI);
  assertTokenError(await server.refresh(app, t.refresh_token), 'invalid_grant');
  // The v1 grant is untouched.
  assertV1TokenSuccess(await v1Refresh(server, app, t.refresh_token), { what: 'v1 refresh after the v2 attempt' });
});

test('a v2 access token at POST /user/info/ and POST /oauth/revoke/ is 10008; it keeps working on v2', async () => {
  const t = await v2Tokens();
  assertV1UserInfoError(await v1UserInfo(server, { access_token: t.access_token, fields: ['open_id'] }), 10008);
  assertV1Error(await v1Revoke(server, t.open_id, t.access_token), 10008, 'v2 access token at v1 revoke');
  assert.equal(await accessWorks(server, t.access_token), true, 'v2 access token still works at v2');
});

test('a v1 access token at GET /v2/user/info/ is 401 access_token_invalid', async () => {
  const t = await v1Tokens(server, jar, app, V1_URI);
  assertUserinfoError(await server.userinfo(t.access_token, 'open_id,display_name'), 'access_token_invalid', 401);
  assert.equal(await v1AccessWorks(server, t.access_token), true, 'v1 token still works at v1');
});

test('a v1 token at POST /v2/oauth/revoke/ is 200 {} and changes nothing', async () => {
  const t = await v1Tokens(server, jar, app, V1_URI);
  for (const token of [t.access_token, t.refresh_token]) {
    const r = await server.revoke({ client_key: app.client_key, client_secret: app.client_secret, token });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {}, r.text);
  }
  assert.equal(await v1AccessWorks(server, t.access_token), true, 'v1 access token keeps working on v1');
  assertV1TokenSuccess(await v1Refresh(server, app, t.refresh_token), { what: 'v1 refresh after the foreign-version revoke' });
});
