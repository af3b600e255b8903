// Shared helpers for loginkit's end-to-end browser tests.
//
// The browser is Debian's chromium (/usr/bin/chromium, or $CHROMIUM_BIN) driven by playwright-core;
// no browser is ever downloaded. The server is the real binary, started by the integration
// harness (tests/integration/lib/server.mjs) with a fresh data directory and admin token.
//
// Every page a test visits is saved as a full-page screenshot under $SCREENSHOT_DIR
// (default: <repo>/build/e2e-screenshots).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export * from '../../integration/lib/server.mjs';
import { uniq } from '../../integration/lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO, 'build/e2e-screenshots'));
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** Default wait for any single browser action (ms); a failing expectation fails fast. */
export const ACTION_TIMEOUT = Number(process.env.E2E_ACTION_TIMEOUT || 10_000);
/** Per-test timeout for node:test. */
export const TEST_TIMEOUT = Number(process.env.E2E_TEST_TIMEOUT || 180_000);

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

/**
 * Launches chromium headless. Playwright gives each launch a fresh temporary --user-data-dir
 * (it refuses one in args) and deletes it on close. Host resolution is pinned to loopback so
 * that no test ever reaches the network: any other host name fails to resolve.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/** A fresh browser context (own cookies) with short action timeouts. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  return context;
}

/** A 375-px-wide phone context (mobile layout viewport, touch). */
export function newPhoneContext(browser, options = {}) {
  return newContext(browser, {
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    ...options,
  });
}

// ---------------------------------------------------------------------------------------------
// Screenshots
// ---------------------------------------------------------------------------------------------

const taken = [];

/** Full-page screenshot of the page as SCREENSHOT_DIR/<name>.png; returns the path. */
export async function shot(page, name, description = '') {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    // A screenshot must never hide the real failure.
    console.error(`screenshot ${name} failed: ${e.message}`);
    return null;
  }
  taken.push({ file, url: page.url(), description });
  return file;
}

/** Writes the list of screenshots this process took to SCREENSHOT_DIR/<suite>.screenshots.txt. */
export function writeShotIndex(suite) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const lines = taken.map((s) => `${path.basename(s.file)}\t${s.url}\t${s.description}`);
  writeFileSync(path.join(SCREENSHOT_DIR, `${suite}.screenshots.txt`), lines.map((l) => l + '\n').join(''));
}

// ---------------------------------------------------------------------------------------------
// Steps: sequential subtests; after a failing step the later ones are skipped (they would only
// fail for the same reason), and a screenshot of the failing page is kept.
// ---------------------------------------------------------------------------------------------

export function stepper(t, getPage, prefix) {
  let failed = null;
  let n = 0;
  // opts.independent: a failure of this step does not skip the later ones.
  return async function step(name, fn, opts = {}) {
    n += 1;
    const index = n;
    return t.test(name, async (st) => {
      if (failed) {
        st.skip(`skipped: earlier step "${failed}" failed`);
        return;
      }
      try {
        await fn(st);
      } catch (e) {
        if (!opts.independent) failed = name;
        const page = getPage();
        if (page && !page.isClosed()) await shot(page, `FAILED-${prefix}-step${index}`, `failure of: ${name}`);
        throw e;
      }
    });
  };
}

// ---------------------------------------------------------------------------------------------
// Navigation helpers
// ---------------------------------------------------------------------------------------------

/** The first request of the redirect chain that produced `response`. */
function chainStart(response) {
  let req = response.request();
  while (req.redirectedFrom()) req = req.redirectedFrom();
  return req;
}

/**
 * Clicks `clickable` (a locator that submits a form or follows a link) and waits for the page
 * to load the result. Returns {status, method, url, response, finalStatus}: status/method/url of
 * the first request of the redirect chain (e.g. the POST and its 303/400/403), and the final
 * response.
 */
