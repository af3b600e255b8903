// Usable without a mouse and at phone width:
// - the sign-in form (end user and portal) and the consent page can be completed with the keyboard
//   only (Tab, typing, Space, Enter);
// - at a 375-px-wide viewport no page scrolls horizontally
//   (document.documentElement.scrollWidth <= 375);
// - every visible form field has a label.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT,
  authorizeUrl,
  captureCallbacks,
  consentForm,
  lastCallback,
  launchBrowser,
  newContext,
  newDeveloper,
  newPhoneContext,
  pathOf,
  portalAddRedirectUri,
  portalAddLoginKit,
  portalCreateApp,
  portalSetWeb,
  portalSignUp,
  rotateConfirmButton,
  scrollWidth,
  shot,
  signInOnPage,
  startServer,
  submit,
  unlabelledFields,
  visit,
  writeShotIndex,
} from './lib/e2e.mjs';

const SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats'];
const LONG_URI = 'https://photoframe.example.com/integrations/loginkit/oauth2/v2/callback/handler/for/the/web/client/with/a/long/path';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  writeShotIndex('keyboard_phone');
  await browser?.close();
  await server?.stop();
});

/** Presses Tab until the focused element matches selector (at most max presses). */
async function tabTo(page, selector, max = 25) {
  for (let i = 0; i <= max; i++) {
    if (await page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return i;
    await page.keyboard.press('Tab');
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert.fail(`could not reach ${selector} with Tab (focus is on ${active})`);
}

async function focused(page, selector) {
  return page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector);
}

test('keyboard only: end-user sign-in and consent', { timeout: TEST_TIMEOUT }, async (t) => {
  const app = await server.createApp({ name: 'Keyboard App', scopes: SCOPES, redirect_uris: { web: ['https://keyboard.example.com/cb'] } });
  const user = await server.createUser();
  const context = await newContext(browser);
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();

  await t.test('sign-in form: Tab + typing + Enter', async () => {
    await visit(page, authorizeUrl(server, server.authorizeParams(app, { scope: SCOPES.join(','), state: 'kb' })));
    assert.equal(pathOf(page).replace(/\/$/, ''), '/account/signin');
    await tabTo(page, 'input[name=username]');
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    assert.ok(await focused(page, 'input[name=password]'), 'Tab moves from username to password');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Tab');
    assert.ok(await focused(page, 'button[type=submit], input[type=submit], button:not([type])'), 'Tab moves from password to the submit button');
    await shot(page, 'keyboard-signin-filled', 'sign-in form filled with the keyboard, focus on the submit button');
    const [nav] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.ok(nav);
    assert.match(pathOf(page), /^\/v2\/auth\/authorize\/?$/, 'signed in: on the consent page');
  });

  await t.test('consent page: Tab to the optional scope, Space unticks it, Enter on Authorize', async () => {
    await consentForm(page).waitFor();
    await tabTo(page, 'input[name=granted][value="user.info.stats"]');
    await page.keyboard.press('Space');
    assert.equal(await consentForm(page).locator('input[name=granted][value="user.info.stats"]').isChecked(), false, 'Space unticks the checkbox');
    await tabTo(page, '[name=decision][value=approve]');
    await shot(page, 'keyboard-consent', 'consent page operated by keyboard: stats unticked, focus on Authorize');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    const cb = lastCallback(callbacks);
    assert.ok(cb.code, 'a code came back');
    assert.deepEqual(cb.scopes.split(',').sort(), ['user.info.basic', 'user.info.profile']);
    assert.equal(cb.state, 'kb');
  });
  await context.close();
});

test('keyboard only: portal sign-in', { timeout: TEST_TIMEOUT }, async () => {
  const dev = newDeveloper();
  await server.createDeveloper({ email: dev.email, password: dev.password, name: dev.name });
  const context = await newContext(browser);
  const page = await context.newPage();
  const g = await visit(page, server.url('/portal/signin'));
  assert.equal(g.status, 200, `GET /portal/signin -> ${g.status}`);
  await tabTo(page, 'input[name=email]');
  await page.keyboard.type(dev.email);
  await page.keyboard.press('Tab');
  assert.ok(await focused(page, 'input[name=password]'), 'Tab moves from email to password');
  await page.keyboard.type(dev.password);
  await shot(page, 'keyboard-portal-signin', 'portal sign-in form filled with the keyboard');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  assert.equal(pathOf(page).replace(/\/$/, ''), '/portal/apps', 'Enter in the password field signs in');
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// Phone width: visit pages in a 375-px phone context; record scroll width and unlabelled fields.
// ---------------------------------------------------------------------------------------------

async function record(page, name, description, results) {
  await shot(page, name, `375 px: ${description}`);
  results.push({ name, url: page.url(), width: await scrollWidth(page), unlabelled: await unlabelledFields(page) });
}

function assertPhone(t, results) {
  return Promise.all([
    t.test('no horizontal scroll at 375 px', () => {
      const wide = results.filter((r) => r.width > 375).map((r) => `${r.name} (${r.url}): scrollWidth ${r.width}`);
      assert.deepEqual(wide, [], 'pages wider than 375 px');
    }),
    t.test('every form field has a label', () => {
      const bad = results.filter((r) => r.unlabelled.length).map((r) => `${r.name}: ${r.unlabelled.join(' | ')}`);
      assert.deepEqual(bad, [], 'unlabelled fields');
    }),
  ]);
}

test('phone width (375 px): end-user pages', { timeout: TEST_TIMEOUT }, async (t) => {
  const app = await server.createApp({ name: 'Photo Frame for Families', scopes: SCOPES, redirect_uris: { web: [LONG_URI] } });
  const user = await server.createUser();
  const context = await newPhoneContext(browser);
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();
  const results = [];

  await visit(page, authorizeUrl(server, server.authorizeParams(app, { scope: SCOPES.join(','), state: 'phone' })));
  await record(page, 'phone-user-signin', 'end-user sign-in page', results);
  await signInOnPage(page, user.username, 'wrong-password');
  await record(page, 'phone-user-signin-error', 'end-user sign-in page after a wrong password', results);
  const r = await signInOnPage(page, user.username, user.password);
  assert.equal(r.status, 303);
  await consentForm(page).waitFor();
  await record(page, 'phone-user-consent', 'consent page (long redirect URI)', results);
  await submit(page, consentForm(page).locator('[name=decision][value=approve]'));
  assert.ok(lastCallback(callbacks).code);
  await visit(page, server.url('/account/apps'));
  await record(page, 'phone-user-connected-apps', 'connected apps page', results);
  await visit(page, authorizeUrl(server, { client_key: 'lk-unknown-client', response_type: 'code', scope: 'user.info.basic', redirect_uri: 'https://evil.example.com/cb' }));
  await record(page, 'phone-user-authorize-error', 'authorize error page (unknown client_key, no redirect)', results);

  await assertPhone(t, results);
  await context.close();
});

test('phone width (375 px): portal pages', { timeout: TEST_TIMEOUT }, async (t) => {
  const context = await newPhoneContext(browser);
  const page = await context.newPage();
  const results = [];
  const dev = newDeveloper();

  await visit(page, server.url('/portal/signin'));
  await record(page, 'phone-portal-signin', 'portal sign-in page', results);
  await visit(page, server.url('/portal/signup'));
  await record(page, 'phone-portal-signup', 'portal sign-up page', results);
  await portalSignUp(page, server, dev);
  await record(page, 'phone-portal-apps-empty', 'portal app list (empty) with the create form', results);
  const { clientKey } = await portalCreateApp(page, server, 'Photo Frame for Families');
  await record(page, 'phone-portal-app-created', 'app created page with the client secret', results);
  const appUrl = server.url(`/portal/apps/${encodeURIComponent(clientKey)}`);
  await visit(page, server.url('/portal/apps'));
  await record(page, 'phone-portal-apps', 'portal app list with one app', results);
  await visit(page, appUrl);
  await portalAddLoginKit(page);
  await visit(page, appUrl);
  await portalSetWeb(page, true);
  await visit(page, appUrl);
  await record(page, 'phone-portal-app-banner', 'app page with the redirect-URI banner', results);
  await portalAddRedirectUri(page, 'web', 'http://x.example/cb?a=1#f');
  await record(page, 'phone-portal-redirect-uri-errors', 'app page with inline redirect URI rule messages', results);
  await visit(page, appUrl);
  await portalAddRedirectUri(page, 'web', LONG_URI);
  await visit(page, appUrl);
  await record(page, 'phone-portal-app', 'app page with a long web redirect URI', results);
  await visit(page, `${appUrl}/rotate-secret`);
  await record(page, 'phone-portal-rotate-confirm', 'rotate-secret confirmation page', results);
  const done = await submit(page, await rotateConfirmButton(page));
  assert.equal(done.status, 200);
  await record(page, 'phone-portal-rotate-done', 'new secret page', results);

  await assertPhone(t, results);
  await context.close();
});
