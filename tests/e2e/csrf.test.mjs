// CSRF and clickjacking attempts from another origin fail.
//
// The attacker pages are served by node:http on another loopback port: a different origin but the
// same site as the server (127.0.0.1), so SameSite=Lax cookies ARE sent with the forged POSTs and
// only the CSRF token stands in the way. Every forged POST must be refused with 403 and change
// nothing.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT,
  accessWorks,
  assertNoFraming,
  authorizeUrl,
  autoPostPage,
  browserAuthorize,
  browserSignIn,
  captureCallbacks,
  launchBrowser,
  newContext,
  newDeveloper,
  portalCreateApp,
  portalSignUp,
  shot,
  startAttacker,
  startServer,
  visit,
  writeShotIndex,
} from './lib/e2e.mjs';

let server;
let browser;
let attacker;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  attacker = await startAttacker();
});

after(async () => {
  writeShotIndex('csrf');
  await attacker?.close();
  await browser?.close();
  await server?.stop();
});

const SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats'];

/** Opens an attacker page that auto-posts; resolves with the server's answer to the forged POST. */
async function forgedPost(page, url, targetPath) {
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.replace(/\/$/, '') === targetPath.replace(/\/$/, ''),
  );
  await page.goto(url);
  const r = await answer;
  await page.waitForLoadState('load').catch(() => {});
  return r;
}

/** A signed-in end user whose browser connected `app`; returns {context, page, callbacks, tokens, user}. */
async function connectedUser(app) {
  const user = await server.createUser();
  const context = await newContext(browser);
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();
  await browserSignIn(page, server, user);
  const cb = await browserAuthorize(page, server, callbacks, server.authorizeParams(app, { scope: SCOPES.join(',') }));
  const t = await server.exchangeCode(app, cb.code, app.redirect_uris.web[0]);
  assert.ok(t.body?.access_token, t.text);
  return { context, page, callbacks, tokens: t.body, user };
}

async function listedOnConnectedApps(page, name) {
  await visit(page, server.url('/account/apps'));
  return page.locator('li', { hasText: name }).count();
}

test('end-user session cookie is HttpOnly and SameSite=Lax', { timeout: TEST_TIMEOUT }, async () => {
  const user = await server.createUser();
  const context = await newContext(browser);
  const page = await context.newPage();
  await browserSignIn(page, server, user);
  const c = (await context.cookies()).find((x) => x.name === 'lk_session');
  assert.ok(c, 'lk_session is set');
  assert.equal(c.httpOnly, true, 'lk_session is HttpOnly');
  assert.equal(c.sameSite, 'Lax', 'lk_session is SameSite=Lax');
  await context.close();
});

test('a cross-origin POST to /account/apps/disconnect without the right csrf is refused (403) and changes nothing', { timeout: TEST_TIMEOUT }, async (t) => {
  const app = await server.createApp({ name: 'Csrf Target', scopes: SCOPES, redirect_uris: { web: ['https://csrf-target.example.com/cb'] } });
  const { context, page, tokens } = await connectedUser(app);

  for (const [label, fields] of [
    ['no csrf field', { client_key: app.client_key }],
    ['forged csrf value', { client_key: app.client_key, csrf: 'forged-csrf-value-0123456789abcdef' }],
    ['empty csrf value', { client_key: app.client_key, csrf: '' }],
  ]) {
    await t.test(label, async () => {
      const slug = label.replace(/\W+/g, '-');
      const url = attacker.page(`/disconnect-${slug}.html`, autoPostPage(server.url('/account/apps/disconnect'), fields));
      const r = await forgedPost(page, url, '/account/apps/disconnect');
      await shot(page, `csrf-disconnect-refused-${slug}`, `answer to a forged cross-origin disconnect POST (${label})`);
      assert.equal(r.status(), 403, `forged disconnect (${label}) -> ${r.status()}`);
      assert.equal(await accessWorks(server, tokens.access_token), true, 'the access token still works');
      assert.equal(await listedOnConnectedApps(page, 'Csrf Target'), 1, 'the app is still connected');
    });
  }
  await shot(page, 'csrf-connected-apps-unchanged', 'connected apps after the forged disconnects: app still there');
  const r = await server.refresh(app, tokens.refresh_token);
  assert.ok(r.body?.access_token, `the refresh token still works: ${r.text}`);
  await context.close();
});

test('a cross-origin consent POST without the right csrf is refused (403): no code is issued', { timeout: TEST_TIMEOUT }, async () => {
  const app = await server.createApp({ name: 'Consent Csrf', scopes: SCOPES, redirect_uris: { web: ['https://consent-csrf.example.com/cb'] } });
  const user = await server.createUser();
  const context = await newContext(browser);
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();
  await browserSignIn(page, server, user);
  const fields = {
    client_key: app.client_key,
    response_type: 'code',
    scope: SCOPES.join(','),
    redirect_uri: app.redirect_uris.web[0],
    state: 'attacker-state',
    granted: 'user.info.stats',
    decision: 'approve',
    csrf: 'forged-csrf-value-0123456789abcdef',
  };
  const url = attacker.page('/consent.html', autoPostPage(server.url('/v2/auth/authorize/'), fields));
  const r = await forgedPost(page, url, '/v2/auth/authorize/');
  await shot(page, 'csrf-consent-refused', 'answer to a forged cross-origin consent POST');
  assert.equal(r.status(), 403, `forged consent POST -> ${r.status()}`);
  assert.equal(callbacks.length, 0, `no redirect to the app (got ${callbacks.map((c) => c.location).join(', ')})`);
  assert.equal(await listedOnConnectedApps(page, 'Consent Csrf'), 0, 'the app was not connected');
  await context.close();
});

