// SPEC.md §5 sunset policy (default dates 2023-05-12, 2023-06-12, 2024-02-29) and
// docs/server-contract.md "Legacy v1 and the sunset policy". The test clock stands on each side
// of each date.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import {
  DAY,
  utc,
  NEW_APPS_DATE,
  FREEZE_DATE,
  EOL_DATE,
  setClock,
  atDate,
  createLegacyApp,
  v1Params,
  v1Code,
  v1Tokens,
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
  assertErrorRedirect,
  V1_AUTHORIZE,
  V1_CONNECT,
} from './lib/v1.mjs';

const LEGACY_CREATED = utc(2023, 1, 15, 12);
const WEB_DOMAIN = 'sunset.example';
const WEB_URI = `https://app.${WEB_DOMAIN}/v1/callback`;
const V2_URI = 'https://v2.sunset-app.example/callback';
const ANDROID_URI = 'https://links.sunset-mobile.example/android';
const IOS_URI = 'https://links.sunset-mobile.example/ios';

let server;
let legacyApp; // created 2023-01-15: legacy domain, v2 web URI, android and iOS URIs

before(async () => {
  server = await startServer();
  await setClock(server, LEGACY_CREATED);
  legacyApp = await createLegacyApp(server, { domains: [WEB_DOMAIN], webUris: [V2_URI], android: [ANDROID_URI], ios: [IOS_URI] });
});
after(async () => {
  await server?.stop();
});

/** GET v1 authorize (with a session) and assert the sunset refusal redirect; returns the description. */
async function assertAuthorizeRefused(jar, app, redirectUri, base, dateText) {
  const params = v1Params(app, redirectUri);
  const r = await server.get(server.authorizePath(params, base), { jar });
  const q = assertErrorRedirect(server, r, redirectUri, 'unauthorized_client', params.state);
  const description = q.get('error_description');
  assert.ok(description.includes(dateText), `error_description names the date ${dateText}: ${description}`);
  assert.match(description, /v2/, `error_description points to v2: ${description}`);
  return description;
}

test('v1 web flow works before end of life; after it, authorize is refused and pre-EOL codes and tokens get 10004', async () => {
  // An hour before end of life: the whole web flow works.
  let { jar } = await atDate(server, EOL_DATE - 3600);
  const full = await v1Tokens(server, jar, legacyApp, WEB_URI, { extra: { scope: 'user.info.basic' } });
  assertV1UserInfoOk(await v1UserInfo(server, { access_token: full.access_token, fields: ['open_id'] }));
  const rotated = assertV1TokenSuccess(await v1Refresh(server, legacyApp, full.refresh_token), { what: 'refresh before EOL' });
  assertV1Success(await v1Revoke(server, rotated.open_id, rotated.access_token), undefined, 'revoke before EOL');

  // Tokens obtained before end of life, to be used after it (v1 access tokens live 24 h).
  const forUserInfo = await v1Tokens(server, jar, legacyApp, WEB_URI);
  const forRefresh = await v1Tokens(server, jar, legacyApp, WEB_URI);
  const forRevoke = await v1Tokens(server, jar, legacyApp, WEB_URI);
  const mobile = await v1Tokens(server, jar, legacyApp, ANDROID_URI);
  // A code obtained two minutes before end of life (codes live 10 minutes).
  await setClock(server, EOL_DATE - 120);
  const { code } = await v1Code(server, jar, legacyApp, WEB_URI);

  // An hour after end of life.
  await setClock(server, EOL_DATE + 60);
  assertV1Error(await v1AccessToken(server, legacyApp, code), 10004, 'token for a pre-EOL web code after EOL');
  await setClock(server, EOL_DATE + 3600);
  jar = (await server.newSignedInUser()).jar;
  for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
    await assertAuthorizeRefused(jar, legacyApp, WEB_URI, base, '2024-02-29');
  }
  assertV1Error(await v1Refresh(server, legacyApp, forRefresh.refresh_token), 10004, 'refresh of a pre-EOL web token after EOL');
  assertV1Error(await v1Revoke(server, forRevoke.open_id, forRevoke.access_token), 10004, 'revoke of a pre-EOL web token after EOL');
  assertV1UserInfoError(await v1UserInfo(server, { access_token: forUserInfo.access_token, fields: ['open_id'] }), 10004);

  // A mobile grant from before end of life keeps working.
  assertV1UserInfoOk(await v1UserInfo(server, { access_token: mobile.access_token, fields: ['open_id'] }), 'pre-EOL android token after EOL');
  assertV1TokenSuccess(await v1Refresh(server, legacyApp, mobile.refresh_token), { what: 'pre-EOL android refresh after EOL' });

  // v2 works for the same app.
  const v2 = await server.obtainTokens(jar, legacyApp, { redirect_uri: V2_URI });
  assert.match(v2.access_token, /^act\./);
});

