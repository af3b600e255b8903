// XSS attempts fail: user-supplied strings (an app name, a state parameter, a typed redirect URI)
// render as text on the consent page, the connected apps page and the portal; nothing injected runs
// (window.__pwned stays undefined) and no markup is created from them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT,
  assertRenderedAsText,
  authorizeUrl,
  browserAuthorize,
  browserSignIn,
  captureCallbacks,
  consentForm,
  launchBrowser,
  newContext,
  newDeveloper,
  portalAddRedirectUri,
  portalCreateApp,
  portalSignUp,
  shot,
  startServer,
  uriInputValues,
  visit,
  writeShotIndex,
} from './lib/e2e.mjs';

const EVIL = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
const SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats'];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  writeShotIndex('xss');
  await browser?.close();
  await server?.stop();
});

/** A context that records dialogs and page errors (an injected script could raise either). */
async function watchedContext() {
  const context = await newContext(browser);
  const incidents = [];
  context.on('page', (p) => {
    p.on('dialog', (d) => {
      incidents.push(`dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
  });
  return { context, incidents };
}

test('an app named with markup renders as text on the consent page and on connected apps', { timeout: TEST_TIMEOUT }, async (t) => {
  const app = await server.createApp({ name: EVIL, scopes: SCOPES, redirect_uris: { web: ['https://xss-app.example.com/callback'] } });
  const user = await server.createUser();
  const { context, incidents } = await watchedContext();
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();
  await browserSignIn(page, server, user);

  const evilState = `"><script>window.__pwned=4</script>`;
  await t.test('consent page', async () => {
    const params = server.authorizeParams(app, { scope: SCOPES.join(','), state: evilState });
    await visit(page, authorizeUrl(server, params));
    await consentForm(page).waitFor();
    await shot(page, 'xss-consent', 'consent page for an app named <script>…<img onerror>: shown as text');
    await assertRenderedAsText(page, EVIL, 'consent page');
    assert.equal(await consentForm(page).locator('input[name=state]').inputValue(), evilState, 'the state is kept verbatim in its hidden field');
  });

  await t.test('the callback still carries the state byte for byte', async () => {
    const cb = await browserAuthorize(page, server, callbacks, server.authorizeParams(app, { scope: SCOPES.join(','), state: evilState, disable_auto_auth: '1' }));
    assert.equal(cb.state, evilState);
    assert.ok(cb.code);
  });

  await t.test('connected apps page', async () => {
    await visit(page, server.url('/account/apps'));
    await shot(page, 'xss-connected-apps', 'connected apps listing the app named <script>… as text');
    await assertRenderedAsText(page, EVIL, 'connected apps');
    assert.equal(await page.locator('li', { hasText: EVIL }).count(), 1, 'one list item with the literal name');
  });
  assert.deepEqual(incidents, [], 'no dialog was opened');
  await context.close();
});

test('an app created in the portal with a markup name renders as text in the portal', { timeout: TEST_TIMEOUT }, async (t) => {
  const { context, incidents } = await watchedContext();
  const page = await context.newPage();
  const dev = newDeveloper();
  await portalSignUp(page, server, dev);
  let key;

  await t.test('creation page', async () => {
    ({ clientKey: key } = await portalCreateApp(page, server, EVIL, 'xss-portal-app-created'));
    await assertRenderedAsText(page, EVIL, 'portal creation page');
  });

  await t.test('app list', async () => {
    await visit(page, server.url('/portal/apps'));
    await shot(page, 'xss-portal-apps', 'portal app list with the app named <script>… as text');
    await assertRenderedAsText(page, EVIL, 'portal app list');
  });

  await t.test('app page', async () => {
    await visit(page, server.url(`/portal/apps/${encodeURIComponent(key)}`));
    await shot(page, 'xss-portal-app', 'portal app page of the app named <script>…');
    await assertRenderedAsText(page, EVIL, 'portal app page');
  });

  await t.test('a typed redirect URI with markup is echoed back as a field value, not markup', async () => {
    await server.adminOk('PUT', `/admin/v1/apps/${key}/login-kit`, { login_kit: true, web: true, require_pkce_web: false });
    await visit(page, server.url(`/portal/apps/${encodeURIComponent(key)}`));
    const typed = `https://x.example/cb?"><script>window.__pwned=3</script><img src=x onerror="window.__pwned=5">`;
    const r = await portalAddRedirectUri(page, 'web', typed);
    assert.equal(r.status, 400);
    await shot(page, 'xss-portal-redirect-uri-echo', 'invalid redirect URI containing markup, kept as the field value');
    const s = await page.evaluate(() => ({ pwned: window.__pwned, imgX: document.querySelectorAll('img[src="x"]').length }));
    assert.deepEqual(s, { pwned: undefined, imgX: 0 });
    assert.ok((await uriInputValues(page)).includes(typed), 'the typed value is kept verbatim');
  });

  await t.test('the consent page for this portal app shows the name as text', async () => {
    await server.adminOk('POST', `/admin/v1/apps/${key}/redirect-uris`, { platform: 'web', uri: 'https://xss-portal.example.com/cb' });
    const user = await server.createUser();
    const c2 = await newContext(browser);
    const p2 = await c2.newPage();
    await browserSignIn(p2, server, user);
    await visit(p2, authorizeUrl(server, { client_key: key, response_type: 'code', scope: 'user.info.basic', redirect_uri: 'https://xss-portal.example.com/cb', state: 's' }));
    await consentForm(p2).waitFor();
    await assertRenderedAsText(p2, EVIL, 'consent page (portal app)');
    await c2.close();
  });
  assert.deepEqual(incidents, [], 'no dialog was opened');
  await context.close();
});