export async function submit(page, clickable, { action } = {}) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    action ? action() : clickable.click(),
  ]);
  assert.ok(response, 'the submission produced a navigation with a response');
  const first = chainStart(response);
  const firstResponse = first === response.request() ? response : await first.response();
  return {
    status: firstResponse?.status(),
    method: first.method(),
    url: first.url(),
    location: firstResponse?.headers().location,
    response,
    finalStatus: response.status(),
  };
}

/** page.goto that also reports the first status in the redirect chain. */
export async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response, `GET ${url} produced a response`);
  const first = chainStart(response);
  const firstResponse = first === response.request() ? response : await first.response();
  return { status: firstResponse?.status(), location: firstResponse?.headers().location, response, finalStatus: response.status() };
}

/** The submit controls of a form locator. */
export function submitButtons(form) {
  return form.locator('button[type=submit], button:not([type]), input[type=submit]');
}

/** Path of the page's URL. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

// ---------------------------------------------------------------------------------------------
// Authorization callbacks. A browser cannot be routed on a redirect target (Playwright only
// intercepts the first request of a redirect chain), so the context routes the *consent POST*
// (and authorize GETs): it performs the request itself without following redirects; a 302 to the
// app's (non-loopback) redirect URI is recorded and replaced by a tiny "app callback" page that
// shows the URL; every other answer is handed to the browser unchanged.
// ---------------------------------------------------------------------------------------------

export async function captureCallbacks(context) {
  const callbacks = [];
  const isAuthorize = (u) => /^\/(v2\/auth\/authorize|auth\/authorize|platform\/oauth\/connect)\/?$/.test(u.pathname);
  await context.route(
    (u) => (u.hostname === '127.0.0.1' || u.hostname === 'localhost') && isAuthorize(u),
    async (route) => {
      let resp;
      try {
        resp = await route.fetch({ maxRedirects: 0 });
      } catch (e) {
        return route.abort();
      }
      const loc = resp.headers().location;
      if (resp.status() >= 300 && resp.status() < 400 && loc) {
        const target = new URL(loc, route.request().url());
        if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
          callbacks.push({ status: resp.status(), location: target.toString(), method: route.request().method(), headers: resp.headers() });
          const esc = target.toString().replace(/&/g, '&amp;').replace(/</g, '&lt;');
          return route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            body: `<!doctype html><meta name="viewport" content="width=device-width"><title>App callback</title>` +
              `<h1>App callback reached</h1><p>The server redirected (HTTP ${resp.status()}) to:</p>` +
              `<p><code style="word-break:break-all">${esc}</code></p>`,
          });
        }
      }
      return route.fulfill({ response: resp });
    },
  );
  return callbacks;
}

/** The last callback as {url, params, code, scopes, state}. */
export function lastCallback(callbacks) {
  assert.ok(callbacks.length > 0, 'the server redirected the browser to the app');
  const c = callbacks[callbacks.length - 1];
  const url = new URL(c.location);
  return { ...c, url, params: url.searchParams, code: url.searchParams.get('code'), scopes: url.searchParams.get('scopes'), state: url.searchParams.get('state') };
}

// ---------------------------------------------------------------------------------------------
// End-user pages
// ---------------------------------------------------------------------------------------------

/** Fills and submits the sign-in form on the current page (mouse-free is tested elsewhere). */
export async function signInOnPage(page, username, password) {
  const form = page.locator('form[action$="/account/signin"]');
  await form.locator('[name=username]').fill(username);
  await form.locator('[name=password]').fill(password);
  return submit(page, submitButtons(form).first());
}

/** Signs a user in through /account/signin in the browser. */
export async function browserSignIn(page, server, user, next = '/account/apps') {
  await visit(page, server.url(`/account/signin?next=${encodeURIComponent(next)}`));
  const r = await signInOnPage(page, user.username, user.password);
  assert.equal(r.status, 303, `POST /account/signin -> ${r.status}`);
  return r;
}

/** Authorize URL (absolute) for an app. */
export function authorizeUrl(server, params) {
  return server.url(server.authorizePath(params));
}

/** The consent form locator. */
export function consentForm(page) {
  return page.locator('form[action*="/auth/authorize"]');
}