test('mobile (Android and iOS) v1 flows keep working after the web end of life', async () => {
  const { jar } = await atDate(server, EOL_DATE + 10 * DAY);
  for (const uri of [ANDROID_URI, IOS_URI]) {
    const t = await v1Tokens(server, jar, legacyApp, uri, { extra: { disable_auto_auth: '1' } });
    assertV1UserInfoOk(await v1UserInfo(server, { access_token: t.access_token, fields: ['open_id', 'display_name'] }), `user info ${uri}`);
    const t2 = assertV1TokenSuccess(await v1Refresh(server, legacyApp, t.refresh_token), { what: `refresh ${uri}` });
    assertV1Success(await v1Revoke(server, t2.open_id, t2.access_token), undefined, `revoke ${uri}`);
    assert.equal(await v1AccessWorks(server, t2.access_token), false);
  }
  // Web is still refused on the same app.
  await assertAuthorizeRefused(jar, legacyApp, `https://${WEB_DOMAIN}/cb`, V1_CONNECT, '2024-02-29');
});

test('an app created on or after 2023-05-12 is refused on v1 (authorize and token) while v2 works', async () => {
  await setClock(server, NEW_APPS_DATE - 60);
  const lastOld = await createLegacyApp(server, { domains: ['edge-old.example'], android: ['https://links.edge-old.example/android'] });
  await setClock(server, NEW_APPS_DATE);
  const newApp = await createLegacyApp(server, {
    domains: ['new-app.example'], // still allowed: before the domain freeze
    webUris: ['https://v2.new-app.example/callback'],
    android: ['https://links.new-app.example/android'],
  });
  const { jar } = await atDate(server, NEW_APPS_DATE + 3600);

  for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
    await assertAuthorizeRefused(jar, newApp, 'https://www.new-app.example/cb', base, '2023-05-12');
  }
  await assertAuthorizeRefused(jar, newApp, 'https://links.new-app.example/android', V1_AUTHORIZE, '2023-05-12');

  // v2 works for the new app.
  const v2 = await server.obtainTokens(jar, newApp, { redirect_uri: 'https://v2.new-app.example/callback' });
  const ui = await server.userinfo(v2.access_token, 'open_id');
  assert.equal(ui.status, 200, ui.text);

  // An app created a minute before the date may still use v1 (web and mobile).
  await v1Tokens(server, jar, lastOld, 'https://www.edge-old.example/cb');
  await v1Tokens(server, jar, lastOld, 'https://links.edge-old.example/android');

  // Token: the app itself may not use v1 at all (no v1 code can exist for it), so an
  // authenticated v1 token request is a policy refusal, not a code error.
  assertV1Error(await v1AccessToken(server, newApp, 'some-code-from-anywhere'), 10004, 'v1 token for an app created on/after 2023-05-12');
});

