// SPEC.md §3 legacy v1 API: web and mobile flows, the v1 envelopes and the v1 error codes.
// The clock stands on 2023-03-01, before every sunset date (SPEC.md §5).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, CookieJar } from './lib/server.mjs';
import {
  utc,
  setClock,
  createLegacyApp,
  v1Params,
  v1Code,
  v1Tokens,
  v1Post,
  v1AccessToken,
  v1Refresh,
  v1Revoke,
  v1UserInfo,
  v1AccessWorks,
  assertV1Success,
  assertV1TokenSuccess,
  assertV1Error,
  assertV1UserInfoOk,
  assertV1UserInfoError,
  assertErrorPage,
  V1_AUTHORIZE,
  V1_CONNECT,
  V1_REFRESH_TTL,
} from './lib/v1.mjs';

const START = utc(2023, 3, 1, 12);
const DOMAIN = 'old.example';
const V2_ONLY_URI = 'https://v2only.example/callback'; // a registered v2 web URI, not on a legacy domain
const ANDROID_URI = 'https://links.mobile.example/android/callback';
const IOS_URI = 'https://links.mobile.example/ios/callback';

let server;
let webApp; // legacy domain old.example
let mobileApp; // android + ios URIs, web off
let otherApp; // legacy domain other.example
let user;
let jar;

before(async () => {
  server = await startServer();
  await setClock(server, START);
  webApp = await createLegacyApp(server, { domains: [DOMAIN], webUris: [V2_ONLY_URI] });
  mobileApp = await createLegacyApp(server, { web: false, android: [ANDROID_URI], ios: [IOS_URI] });
  otherApp = await createLegacyApp(server, { domains: ['other.example'] });
  ({ user, jar } = await server.newSignedInUser({ display_name: 'Legacy Lena', follower_count: 42 }));
});
after(async () => {
  await server?.stop();
});

const SCOPE = 'user.info.basic,user.info.profile';

test('v1 authorize: https redirect URIs on a legacy domain or its subdomains are accepted', async () => {
  for (const uri of [`https://${DOMAIN}/cb`, `https://www.${DOMAIN}/any/path`, `https://a.b.${DOMAIN}/cb`, `https://${DOMAIN}/`]) {
    for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
      const r = await server.get(server.authorizePath(v1Params(webApp, uri, { disable_auto_auth: '1' }), base), { jar });
      assert.equal(r.status, 200, `${base} ${uri}: consent page expected, got ${r.status} ${r.location ?? ''} ${r.text.slice(0, 200)}`);
      const consent = server.parseConsent(r.text);
      assert.ok(consent, `${base} ${uri}: consent form present`);
      assert.equal(new URL(consent.action, server.base).pathname.replace(/\/?$/, '/'), '/auth/authorize/', 'v1 consent form posts to /auth/authorize/');
      assert.ok(consent.hidden.some(([k, v]) => k === 'redirect_uri' && v === uri), 'redirect_uri carried through');
    }
  }
});

test('v1 authorize: http, other domains, lookalikes, userinfo tricks and v2-only URIs get the 400 error page', async () => {
  const bad = [
    `http://${DOMAIN}/cb`,
    `http://www.${DOMAIN}/cb`,
    'https://other.example/cb',
    `https://evil${DOMAIN}/cb`,
    `https://${DOMAIN}.evil.com/cb`,
    `https://www.${DOMAIN}.evil.com/cb`,
    `https://${DOMAIN}@evil.com/cb`,
    `https://${DOMAIN}:443@evil.com/cb`,
    `https://evil.com\\@${DOMAIN}/cb`,
    `https://evil.com/${DOMAIN}/cb`,
    `https://evil.com/?${DOMAIN}`,
    `https://evil.com#${DOMAIN}`,
    `//${DOMAIN}/cb`,
    `${DOMAIN}/cb`,
    V2_ONLY_URI,
    ANDROID_URI, // a mobile URI of another app
    '',
  ];
  for (const uri of bad) {
    for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
      const r = await server.get(server.authorizePath(v1Params(webApp, uri), base), { jar });
      assertErrorPage(r, `${base} redirect_uri=${JSON.stringify(uri)}`);
    }
  }
  const unknown = await server.get(server.authorizePath(v1Params({ client_key: 'no-such-client' }, `https://${DOMAIN}/cb`), V1_AUTHORIZE), { jar });
  assertErrorPage(unknown, 'unknown client_key');
});