/** Clicks a consent decision button and waits for the (captured) callback page. */
export async function decide(page, decision = 'approve') {
  return submit(page, consentForm(page).locator(`button[name=decision][value=${decision}], input[name=decision][value=${decision}]`));
}

/**
 * Full browser authorization for a signed-in context: open the authorize URL, untick scopes,
 * approve. Returns the parsed callback.
 */
export async function browserAuthorize(page, server, callbacks, params, { untick = [], screenshot } = {}) {
  const before = callbacks.length;
  await visit(page, authorizeUrl(server, params));
  if (callbacks.length === before) {
    if (screenshot) await shot(page, screenshot, 'consent page');
    for (const s of untick) await consentForm(page).locator(`input[name=granted][value="${s}"]`).uncheck();
    await decide(page, 'approve');
  }
  assert.ok(callbacks.length > before, `no redirect to the app; page ${page.url()}`);
  return lastCallback(callbacks);
}

// ---------------------------------------------------------------------------------------------
// Developer portal
// ---------------------------------------------------------------------------------------------

/** The form whose action path ends with suffix (with or without a trailing slash). */
export function formByAction(page, suffix) {
  return page.locator(`form[action$="${suffix}"], form[action$="${suffix}/"]`);
}

export function newDeveloper() {
  const email = `${uniq('dev')}@example.com`;
  return { email, name: `Dev ${email.split('@')[0]}`, password: 'portal-password-1' };
}

/** Signs a developer up through /portal/signup; lands on /portal/apps. */
export async function portalSignUp(page, server, dev, screenshot) {
  const g = await visit(page, server.url('/portal/signup'));
  assert.equal(g.status, 200, `GET /portal/signup -> ${g.status}`);
  if (screenshot) await shot(page, screenshot, 'portal sign-up page');
  const form = formByAction(page, '/portal/signup');
  await form.locator('[name=email]').fill(dev.email);
  await form.locator('[name=name]').fill(dev.name);
  await form.locator('[name=password]').fill(dev.password);
  const r = await submit(page, submitButtons(form).first());
  assert.equal(r.status, 303, `POST /portal/signup -> ${r.status}`);
  assert.equal(pathOf(page).replace(/\/$/, ''), '/portal/apps', 'sign-up lands on /portal/apps');
  return r;
}

/** Signs a developer in through /portal/signin. */
export async function portalSignIn(page, server, dev, screenshot) {
  const g = await visit(page, server.url('/portal/signin'));
  assert.equal(g.status, 200, `GET /portal/signin -> ${g.status}`);
  if (screenshot) await shot(page, screenshot, 'portal sign-in page');
  const form = formByAction(page, '/portal/signin');
  await form.locator('[name=email]').fill(dev.email);
  await form.locator('[name=password]').fill(dev.password);
  const r = await submit(page, submitButtons(form).first());
  assert.equal(r.status, 303, `POST /portal/signin -> ${r.status}`);
  return r;
}