test('the consent page cannot be framed', { timeout: TEST_TIMEOUT }, async () => {
  const app = await server.createApp({ name: 'Frame Target', scopes: SCOPES, redirect_uris: { web: ['https://frame-target.example.com/cb'] } });
  const user = await server.createUser();
  const context = await newContext(browser);
  const callbacks = await captureCallbacks(context);
  const page = await context.newPage();
  await browserSignIn(page, server, user);
  const consentUrl = authorizeUrl(server, server.authorizeParams(app, { scope: SCOPES.join(','), disable_auto_auth: '1' }));

  // Headers of the consent page as the browser received it.
  const direct = await visit(page, consentUrl);
  assert.equal(direct.finalStatus, 200, 'consent page shown');
  assertNoFraming(direct.response.headers(), 'consent page');
  for (const p of ['/account/signin', '/account/apps']) {
    const r = await page.request.get(server.url(p), { maxRedirects: 0 });
    assertNoFraming(r.headers(), p);
  }

  // An attacker page that frames it: the browser must refuse to render it.
  const url = attacker.page(
    '/frame.html',
    `<!doctype html><title>Click the button</title><h1>Click the pink button to win</h1>
<iframe id="victim" src="${consentUrl.replace(/&/g, '&amp;')}" width="600" height="500" style="opacity:0.6"></iframe>`,
  );
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  await shot(page, 'csrf-framing-blocked', 'attacker page framing the consent page (blocked by the browser)');
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  let consentRendered = 0;
  for (const f of frames) {
    try {
      consentRendered += await f.locator('[name=decision]').count();
    } catch {
      // a blocked frame is an error document
    }
  }
  assert.equal(consentRendered, 0, `the consent form rendered inside a frame (frame URLs: ${frames.map((f) => f.url()).join(', ')})`);
  assert.equal(callbacks.length, 0);
  await context.close();
});

test('portal: a cross-origin POST without the right csrf is refused (403) and changes nothing', { timeout: TEST_TIMEOUT }, async (t) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const dev = newDeveloper();
  await portalSignUp(page, server, dev);
  const { clientKey, clientSecret } = await portalCreateApp(page, server, 'Portal Csrf App');

  const headers = (await visit(page, server.url('/portal/apps'))).response.headers();
  assertNoFraming(headers, '/portal/apps');

  await t.test('forged create-app POST', async () => {
    const url = attacker.page('/portal-create.html', autoPostPage(server.url('/portal/apps'), { name: 'Evil App Created By CSRF' }));
    const r = await forgedPost(page, url, '/portal/apps');
    await shot(page, 'csrf-portal-create-refused', 'answer to a forged cross-origin portal create-app POST');
    assert.equal(r.status(), 403, `forged POST /portal/apps -> ${r.status()}`);
    const apps = (await server.admin('GET', '/admin/v1/apps')).body?.apps ?? [];
    assert.equal(apps.filter((a) => a.name === 'Evil App Created By CSRF').length, 0, 'no app was created');
  });

  await t.test('forged rotate-secret POST', async () => {
    const url = attacker.page(
      '/portal-rotate.html',
      autoPostPage(server.url(`/portal/apps/${clientKey}/rotate-secret`), { confirm: 'yes', csrf: 'forged-csrf-value-0123456789abcdef' }),
    );
    const r = await forgedPost(page, url, `/portal/apps/${clientKey}/rotate-secret`);
    await shot(page, 'csrf-portal-rotate-refused', 'answer to a forged cross-origin rotate-secret POST');
    assert.equal(r.status(), 403, `forged rotate-secret -> ${r.status()}`);
    const cc = await server.token({ client_key: clientKey, client_secret: clientSecret, grant_type: 'client_credentials' });
    assert.ok(cc.body?.access_token, `the secret was not rotated: ${cc.text}`);
  });

  await t.test('forged add-redirect-URI POST', async () => {
    await server.adminOk('PUT', `/admin/v1/apps/${clientKey}/login-kit`, { login_kit: true, web: true, require_pkce_web: false });
    const url = attacker.page(
      '/portal-uri.html',
      autoPostPage(server.url(`/portal/apps/${clientKey}/redirect-uris`), { platform: 'web', uri: 'https://evil.example.com/steal' }),
    );
    const r = await forgedPost(page, url, `/portal/apps/${clientKey}/redirect-uris`);
    assert.equal(r.status(), 403, `forged add redirect URI -> ${r.status()}`);
    const a = (await server.admin('GET', `/admin/v1/apps/${clientKey}`)).body;
    assert.deepEqual(a.redirect_uris.web, [], 'no redirect URI was added');
  });
  await context.close();
});
