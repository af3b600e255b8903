// Developer journey in the portal, in a real browser: sign up, create an app (secret shown once),
// add Login Kit, turn Configure for Web on, see the redirect-URI banner, get inline rule messages
// for an invalid redirect URI (nothing saved), add a valid one (banner gone), edit it, rotate the
// secret through its confirmation step, desktop redirect URI rules, remove, sign out and in again,
// and finally the app made in the portal completes a v2 code flow with its rotated secret.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RULES,
  TEST_TIMEOUT,
  assertRuleMessages,
  fieldErrors,
  formByAction,
  launchBrowser,
  loginKitForm,
  newContext,
  newDeveloper,
  pathOf,
  portalAddLoginKit,
  portalAddRedirectUri,
  portalCreateApp,
  portalEditRedirectUri,
  portalRemoveRedirectUri,
  portalSetWeb,
  portalSignIn,
  portalSignUp,
  readClientKey,
  readSecret,
  rotateConfirmButton,
  shot,
  startServer,
  stepper,
  submit,
  submitButtons,
  submitForm,
  uriInputValues,
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
  writeShotIndex('developer_journey');
  await browser?.close();
  await server?.stop();
});

/** The app as the admin API sees it (the source of truth for "nothing saved"). */
async function adminApp(key) {
  const r = await server.admin('GET', `/admin/v1/apps/${encodeURIComponent(key)}`);
  assert.equal(r.status, 200, `admin GET app -> ${r.status} ${r.text}`);
  return r.body;
}

/** client_credentials with a secret: true if accepted. */
async function secretWorks(key, secret) {
  const r = await server.token({ client_key: key, client_secret: secret, grant_type: 'client_credentials' });
  if (r.body?.access_token) return true;
  assert.equal(r.body?.error, 'invalid_client', `client_credentials answered neither a token nor invalid_client: ${r.status} ${r.text}`);
  return false;
}

/** True when the page shows the URI, as text or as the value of an (edit) field. */
async function uriShown(page, uri) {
  if ((await page.locator('body').innerText()).includes(uri)) return true;
  return (await page.locator('input').evaluateAll((els) => els.map((e) => e.value))).includes(uri);
}

async function bannerCount(page) {
  return page.locator('.banner', { hasText: /redirect URI/i }).count();
}