test('legacy redirect domains: added before 2023-06-12; after it adding is refused (legacy_domains_frozen) and removal allowed', async () => {
  await setClock(server, LEGACY_CREATED); // an old app, so v1 is allowed for it
  const app = await createLegacyApp(server, { domains: ['a.freeze.example'] });
  const { jar } = await atDate(server, FREEZE_DATE - 3600);
  const accepted = async (domain) => {
    const r = await server.get(server.authorizePath(v1Params(app, `https://www.${domain}/cb`, { disable_auto_auth: '1' }), V1_AUTHORIZE), { jar });
    if (r.status === 200 && server.parseConsent(r.text)) return true;
    assertErrorPage(r, `v1 authorize on ${domain}`);
    return false;
  };
  assert.equal(await accepted('a.freeze.example'), true, 'domain given at creation works');
  const add = await server.admin('POST', `/admin/v1/apps/${app.client_key}/legacy-domains`, { domain: 'b.freeze.example' });
  assert.equal(add.status, 200, `add before the freeze: ${add.text}`);
  assert.equal(await accepted('b.freeze.example'), true, 'domain added before the freeze works');

  await setClock(server, FREEZE_DATE + DAY);
  const frozen = await server.admin('POST', `/admin/v1/apps/${app.client_key}/legacy-domains`, { domain: 'c.freeze.example' });
  assert.equal(frozen.status, 400, `add after the freeze: ${frozen.text}`);
  assert.equal(frozen.body?.error, 'legacy_domains_frozen');
  assert.ok(Array.isArray(frozen.body.messages) && frozen.body.messages.length > 0, 'messages say why');
  const jar2 = (await server.newSignedInUser()).jar;
  const acceptedNow = async (domain) => {
    const r = await server.get(server.authorizePath(v1Params(app, `https://www.${domain}/cb`, { disable_auto_auth: '1' }), V1_AUTHORIZE), { jar: jar2 });
    if (r.status === 200 && server.parseConsent(r.text)) return true;
    assertErrorPage(r, `v1 authorize on ${domain}`);
    return false;
  };
  assert.equal(await acceptedNow('c.freeze.example'), false, 'the refused domain was not saved');

  const del = await server.admin('DELETE', `/admin/v1/apps/${app.client_key}/legacy-domains`, { domain: 'a.freeze.example' });
  assert.equal(del.status, 200, `removal after the freeze: ${del.text}`);
  assert.equal(await acceptedNow('a.freeze.example'), false, 'removed domain no longer accepted');
  assert.equal(await acceptedNow('b.freeze.example'), true, 'the other domain still works');

  // An app without legacy domains can still be created after the freeze.
  await createLegacyApp(server, { webUris: ['https://after-freeze.example/cb'] });
});

test('creating an app with legacy domains after 2023-06-12: 400 legacy_domains_frozen, nothing saved', async () => {
  await setClock(server, FREEZE_DATE + DAY);
  const name = `Frozen ${Date.now()}`;
  const r = await server.admin('POST', '/admin/v1/apps', {
    name,
    scopes: ['user.info.basic'],
    login_kit: true,
    web: true,
    legacy_domains: ['late.example'],
    redirect_uris: { web: ['https://late-v2.example/cb'] },
  });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body?.error, 'legacy_domains_frozen', r.text);
  const list = await server.adminOk('GET', '/admin/v1/apps');
  assert.ok(!list.apps.some((a) => a.name === name), 'nothing saved');
});

test('app JSON lists legacy_domains (create, add, remove)', async () => {
  await setClock(server, LEGACY_CREATED);
  const app = await createLegacyApp(server, { domains: ['json-a.example'] });
  assert.deepEqual(app.legacy_domains, ['json-a.example'], `POST /admin/v1/apps answer: ${JSON.stringify(app)}`);
  const added = await server.adminOk('POST', `/admin/v1/apps/${app.client_key}/legacy-domains`, { domain: 'json-b.example' }, 200);
  assert.deepEqual([...(added.legacy_domains ?? [])].sort(), ['json-a.example', 'json-b.example'], `add answer: ${JSON.stringify(added)}`);
  const removed = await server.adminOk('DELETE', `/admin/v1/apps/${app.client_key}/legacy-domains`, { domain: 'json-a.example' }, 200);
  assert.deepEqual(removed.legacy_domains, ['json-b.example'], `remove answer: ${JSON.stringify(removed)}`);
  const got = await server.adminOk('GET', `/admin/v1/apps/${app.client_key}`, undefined, 200);
  assert.deepEqual(got.legacy_domains, ['json-b.example'], `GET answer: ${JSON.stringify(got)}`);
});
