// End user in a real browser: authorize URL -> sign-in page -> consent page with one optional scope
// unticked -> redirect to the app with code, scopes and state -> token exchange -> user info ->
// Connected apps -> Disconnect -> the app's access and refresh tokens stop working.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT,
  accessWorks,
  assertTokenError,
  assertUserinfoError,
  authorizeUrl,
  captureCallbacks,
  consentForm,
  decide,
  lastCallback,
  launchBrowser,
  newContext,
  pathOf,
  shot,
  signInOnPage,
  startServer,
  stepper,
  submit,
  uniq,
  visit,
  writeShotIndex,
} from './lib/e2e.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  writeShotIndex('end_user_flow');
  await browser?.close();
  await server?.stop();
});

const ALL = ['user.info.basic', 'user.info.profile', 'user.info.stats'];

test('end user: sign in, consent with user.info.stats unticked, token, disconnect revokes', { timeout: TEST_TIMEOUT }, async (t) => {
  const app = await server.createApp({
    name: 'Photo Frame',
    scopes: ALL,
    redirect_uris: { web: ['https://photoframe.example.com/oauth/callback'] },
  });
  const user = await server.createUser({ display_name: 'Ada Lovelace', follower_count: 42, likes_count: 7 });
  const context = await newContext(browser);
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();
  const step = stepper(t, () => page, 'end-user');

  const state = `st-${uniq('')}~.:/ ok`;
  const params = {
    client_key: app.client_key,
    response_type: 'code',
    scope: ALL.join(','),
    redirect_uri: app.redirect_uris.web[0],
    state,
  };
  let cb;
  let tokens;

  await step('the authorize URL without a session redirects to the sign-in page', async () => {
    const r = await visit(page, authorizeUrl(server, params));
    assert.equal(r.status, 302, 'GET authorize without a session -> 302');
    assert.equal(pathOf(page).replace(/\/$/, ''), '/account/signin');
    const next = new URL(page.url()).searchParams.get('next');
    assert.ok(next && next.startsWith('/v2/auth/authorize'), `next is the authorize path+query (got ${next})`);
    await shot(page, 'user-signin', 'end-user sign-in page (reached from the authorize URL)');
  });

  await step('wrong password shows the sign-in form again (401)', async () => {
    const r = await signInOnPage(page, user.username, 'not-the-password');
    assert.equal(r.status, 401, `POST /account/signin with a wrong password -> ${r.status}`);
    assert.ok(await page.locator('form[action$="/account/signin"] [name=password]').count(), 'the form is shown again');
    await shot(page, 'user-signin-wrong-password', 'sign-in page after a wrong password (401)');
  });

  await step('signing in leads to the consent page', async () => {
    const r = await signInOnPage(page, user.username, user.password);
    assert.equal(r.status, 303, `POST /account/signin -> ${r.status}`);
    assert.match(pathOf(page), /^\/v2\/auth\/authorize\/?$/);
    await consentForm(page).waitFor();
    await shot(page, 'user-consent', 'consent page: app name, scopes with descriptions, optional scopes ticked');
  });

  await step('the consent page names the app, lists the scopes, optional scopes are ticked toggles', async () => {
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('Photo Frame'), 'the app name is shown');
    for (const s of ['user.info.profile', 'user.info.stats']) {
      const box = consentForm(page).locator(`input[type=checkbox][name=granted][value="${s}"]`);
      assert.equal(await box.count(), 1, `one checkbox for ${s}`);
      assert.ok(await box.isChecked(), `${s} is ticked by default`);
    }
    assert.equal(await consentForm(page).locator('input[name=granted][value="user.info.basic"]:not([disabled])').count(), 0, 'user.info.basic is not an optional toggle');
    assert.equal(await consentForm(page).locator('[name=decision][value=approve]').count(), 1, 'an approve button');
    assert.equal(await consentForm(page).locator('[name=decision][value=deny]').count(), 1, 'a deny button');
  });

  await step('untick user.info.stats and approve: redirect with code, scopes without stats, state', async () => {
    await consentForm(page).locator('input[name=granted][value="user.info.stats"]').uncheck();
    await shot(page, 'user-consent-stats-unticked', 'consent page with user.info.stats unticked');
    const r = await decide(page, 'approve');
    assert.equal(r.method, 'POST');
    cb = lastCallback(callbacks);
    await shot(page, 'user-app-callback', 'stand-in page for the app redirect URI (shows the callback URL)');
    assert.equal(cb.status, 302, 'consent POST answers 302');
    assert.equal(`${cb.url.origin}${cb.url.pathname}`, app.redirect_uris.web[0], 'redirects to the registered URI');
    assert.match(cb.code ?? '', /^[A-Za-z0-9\-._~]+$/, 'code is present and URL-safe');
    assert.deepEqual((cb.scopes ?? '').split(',').sort(), ['user.info.basic', 'user.info.profile'], `scopes param (got ${cb.scopes})`);
    assert.equal(cb.state, state, 'state echoed byte for byte');
    assert.equal(cb.params.get('iss'), null, 'no iss parameter');
  });

  await step('the code exchanges for tokens at /v2/oauth/token/ and the token works at /v2/user/info/', async () => {
    const r = await server.exchangeCode(app, cb.code, app.redirect_uris.web[0]);
    assert.equal(r.status, 200, r.text);
    tokens = r.body;
    assert.ok(tokens?.access_token?.startsWith('act.'), `token answer: ${r.text}`);
    assert.deepEqual(tokens.scope.split(',').sort(), ['user.info.basic', 'user.info.profile']);
    const info = await server.userinfo(tokens.access_token, 'open_id,display_name,follower_count');
    assert.equal(info.status, 200, info.text);
    assert.equal(info.body.data.user.display_name, 'Ada Lovelace');
    assert.equal(info.body.data.user.open_id, tokens.open_id);
    assert.equal(info.body.data.user.follower_count, undefined, 'user.info.stats was not granted: follower_count left out');
  });

  await step('Connected apps lists the app; Disconnect removes it', async () => {
    await visit(page, server.url('/account/apps'));
    const item = page.locator('li', { hasText: 'Photo Frame' });
    assert.equal(await item.count(), 1, 'the app is listed once');
    await shot(page, 'user-connected-apps', 'connected apps page with the app and its Disconnect button');
    const r = await submit(page, item.getByRole('button', { name: /disconnect/i }));
    assert.equal(r.method, 'POST');
    assert.ok(r.status === 303 || r.status === 302 || r.status === 200, `POST /account/apps/disconnect -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== '/account/apps') await visit(page, server.url('/account/apps'));
    await shot(page, 'user-connected-apps-after-disconnect', 'connected apps page after Disconnect');
    assert.equal(await page.locator('li', { hasText: 'Photo Frame' }).count(), 0, 'the app is no longer listed');
  });

  await step('after Disconnect the access token is refused (401 access_token_invalid) and the refresh token too (invalid_grant)', async () => {
    const info = await server.userinfo(tokens.access_token, 'open_id');
    assertUserinfoError(info, 'access_token_invalid', 401);
    assert.equal(await accessWorks(server, tokens.access_token), false);
    const r = await server.refresh(app, tokens.refresh_token);
    assertTokenError(r, 'invalid_grant');
  });

  await step('Deny on the consent page redirects with error=access_denied and the state', async () => {
    const before = callbacks.length;
    await visit(page, authorizeUrl(server, { ...params, disable_auto_auth: '1', state: 'deny-state' }));
    assert.equal(callbacks.length, before, 'consent page shown (no auto-approval after disconnect)');
    await decide(page, 'deny');
    const d = lastCallback(callbacks);
    assert.equal(d.params.get('error'), 'access_denied');
    assert.equal(d.state, 'deny-state');
    assert.equal(d.code, null);
  });

  await context.close();
});