test('developer journey in the portal', { timeout: TEST_TIMEOUT }, async (t) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const step = stepper(t, () => page, 'portal');
  const dev = newDeveloper();
  const appName = 'Sunset Photos';
  let key;
  let secret;
  let newSecret;
  const webUri = 'https://sunset-photos.example.com/auth/callback';
  const webUri2 = 'https://sunset-photos.example.com/auth/callback2';
  const appPath = () => `/portal/apps/${encodeURIComponent(key)}`;

  await step('sign up in the portal', async () => {
    await portalSignUp(page, server, dev, 'portal-signup');
    await shot(page, 'portal-apps-empty', 'portal app list after sign-up (no apps yet) with the create form');
    const cookie = (await context.cookies()).find((c) => c.name === 'lk_dev');
    assert.ok(cookie, 'sign-up sets the lk_dev cookie');
    assert.equal(cookie.httpOnly, true, 'lk_dev is HttpOnly');
    assert.equal(cookie.sameSite, 'Lax', 'lk_dev is SameSite=Lax');
  });

  await step('create an app: the creation page shows the client key and the secret once', async () => {
    ({ clientKey: key, clientSecret: secret } = await portalCreateApp(page, server, appName, 'portal-app-created'));
    assert.ok(secret.length >= 16, `secret looks like a secret (${secret.length} chars)`);
    assert.equal(await secretWorks(key, secret), true, 'the shown secret authenticates the app (client_credentials)');
    const a = await adminApp(key);
    assert.equal(a.name, appName);
    assert.equal(a.developer, dev.email, 'the app belongs to the signed-up developer');
  });

  await step('the app list links to the app; the app page shows the key but never the secret', async () => {
    await visit(page, server.url('/portal/apps'));
    await shot(page, 'portal-apps', 'portal app list with the new app');
    const link = page.locator(`a[href*="/portal/apps/${key}"]`);
    assert.ok(await link.count(), 'the list links to the app page');
    assert.ok((await page.locator('body').innerText()).includes(appName), 'the list shows the app name');
    assert.ok(!(await page.content()).includes(secret), 'the list does not contain the secret');
    await submit(page, link.first());
    assert.equal(pathOf(page).replace(/\/$/, ''), appPath());
    await shot(page, 'portal-app', 'app page before Login Kit (client key, scopes, products; no secret)');
    assert.equal((await page.locator('#client-key').innerText()).trim(), key, '#client-key shows the key');
    assert.ok(!(await page.content()).includes(secret), 'the app page does not contain the secret');
    assert.ok(!(await page.locator('body').innerText()).includes(secret));
  });

  await step('choose scopes on the app page', async () => {
    const form = formByAction(page, '/scopes');
    assert.ok(await form.count(), 'the app page has a scopes form');
    for (const sc of ['user.info.profile', 'user.info.stats']) await form.locator(`input[name=scope][value="${sc}"]`).check();
    const r = await submitForm(page, form.first());
    assert.ok([200, 302, 303].includes(r.status), `POST scopes -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-app-scopes', 'app page after saving scopes (basic, profile, stats)');
    assert.deepEqual([...(await adminApp(key)).scopes].sort(), ['user.info.basic', 'user.info.profile', 'user.info.stats']);
    for (const sc of ['user.info.profile', 'user.info.stats']) {
      assert.ok(await page.locator(`input[name=scope][value="${sc}"]`).isChecked(), `${sc} shown as ticked`);
    }
  });

  await step('add Login Kit', async () => {
    const r = await portalAddLoginKit(page);
    assert.ok([200, 302, 303].includes(r.status), `POST login-kit action=add -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-app-login-kit', 'app page after adding Login Kit');
    assert.equal((await adminApp(key)).login_kit, true, 'Login Kit is on');
    assert.ok(await loginKitForm(page, 'web').count(), 'the Configure for Web toggle is shown');
  });

  await step('turn Configure for Web on: the banner asks for a redirect URI', async () => {
    const r = await portalSetWeb(page, true);
    assert.ok([200, 302, 303].includes(r.status), `POST login-kit action=web -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-app-banner', 'app page with Configure for Web on and the "add a redirect URI" banner');
    assert.equal((await adminApp(key)).web, true, 'web is on');
    assert.equal(await bannerCount(page), 1, 'a .banner mentioning "redirect URI" is shown');
    assert.ok(await page.locator('.banner').first().isVisible(), 'the banner is visible');
  });

  await step('an invalid web redirect URI shows each broken rule inline and saves nothing', async () => {
    const bad = 'http://x.example/cb?a=1#f';
    const r = await portalAddRedirectUri(page, 'web', bad);
    assert.equal(r.status, 400, `POST redirect-uris with ${bad} -> ${r.status}`);
    await shot(page, 'portal-redirect-uri-errors', 'inline rule messages for http://x.example/cb?a=1#f (https, query, fragment)');
    const errors = await fieldErrors(page);
    assertRuleMessages(errors, [RULES.https, RULES.query, RULES.fragment]);
    assert.ok((await uriInputValues(page)).includes(bad), 'the typed value is kept in the field');
    assert.deepEqual((await adminApp(key)).redirect_uris.web, [], 'nothing saved');
    assert.equal(await bannerCount(page), 1, 'the banner is still shown');
  });

  await step('a valid web redirect URI is saved and the banner disappears', async () => {
    await visit(page, server.url(appPath()));
    const r = await portalAddRedirectUri(page, 'web', webUri);
    assert.ok([200, 302, 303].includes(r.status), `POST redirect-uris -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-redirect-uri-added', 'app page with one web redirect URI, no banner');
    assert.deepEqual((await adminApp(key)).redirect_uris.web, [webUri]);
    assert.ok(await uriShown(page, webUri), 'the URI is listed');
    assert.equal(await bannerCount(page), 0, 'the banner is gone');
    assert.equal(await page.locator('.field-error').count(), 0, 'no error shown');
  });

  await step('editing the URI to an invalid value shows the rule inline and keeps the old URI', async () => {
    const bad = 'https://sunset-photos.example.com/auth/callback?x';
    const r = await portalEditRedirectUri(page, 'web', webUri, bad);
    assert.equal(r.status, 400, `POST redirect-uris/edit with a query -> ${r.status}`);
    await shot(page, 'portal-redirect-uri-edit-error', 'edit of a redirect URI refused inline (query)');
    assertRuleMessages(await fieldErrors(page), [RULES.query]);
    assert.ok((await uriInputValues(page)).includes(bad), 'the typed value is kept');
    assert.deepEqual((await adminApp(key)).redirect_uris.web, [webUri], 'nothing changed');
  });

  await step('editing the URI to a valid value replaces it', async () => {
    await visit(page, server.url(appPath()));
    const r = await portalEditRedirectUri(page, 'web', webUri, webUri2);
    assert.ok([200, 302, 303].includes(r.status), `POST redirect-uris/edit -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-redirect-uri-edited', 'app page after editing the web redirect URI');
    assert.deepEqual((await adminApp(key)).redirect_uris.web, [webUri2]);
    assert.equal(await bannerCount(page), 0);
  });

  await step('rotate the secret: a confirmation step first, then the new secret once', async () => {
    await visit(page, server.url(appPath()));
    const trigger = page
      .locator(`a[href$="/rotate-secret"], a[href$="/rotate-secret/"]`)
      .or(formByAction(page, '/rotate-secret').locator('button, input[type=submit]'));
    assert.ok(await trigger.count(), 'the app page links to the rotate-secret confirmation');
    const g = await submit(page, trigger.first());
    assert.equal(g.method, 'GET', 'the first click only asks for confirmation (GET)');
    assert.equal(g.status, 200);
    assert.match(pathOf(page), /\/rotate-secret\/?$/);
    await shot(page, 'portal-rotate-confirm', 'rotate-secret confirmation page');
    assert.equal(await secretWorks(key, secret), true, 'the old secret still works before confirming');
    const r = await submit(page, await rotateConfirmButton(page));
    assert.equal(r.method, 'POST');
    assert.equal(r.status, 200, `POST rotate-secret -> ${r.status}`);
    await shot(page, 'portal-rotate-done', 'new client secret shown once after rotation');
    newSecret = await readSecret(page);
    assert.ok(newSecret, 'a new secret is shown');
    assert.notEqual(newSecret, secret, 'the new secret differs from the old one');
    assert.equal(await secretWorks(key, newSecret), true, 'the new secret works');
    assert.equal(await secretWorks(key, secret), false, 'the old secret no longer works');
    await visit(page, server.url(appPath()));
    assert.ok(!(await page.content()).includes(newSecret), 'the app page does not show the new secret');
  });

  await step('desktop redirect URI rules are explained inline (localhost/127.0.0.1 and a port)', async () => {
    const bad = 'http://x.example/cb';
    const r = await portalAddRedirectUri(page, 'desktop', bad);
    assert.equal(r.status, 400, `POST redirect-uris desktop ${bad} -> ${r.status}`);
    await shot(page, 'portal-desktop-uri-errors', 'inline rule messages for desktop URI http://x.example/cb');
    assertRuleMessages(await fieldErrors(page), [RULES.desktopHost, RULES.desktopPort]);
    assert.ok((await uriInputValues(page)).includes(bad), 'the typed value is kept');
    assert.deepEqual((await adminApp(key)).redirect_uris.desktop ?? [], [], 'nothing saved');

    await visit(page, server.url(appPath()));
    const bad2 = 'ftp://localhost/cb?x#y';
    const r2 = await portalAddRedirectUri(page, 'desktop', bad2);
    assert.equal(r2.status, 400);
    await shot(page, 'portal-desktop-uri-errors-2', 'inline rule messages for desktop URI ftp://localhost/cb?x#y');
    assertRuleMessages(await fieldErrors(page), [RULES.desktopScheme, RULES.desktopPort, RULES.query, RULES.fragment]);
    assert.deepEqual((await adminApp(key)).redirect_uris.desktop ?? [], [], 'nothing saved');
  });

  const desktopUri = 'http://127.0.0.1:8765/callback';
  const desktopAnyPort = 'http://localhost:*/callback';

  await step('a valid desktop redirect URI (fixed port) is saved', async () => {
    await visit(page, server.url(appPath()));
    const r = await portalAddRedirectUri(page, 'desktop', desktopUri);
    assert.ok([200, 302, 303].includes(r.status), `POST redirect-uris desktop ${desktopUri} -> ${r.status} ${JSON.stringify(await fieldErrors(page))}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-desktop-uri-added', 'app page with web and desktop redirect URIs');
    assert.deepEqual((await adminApp(key)).redirect_uris.desktop, [desktopUri]);
  });

  await step(
    'a desktop redirect URI with the * port (http://localhost:*/callback) can be added in the browser',
    async () => {
      await visit(page, server.url(appPath()));
      const r = await portalAddRedirectUri(page, 'desktop', desktopAnyPort);
      assert.ok([200, 302, 303].includes(r.status), `POST redirect-uris desktop ${desktopAnyPort} -> ${r.status} ${JSON.stringify(await fieldErrors(page))}`);
      if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
      await shot(page, 'portal-desktop-uri-any-port', 'app page with a desktop redirect URI using the * port');
      assert.deepEqual((await adminApp(key)).redirect_uris.desktop, [desktopUri, desktopAnyPort]);
    },
    { independent: true },
  );

  await step(
    'a relative web redirect URI gets the "must be absolute" rule message inline',
    async () => {
      await visit(page, server.url(appPath()));
      const bad = '/auth/callback';
      const r = await portalAddRedirectUri(page, 'web', bad);
      assert.equal(r.status, 400, `POST redirect-uris ${bad} -> ${r.status}`);
      await shot(page, 'portal-redirect-uri-relative-error', 'inline rule message for a relative redirect URI');
      assertRuleMessages(await fieldErrors(page), [RULES.absolute]);
      assert.deepEqual((await adminApp(key)).redirect_uris.web, [webUri2], 'nothing saved');
    },
    { independent: true },
  );

  await step(
    'a 520-character web redirect URI gets the "shorter than 512 characters" rule message inline',
    async () => {
      await visit(page, server.url(appPath()));
      const base = 'https://sunset-photos.example.com/';
      const bad = base + 'a'.repeat(520 - base.length);
      const r = await portalAddRedirectUri(page, 'web', bad);
      assert.equal(r.status, 400, `POST redirect-uris (520 chars) -> ${r.status}`);
      await shot(page, 'portal-redirect-uri-too-long-error', 'inline rule message for a 520-character redirect URI');
      assertRuleMessages(await fieldErrors(page), [RULES.short]);
      assert.deepEqual((await adminApp(key)).redirect_uris.web, [webUri2], 'nothing saved');
    },
    { independent: true },
  );

  await step(
    'Android and iOS redirect URIs: http is refused inline, https is saved',
    async () => {
      for (const platform of ['android', 'ios']) {
        await visit(page, server.url(appPath()));
        const bad = `http://sunset-photos.example.com/${platform}/cb`;
        const r = await portalAddRedirectUri(page, platform, bad);
        assert.equal(r.status, 400, `POST redirect-uris ${platform} ${bad} -> ${r.status}`);
        await shot(page, `portal-${platform}-uri-error`, `inline rule message for an http ${platform} redirect URI`);
        assertRuleMessages(await fieldErrors(page), [RULES.https]);
        assert.deepEqual((await adminApp(key)).redirect_uris[platform], [], 'nothing saved');
        await visit(page, server.url(appPath()));
        const good = `https://sunset-photos.example.com/${platform}/cb`;
        const ok = await portalAddRedirectUri(page, platform, good);
        assert.ok([200, 302, 303].includes(ok.status), `POST redirect-uris ${platform} ${good} -> ${ok.status}`);
        assert.deepEqual((await adminApp(key)).redirect_uris[platform], [good]);
      }
      await visit(page, server.url(appPath()));
      await shot(page, 'portal-mobile-uris-added', 'app page with web, desktop, Android and iOS redirect URIs');
    },
    { independent: true },
  );

  await step('the app made in the portal completes a v2 code flow with its rotated secret', async () => {
    const user = await server.createUser();
    const jar = await server.signIn(user.username, user.password);
    const app = { client_key: key, client_secret: newSecret, redirect_uris: { web: [webUri2] } };
    const tokens = await server.obtainTokens(jar, app, { scope: 'user.info.basic,user.info.profile' });
    assert.ok(tokens.access_token.startsWith('act.'));
    assert.deepEqual(tokens.scope.split(',').sort(), ['user.info.basic', 'user.info.profile']);
  });

  await step(
    'migration panel with an SVG chart; legacy redirect domains cannot be added after the freeze date',
    async () => {
      await visit(page, server.url(appPath()));
      assert.equal(await page.locator('#migration').count(), 1, 'a #migration panel');
      assert.equal(await page.locator('#migration svg#v1-chart').count(), 1, 'an inline svg#v1-chart in the panel');
      assert.match(await page.locator('#migration').innerText(), /migrated|at risk|cut off/, 'the panel states the status');
      assert.equal(await formByAction(page, '/legacy-domains').count(), 0, 'no add-legacy-domain form after the freeze date');
    },
    { independent: true },
  );

  await step('removing the only web redirect URI brings the banner back', async () => {
    await visit(page, server.url(appPath()));
    const r = await portalRemoveRedirectUri(page, 'web', webUri2);
    assert.ok([200, 302, 303].includes(r.status), `POST redirect-uris/remove -> ${r.status}`);
    if (pathOf(page).replace(/\/$/, '') !== appPath()) await visit(page, server.url(appPath()));
    await shot(page, 'portal-redirect-uri-removed', 'app page after removing the web redirect URI: banner back');
    assert.deepEqual((await adminApp(key)).redirect_uris.web, []);
    assert.equal(await bannerCount(page), 1, 'the banner is shown again');
  });

  await step('sign out, then sign in again: the app is still listed', async () => {
    const form = formByAction(page, '/portal/signout');
    assert.ok(await form.count(), 'a sign-out form is on the page');
    const r = await submit(page, submitButtons(form.first()).first());
    assert.equal(r.method, 'POST');
    const g = await visit(page, server.url('/portal/apps'));
    assert.ok(g.status === 302 || g.status === 303 || g.status === 401 || pathOf(page).startsWith('/portal/signin'), `signed-out GET /portal/apps -> ${g.status} at ${page.url()}`);
    assert.ok(!(await page.locator('body').innerText()).includes(appName), 'the app list is not shown when signed out');
    await shot(page, 'portal-signed-out', 'portal after sign-out (asked to sign in)');

    // a wrong password first
    await visit(page, server.url('/portal/signin'));
    const f = formByAction(page, '/portal/signin');
    await f.locator('[name=email]').fill(dev.email);
    await f.locator('[name=password]').fill('wrong-password-9');
    const bad = await submit(page, submitButtons(f).first());
    assert.equal(bad.status, 401, `wrong portal password -> ${bad.status}`);
    await shot(page, 'portal-signin-wrong-password', 'portal sign-in after a wrong password (401)');

    await portalSignIn(page, server, dev, 'portal-signin');
    if (pathOf(page).replace(/\/$/, '') !== '/portal/apps') await visit(page, server.url('/portal/apps'));
    assert.ok((await page.locator('body').innerText()).includes(appName), 'the app is listed after signing in again');
    assert.equal(await readClientKey(page), key);
  });

  await context.close();
});