test('v1 authorize without a session: sign-in page first, then back to the v1 consent page', async () => {
  for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
    const params = v1Params(webApp, `https://${DOMAIN}/cb`, { scope: SCOPE, disable_auto_auth: '1' });
    const anon = new CookieJar();
    const r = await server.get(server.authorizePath(params, base), { jar: anon });
    assert.equal(r.status, 302, `${base} without a session: ${r.status} ${r.text.slice(0, 200)}`);
    const loc = new URL(r.location, server.base);
    assert.equal(loc.pathname, '/account/signin');
    const next = new URL(loc.searchParams.get('next') ?? '', server.base);
    assert.equal(next.origin, server.base, 'next is a local path');
    assert.match(next.pathname, /^\/(auth\/authorize|platform\/oauth\/connect)\/?$/, `next goes back to v1 authorize: ${next}`);
    assert.deepEqual([...next.searchParams].sort(), Object.entries(params).sort(), 'next keeps every parameter');
    const signed = await server.signIn(user.username, user.password, { jar: anon, next: next.pathname + next.search });
    const back = await server.get(signed.signinLocation, { jar: signed });
    assert.equal(back.status, 200, `back at ${signed.signinLocation}: ${back.status} ${back.location ?? ''}`);
    const consent = server.parseConsent(back.text);
    assert.ok(consent, 'consent page after sign-in');
    assert.equal(new URL(consent.action, server.base).pathname.replace(/\/?$/, '/'), '/auth/authorize/');
  }
});

test('v1 web flow: consent, code, token (query string, empty body), user info, refresh rotation, revoke', async () => {
  const redirectUri = `https://www.${DOMAIN}/oauth/cb`;
  const { code, scopes, result } = await v1Code(server, jar, webApp, redirectUri, { extra: { scope: SCOPE, disable_auto_auth: '1' } });
  assert.ok(result.consent, 'the consent page was shown');
  assert.equal(new URL(result.consent.action, server.base).pathname.replace(/\/?$/, '/'), '/auth/authorize/');
  assert.equal(scopes, SCOPE, 'scopes parameter lists what was granted');
  assert.equal(result.params.get('iss'), null, 'no iss parameter');

  // Token: parameters in the query string, empty body, no Content-Type.
  const tr = await v1AccessToken(server, webApp, code);
  const t = assertV1TokenSuccess(tr, { scope: SCOPE });
  assert.ok(t.refresh_expires_in > V1_REFRESH_TTL - 120, `refresh_expires_in ${t.refresh_expires_in} ~ 365 days`);

  // User info: JSON body without a Content-Type.
  const ui = await v1UserInfo(server, {
    access_token: t.access_token,
    fields: ['open_id', 'union_id', 'display_name', 'avatar_url', 'username', 'follower_count'],
  });
  const u = assertV1UserInfoOk(ui);
  assert.equal(u.open_id, t.open_id, 'open_id matches the token answer');
  assert.equal(u.display_name, 'Legacy Lena');
  assert.equal(u.username, user.username, 'profile field granted');
  assert.ok(typeof u.union_id === 'string' && u.union_id, 'union_id');
  assert.ok(!('follower_count' in u), 'stats field not granted: left out');

  // User info also takes access_token and open_id from the query string.
  const uq = await server.request('POST', `/user/info/?${new URLSearchParams({ access_token: t.access_token, open_id: t.open_id })}`);
  const uqUser = assertV1UserInfoOk({ status: uq.status, body: uq.json, headers: uq.headers, text: uq.text }, 'user info via query');
  assert.equal(uqUser.open_id, t.open_id);

  // Refresh: no secret; rotates.
  const rr = await v1Refresh(server, webApp, t.refresh_token);
  const t2 = assertV1TokenSuccess(rr, { scope: SCOPE, what: 'v1 refresh' });
  assert.notEqual(t2.refresh_token, t.refresh_token, 'a new refresh token');
  assert.notEqual(t2.access_token, t.access_token, 'a new access token');
  assert.equal(t2.open_id, t.open_id);
  assert.ok(t2.refresh_expires_in <= t.refresh_expires_in, 'refresh deadline does not move forward');
  assertV1Error(await v1Refresh(server, webApp, t.refresh_token), 10010, 'rotated refresh token');
  // (reuse of a rotated refresh token may revoke the family, as in v2, so mint a fresh grant for revoke)
  const t3 = await v1Tokens(server, jar, webApp, redirectUri, { extra: { scope: SCOPE } });
  assert.equal(await v1AccessWorks(server, t3.access_token), true);

  // Revoke: open_id + access_token.
  const rv = await v1Revoke(server, t3.open_id, t3.access_token);
  assertV1Success(rv, undefined, 'v1 revoke');
  assert.equal(await v1AccessWorks(server, t3.access_token), false, 'revoked access token stops working');
  assertV1UserInfoError(await v1UserInfo(server, { access_token: t3.access_token, fields: ['open_id'] }), 10008);
  assertV1Error(await v1Revoke(server, t3.open_id, t3.access_token), 10008, 'revoking twice');
  // The code is single use (checked last: a replay may revoke what the code issued, as in v2).
  assertV1Error(await v1AccessToken(server, webApp, code), 10007, 'replayed code');
});