/** Reads the client key from a portal page: #client-key, else a link to the app page. */
export async function readClientKey(page) {
  const el = page.locator('#client-key');
  if (await el.count()) {
    const t = (await el.first().innerText()).trim();
    if (t) return t;
    const v = await el.first().inputValue().catch(() => '');
    if (v) return v.trim();
  }
  const hrefs = await page.locator('a[href*="/portal/apps/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const h of hrefs) {
    const m = h.match(/\/portal\/apps\/([^/?#]+)\/?$/);
    if (m) return decodeURIComponent(m[1]);
  }
  return null;
}

/** Reads the once-shown secret (#client-secret: text or input value). */
export async function readSecret(page) {
  const el = page.locator('#client-secret');
  assert.ok(await el.count(), 'page has the #client-secret element');
  let t = (await el.first().innerText()).trim();
  if (!t) t = ((await el.first().inputValue().catch(() => '')) || '').trim();
  return t;
}

/** Creates an app through the form on /portal/apps; returns {clientKey, clientSecret, result}. */
export async function portalCreateApp(page, server, name, screenshot) {
  if (pathOf(page).replace(/\/$/, '') !== '/portal/apps') await visit(page, server.url('/portal/apps'));
  const form = formByAction(page, '/portal/apps');
  await form.locator('[name=name]').fill(name);
  const r = await submit(page, submitButtons(form).first());
  assert.equal(r.status, 200, `POST /portal/apps -> ${r.status} (the creation page)`);
  if (screenshot) await shot(page, screenshot, 'app created: client key and the secret shown once');
  const clientSecret = await readSecret(page);
  const clientKey = await readClientKey(page);
  assert.ok(clientSecret, 'creation page shows a client secret');
  assert.ok(clientKey, 'creation page shows the client key');
  return { clientKey, clientSecret, result: r };
}

/** The form of a Login Kit action (add, web). */
export function loginKitForm(page, action) {
  return formByAction(page, '/login-kit').filter({ has: page.locator(`[name=action][value=${action}]`) });
}

/** Submits a form: clicks the element with [name=action][value=..] when it is a button, else the form's submit button. */
export async function submitForm(page, form, { buttonSelector } = {}) {
  if (buttonSelector) {
    const b = form.locator(buttonSelector);
    if (await b.count()) return submit(page, b.first());
  }
  return submit(page, submitButtons(form).first());
}

/** Adds Login Kit to the app shown on the page. */
export async function portalAddLoginKit(page) {
  const form = loginKitForm(page, 'add');
  assert.ok(await form.count(), 'app page has an "add Login Kit" form (action=add)');
  return submitForm(page, form.first(), { buttonSelector: 'button[name=action][value=add], input[type=submit][name=action][value=add]' });
}

/** Sets Configure for Web on the app page. */
export async function portalSetWeb(page, on) {
  const form = loginKitForm(page, 'web');
  assert.ok(await form.count(), 'app page has a "Configure for Web" form (action=web)');
  const f = form.first();
  const checkbox = f.locator('input[type=checkbox][name=web]');
  if (await checkbox.count()) {
    if (on) await checkbox.first().check();
    else await checkbox.first().uncheck();
    return submitForm(page, f, { buttonSelector: 'button[name=action][value=web], input[type=submit][name=action][value=web]' });
  }
  const radio = f.locator(`input[type=radio][name=web]${on ? '[value=on]' : ':not([value=on])'}`);
  if (await radio.count()) {
    await radio.first().check();
    return submitForm(page, f);
  }
  // A toggle button that submits web=on, or one that submits without it.
  const btn = on ? f.locator('button[name=web][value=on]') : f.locator('button:not([name=web])');
  if (await btn.count()) return submit(page, btn.first());
  return submitForm(page, f);
}

/** On the rotate-secret confirmation page: the control that confirms (confirm=yes). */
export async function rotateConfirmButton(page) {
  const form = formByAction(page, '/rotate-secret').filter({ has: page.locator('[name=confirm][value=yes]') });
  assert.ok(await form.count(), 'the confirmation page has a form with confirm=yes');
  const btn = form.first().locator('button[name=confirm][value=yes], input[type=submit][name=confirm][value=yes]');
  return (await btn.count()) ? btn.first() : submitButtons(form.first()).first();
}

/** Index (among document.forms) of the add-redirect-URI form for a platform. */
async function redirectFormIndex(page, platform, suffix) {
  return page.evaluate(
    ({ platform, suffix }) => {
      const forms = [...document.forms];
      const ends = (f) => {
        const p = new URL(f.getAttribute('action') || location.href, location.href).pathname.replace(/\/$/, '');
        return p.endsWith(suffix);
      };
      const matches = (f) => {
        const hidden = f.querySelector('input[type=hidden][name=platform]');
        if (hidden) return hidden.value === platform;
        const sel = f.querySelector('select[name=platform]');
        if (sel) return [...sel.options].some((o) => o.value === platform);
        return !!f.querySelector(`input[type=radio][name=platform][value="${platform}"]`);
      };
      return forms.findIndex((f) => ends(f) && matches(f));
    },
    { platform, suffix },
  );
}

/** Fills and submits the add-redirect-URI form of a platform. Returns the submit result. */
export async function portalAddRedirectUri(page, platform, uri) {
  const i = await redirectFormIndex(page, platform, '/redirect-uris');
  assert.ok(i >= 0, `app page has an add-redirect-URI form for platform ${platform}`);
  const form = page.locator('form').nth(i);
  const sel = form.locator('select[name=platform]');
  if (await sel.count()) await sel.selectOption(platform);
  const radio = form.locator(`input[type=radio][name=platform][value="${platform}"]`);
  if (await radio.count()) await radio.check();
  await form.locator('[name=uri]').fill(uri);
  await assertBrowserWillSubmit(form, uri);
  return submitForm(page, form);
}

/**
 * The browser's own constraint validation (e.g. <input type=url>) must not block a value that
 * the contract lets the server judge: otherwise the user never reaches the server's rule messages
 * (or cannot register a valid URI at all).
 */
export async function assertBrowserWillSubmit(form, value) {
  const v = await form.evaluate((f) => {
    const bad = [...f.elements].find((e) => e.willValidate && !e.checkValidity());
    return f.noValidate || !bad ? null : { type: bad.type, name: bad.name, message: bad.validationMessage };
  });
  assert.equal(
    v,
    null,
    `the browser refuses to submit ${JSON.stringify(value)}: field ${v?.name} (type=${v?.type}) says "${v?.message}"`,
  );
}

/** Index of the form (suffix /redirect-uris/edit or /remove) for one registered URI. */
async function uriFormIndex(page, suffix, platform, uri, field) {
  return page.evaluate(
    ({ suffix, platform, uri, field }) =>
      [...document.forms].findIndex((f) => {
        const p = new URL(f.getAttribute('action') || location.href, location.href).pathname.replace(/\/$/, '');
        if (!p.endsWith(suffix)) return false;
        const u = f.querySelector(`input[name=${field}]`);
        if (!u || u.value !== uri) return false;
        const pf = f.querySelector('[name=platform]');
        return !pf || pf.value === platform;
      }),
    { suffix, platform, uri, field },
  );
}

/** Edits a registered redirect URI through its edit form (inline on the app page, or behind an "Edit" link). */
export async function portalEditRedirectUri(page, platform, oldUri, newUri) {
  let i = await uriFormIndex(page, '/redirect-uris/edit', platform, oldUri, 'old_uri');
  if (i < 0) {
    // The edit form may sit behind an "Edit" link or a <details> toggle next to the URI.
    const edit = page.getByRole('link', { name: /edit/i }).or(page.locator('summary', { hasText: /edit/i }));
    if (await edit.count()) {
      const tag = await edit.first().evaluate((e) => e.tagName.toLowerCase());
      if (tag === 'a') await submit(page, edit.first());
      else await edit.first().click();
      i = await uriFormIndex(page, '/redirect-uris/edit', platform, oldUri, 'old_uri');
    }
  }
  assert.ok(i >= 0, `an edit form (old_uri=${oldUri}) exists for the ${platform} redirect URI`);
  const form = page.locator('form').nth(i);
  await form.locator('[name=uri]').fill(newUri);
  await assertBrowserWillSubmit(form, newUri);
  return submitForm(page, form);
}

/** Removes a registered redirect URI through its remove form. */
export async function portalRemoveRedirectUri(page, platform, uri) {
  const i = await uriFormIndex(page, '/redirect-uris/remove', platform, uri, 'uri');
  assert.ok(i >= 0, `a remove form exists for the ${platform} redirect URI ${uri}`);
  return submitForm(page, page.locator('form').nth(i));
}

/** Texts of every .field-error on the page. */
export async function fieldErrors(page) {
  return (await page.locator('.field-error').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Asserts that each expected rule message appears in a .field-error. */
export function assertRuleMessages(errors, expected) {
  const joined = errors.join('\n');
  const missing = expected.filter((m) => !joined.includes(m));
  assert.deepEqual(missing, [], `missing inline rule messages; .field-error texts were: ${JSON.stringify(errors)}`);
}

/** Values of every input named uri on the page. */
export async function uriInputValues(page) {
  return page.locator('input[name=uri]').evaluateAll((els) => els.map((e) => e.value));
}

export const RULES = {
  short: 'Redirect URI must be shorter than 512 characters.',
  absolute: 'Redirect URI must be absolute (scheme://host/...).',
  https: 'Redirect URI must use https.',
  desktopScheme: 'Desktop redirect URI must use http or https.',
  desktopHost: 'Desktop redirect URI host must be localhost or 127.0.0.1.',
  desktopPort: 'Desktop redirect URI must name a port (a number or *).',
  query: 'Redirect URI must not contain a query (not even a bare "?").',
  fragment: 'Redirect URI must not contain a fragment ("#").',
  max: 'At most 10 redirect URIs per platform.',
  duplicate: 'Redirect URI is already registered.',
};

// ---------------------------------------------------------------------------------------------
// Page checks
// ---------------------------------------------------------------------------------------------

/** Asserts the page shows `literal` as text and nothing injected ran or was parsed as markup. */
export async function assertRenderedAsText(page, literal, where) {
  const s = await page.evaluate(() => ({
    pwned: window.__pwned,
    imgX: document.querySelectorAll('img[src="x"]').length,
    onerror: document.querySelectorAll('[onerror]').length,
    scripts: [...document.scripts].filter((e) => e.textContent.includes('__pwned')).length,
  }));
  assert.equal(s.pwned, undefined, `${where}: window.__pwned was set (injected script ran)`);
  assert.equal(s.imgX, 0, `${where}: an <img src=x> element was created from user input`);
  assert.equal(s.onerror, 0, `${where}: an element with an onerror attribute exists`);
  assert.equal(s.scripts, 0, `${where}: a <script> element with the injected code exists`);
  const text = await page.locator('body').innerText();
  assert.ok(text.includes(literal), `${where}: the literal text ${JSON.stringify(literal)} is not visible; page text: ${text.slice(0, 600)}`);
}

/** scrollWidth of the document (CSS px). */
export function scrollWidth(page) {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0));
}

/** Form fields (not hidden/buttons) without a label, aria-label, aria-labelledby or title. */
export function unlabelledFields(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !['hidden', 'submit', 'button', 'reset', 'image'].includes((el.type || '').toLowerCase()))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.getAttribute('title'))
      .map((el) => el.outerHTML.slice(0, 160)),
  );
}

/** Asserts the anti-framing headers of a response. */
export function assertNoFraming(headers, where) {
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /frame-ancestors\s+'none'/, `${where}: Content-Security-Policy lacks frame-ancestors 'none' (got ${JSON.stringify(csp)})`);
  assert.equal((headers['x-frame-options'] ?? '').toUpperCase(), 'DENY', `${where}: X-Frame-Options`);
}

// ---------------------------------------------------------------------------------------------
// A second origin for attacker pages (another loopback port)
// ---------------------------------------------------------------------------------------------

export async function startAttacker() {
  const pages = new Map();
  const srv = createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const html = pages.get(p);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${srv.address().port}`;
  return {
    base,
    /** Serves html at path; returns the absolute URL. */
    page(p, html) {
      pages.set(p, html);
      return base + p;
    },
    close: () => new Promise((resolve) => srv.close(resolve)),
  };
}

/** HTML of a page that auto-submits a POST form to `action` with `fields`. */
export function autoPostPage(action, fields, title = 'Win a prize') {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return `<!doctype html><title>${esc(title)}</title><h1>${esc(title)}</h1>
<form id="f" method="post" action="${esc(action)}">
${inputs}
<button type="submit">Claim</button>
</form>
<script>document.getElementById('f').submit();</script>`;
}