test('v1 web flow through /platform/oauth/connect/ with form bodies', async () => {
  const redirectUri = `https://${DOMAIN}/connect-cb`;
  const { code, result } = await v1Code(server, jar, webApp, redirectUri, { base: V1_CONNECT, extra: { scope: SCOPE, disable_auto_auth: '1' } });
  assert.ok(result.consent, 'consent page shown');
  assert.equal(new URL(result.consent.action, server.base).pathname.replace(/\/?$/, '/'), '/auth/authorize/', 'consent posts to /auth/authorize/');
  const t = assertV1TokenSuccess(await v1AccessToken(server, webApp, code, { mode: 'form' }), { scope: SCOPE, what: 'token with form body' });
  const t2 = assertV1TokenSuccess(await v1Refresh(server, webApp, t.refresh_token, { mode: 'form' }), { what: 'refresh with form body' });
  assert.equal(await v1AccessWorks(server, t2.access_token), true);
  assertV1Success(await v1Revoke(server, t2.open_id, t2.access_token, { mode: 'form' }), undefined, 'revoke with form body');
  assert.equal(await v1AccessWorks(server, t2.access_token), false);
});

test('v1 paths are accepted without their trailing slash', async () => {
  const { code } = await v1Code(server, jar, webApp, `https://${DOMAIN}/cb`, { base: '/auth/authorize' });
  const t = assertV1TokenSuccess(await v1AccessToken(server, webApp, code, { path: '/oauth/access_token' }));
  const r = await server.request('POST', `/user/info?${new URLSearchParams({ access_token: t.access_token })}`);
  assertV1UserInfoOk({ status: r.status, body: r.json, headers: r.headers, text: r.text });
});

test('mobile v1 flow: redirect URI equal to a registered android or iOS URI', async () => {
  for (const uri of [ANDROID_URI, IOS_URI]) {
    const t = await v1Tokens(server, jar, mobileApp, uri, { extra: { scope: 'user.info.basic' } });
    assert.equal(t.scope, 'user.info.basic');
    const u = assertV1UserInfoOk(await v1UserInfo(server, { access_token: t.access_token, fields: ['open_id', 'display_name'] }));
    assert.equal(u.open_id, t.open_id);
    const t2 = assertV1TokenSuccess(await v1Refresh(server, mobileApp, t.refresh_token), { what: `mobile refresh ${uri}` });
    assertV1Success(await v1Revoke(server, t2.open_id, t2.access_token), undefined, 'mobile revoke');
  }
  for (const uri of [`${ANDROID_URI}/extra`, `${ANDROID_URI}?x=1`, ANDROID_URI.replace('https:', 'http:'), 'https://links.mobile.example/cb', ANDROID_URI.toUpperCase()]) {
    const r = await server.get(server.authorizePath(v1Params(mobileApp, uri), V1_AUTHORIZE), { jar });
    assertErrorPage(r, `mobile redirect_uri=${uri}`);
  }
});

test('v1 error codes 10002, 10003, 10005, 10007, 10008, 10010, 10013', async () => {
  const redirectUri = `https://${DOMAIN}/cb`;
  const { code } = await v1Code(server, jar, webApp, redirectUri);
  const base = { client_key: webApp.client_key, client_secret: webApp.client_secret, code, grant_type: 'authorization_code' };
  const at = (params, mode) => v1Post(server, '/oauth/access_token/', params, { mode });

  // 10002 parameter error: wrong grant_type.
  assertV1Error(await at({ ...base, grant_type: 'client_credentials' }), 10002, 'access_token grant_type=client_credentials');
  assertV1Error(await at({ ...base, grant_type: 'refresh_token' }, 'form'), 10002, 'access_token grant_type=refresh_token');
  // 10003 client key unknown.
  assertV1Error(await at({ ...base, client_key: 'no-such-client-key' }), 10003, 'unknown client_key');
  // 10005 missing parameter.
  for (const name of ['client_key', 'client_secret', 'code', 'grant_type']) {
    const p = { ...base };
    delete p[name];
    assertV1Error(await at(p), 10005, `access_token without ${name}`);
  }
  // 10013 wrong secret.
  assertV1Error(await at({ ...base, client_secret: 'wrong-secret' }), 10013, 'wrong client_secret');
  assertV1Error(await at({ ...base, client_secret: otherApp.client_secret }), 10013, 'secret of another app');
  // 10007 bad code, code of another app.
  assertV1Error(await at({ ...base, code: 'no-such-code' }), 10007, 'unknown code');
  assertV1Error(await at({ ...base, client_key: otherApp.client_key, client_secret: otherApp.client_secret }), 10007, 'code of another app');

  const t = assertV1TokenSuccess(await at(base));

  // Refresh errors.
  const rbase = { client_key: webApp.client_key, grant_type: 'refresh_token', refresh_token: t.refresh_token };
  const rf = (params) => v1Post(server, '/oauth/refresh_token/', params);
  assertV1Error(await rf({ ...rbase, grant_type: 'authorization_code' }), 10002, 'refresh grant_type=authorization_code');
  assertV1Error(await rf({ ...rbase, client_key: 'no-such-client-key' }), 10003, 'refresh unknown client_key');
  assertV1Error(await rf({ client_key: webApp.client_key, grant_type: 'refresh_token' }), 10005, 'refresh without refresh_token');
  assertV1Error(await rf({ refresh_token: t.refresh_token, grant_type: 'refresh_token' }), 10005, 'refresh without client_key');
  assertV1Error(await rf({ ...rbase, refresh_token: 'no-such-refresh-token' }), 10010, 'unknown refresh token');
  assertV1Error(await rf({ ...rbase, client_key: otherApp.client_key }), 10010, 'refresh token of another app');

  // Revoke errors: 10002 open_id mismatch (and nothing revoked), 10005 missing, 10008 bad token.
  assertV1Error(await v1Revoke(server, 'not-the-open-id', t.access_token), 10002, 'revoke with a foreign open_id');
  assert.equal(await v1AccessWorks(server, t.access_token), true, 'a refused revoke revokes nothing');
  assertV1Error(await v1Post(server, '/oauth/revoke/', { access_token: t.access_token }), 10005, 'revoke without open_id');
  assertV1Error(await v1Post(server, '/oauth/revoke/', { open_id: t.open_id }), 10005, 'revoke without access_token');
  assertV1Error(await v1Revoke(server, t.open_id, 'act.no-such-token-0123456789'), 10008, 'revoke with an unknown token');

  // User info errors.
  assertV1UserInfoError(await v1UserInfo(server, { access_token: 'act.no-such-token-0123456789', fields: ['open_id'] }), 10008);
  assertV1UserInfoError(await v1UserInfo(server, { access_token: 'garbage', fields: ['open_id'] }), 10008);
  assertV1UserInfoError(await v1UserInfo(server, { fields: ['open_id'] }), 10005);
  assertV1UserInfoError(await v1UserInfo(server, { access_token: t.access_token, open_id: 'someone-else', fields: ['open_id'] }), 10002);

  // Still fine after all that.
  assert.equal(await v1AccessWorks(server, t.access_token), true);
  assertV1TokenSuccess(await rf(rbase), { what: 'refresh after refused attempts' });
});

test('10007: an expired v1 code (codes live 10 minutes)', async () => {
  const { code } = await v1Code(server, jar, webApp, `https://${DOMAIN}/cb`);
  await server.advanceClock(601);
  assertV1Error(await v1AccessToken(server, webApp, code), 10007, 'expired code');
});

test('10008: an expired v1 access token (24 h); its refresh token still works', async () => {
  jar = await server.signIn(user.username, user.password);
  const t = await v1Tokens(server, jar, webApp, `https://${DOMAIN}/cb`);
  await server.advanceClock(86400 - 60);
  assert.equal(await v1AccessWorks(server, t.access_token), true, 'still valid just before 24 h');
  await server.advanceClock(120);
  assert.equal(await v1AccessWorks(server, t.access_token), false, 'expired after 24 h');
  assertV1Error(await v1Revoke(server, t.open_id, t.access_token), 10008, 'revoke with an expired token');
  // The refresh token (365 days) still works and gives a fresh access token.
  const t2 = assertV1TokenSuccess(await v1Refresh(server, webApp, t.refresh_token));
  assert.equal(await v1AccessWorks(server, t2.access_token), true);
});

// 10006 illegal redirect URI: an illegal redirect URI at /auth/authorize/ gets the error page (no
// open redirect); a client that sends redirect_uri to /oauth/access_token/ must send the one it
// authorized with, else 10006.
test('10006: access_token with a redirect_uri other than the authorized one', async () => {
  jar = await server.signIn(user.username, user.password);
  const { code } = await v1Code(server, jar, webApp, `https://${DOMAIN}/cb`);
  assertV1Error(await v1AccessToken(server, webApp, code, { extra: { redirect_uri: `https://${DOMAIN}/other` } }), 10006, 'mismatched redirect_uri');
  // Nothing was consumed: the same code still works with the right (or no) redirect_uri.
  assertV1TokenSuccess(await v1AccessToken(server, webApp, code, { extra: { redirect_uri: `https://${DOMAIN}/cb` } }));
});
