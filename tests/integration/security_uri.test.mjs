// Hostile URIs, over a real socket: every redirect target goes through one validated URI type
// (src/core/uri.hpp).
// (a) A v1 redirect_uri carrying CR/LF must never put a header into our answer, on both v1
//     authorize paths, before and after the v1 web end of life (the raw response bytes are read).
// (b) A sign-in `next` that a browser would repair into another origin ("/\t/evil.example")
//     lands on a local path.
// (c) Registration refuses a web redirect URI whose port is not a number from 1 to 65535.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, CookieJar, parseForms } from './lib/server.mjs';
import { utc, setClock, createLegacyApp, v1Code, V1_AUTHORIZE, V1_CONNECT, EOL_DATE, DAY } from './lib/v1.mjs';
import { portalSignUp, portalCreateApp, portalPost } from './lib/portal.mjs';
import { rawRequest } from '../resilience/lib/raw.mjs';

const START = utc(2023, 3, 1, 12); // before every sunset date
const DOMAIN = 'legacy.example';
const PORT_MESSAGE = 'Redirect URI port must be a number from 1 to 65535.';

let server;
let signinServer; // its own server for (b): sign-ins from one address are limited per server
let signinUser;
let port;
let legacyApp;
let user;

before(async () => {
  server = await startServer();
  port = Number(new URL(server.base).port);
  await setClock(server, START);
  legacyApp = await createLegacyApp(server, { domains: [DOMAIN] });
  user = await server.createUser();
  signinServer = await startServer();
  signinUser = await signinServer.createUser();
});
after(async () => {
  await server?.stop();
  await signinServer?.stop();
});

// --- (a) header injection through a v1 redirect_uri -------------------------------------------

/** The response head as raw bytes (latin1), up to the blank line. */
function headOf(r) {
  const raw = r.raw.toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  assert.ok(end > 0, `a complete response head came back: ${JSON.stringify(raw.slice(0, 200))}`);
  return raw.slice(0, end);
}

/** Asserts that no header line was injected and that no CR or LF stands inside a header line. */
function assertNoInjectedHeader(r, what) {
  const lines = headOf(r).split('\r\n');
  for (const line of lines) {
    assert.ok(!/[\r\n]/.test(line), `${what}: a bare CR or LF inside a header line: ${JSON.stringify(line)}`);
    assert.ok(!/^set-cookie:\s*x=y/i.test(line), `${what}: injected header line ${JSON.stringify(line)}`);
    assert.ok(!/^x-injected:/i.test(line), `${what}: injected header line ${JSON.stringify(line)}`);
  }
  for (const line of lines.slice(1)) {
    assert.match(line, /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[\t\x20-\x7e\x80-\xff]*$/, `${what}: header line is name: value`);
  }
}

// Query strings exactly as an attacker sends them (already percent-encoded).
const INJECTIONS = [
  `https://${DOMAIN}/cb%0d%0aSet-Cookie:%20x=y`,
  `https://${DOMAIN}/cb%0d%0aX-Injected:%201`,
  `https://${DOMAIN}/cb%0aSet-Cookie:%20x=y`,
  `https://${DOMAIN}/cb%0dSet-Cookie:%20x=y`,
  `https://${DOMAIN}/cb?a=%0d%0aSet-Cookie:%20x=y`,
  `https://www.${DOMAIN}/%0d%0aSet-Cookie:%20x=y`,
];

function rawAuthorize(base, redirectUriRaw, extra, cookie) {
  const q = `client_key=${legacyApp.client_key}&scope=user.info.basic&state=st1&redirect_uri=${redirectUriRaw}${extra}`;
  const headers = cookie ? { cookie } : {};
  return rawRequest(port, 'GET', `${base}?${q}`, { headers });
}

async function assertInjectionRefused(base, redirectUriRaw, extra, cookie, what) {
  const r = await rawAuthorize(base, redirectUriRaw, extra, cookie);
  const label = `${what} ${base} redirect_uri=${redirectUriRaw}${extra}`;
  assertNoInjectedHeader(r, label);
  assert.equal(r.status, 400, `${label}: an invalid redirect URI gets the error page, got ${r.status}`);
  assert.equal(r.headers.location, undefined, `${label}: no Location`);
}

test('v1 authorize: CR/LF in redirect_uri never reaches a header (consent given, error redirects)', async () => {
  // A grant with consent, so a new authorization is approved at once and redirected.
  const jar = await server.signIn(user.username, user.password);
  await v1Code(server, jar, legacyApp, `https://${DOMAIN}/cb`);
  const cookie = jar.header();
  for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
    for (const uri of INJECTIONS) {
      await assertInjectionRefused(base, uri, '&response_type=code', cookie, 'auto-approve');
      await assertInjectionRefused(base, uri, '&response_type=token', null, 'error redirect');
    }
  }
});

test('v1 authorize: an escaped %0d%0a in the path stays inert text in Location', async () => {
  const r = await rawAuthorize(V1_AUTHORIZE, `https://${DOMAIN}/cb%250d%250aSet-Cookie:%2520x=y`, '&response_type=token', null);
  assertNoInjectedHeader(r, 'escaped CR/LF');
  assert.equal(r.status, 302, `a valid URI is redirected to: ${r.status} ${r.text.slice(0, 200)}`);
  assert.ok(
    r.headers.location.startsWith(`https://${DOMAIN}/cb%0d%0aSet-Cookie:%20x=y?error=unsupported_response_type`),
    `Location is the URI as sent, rebuilt: ${r.headers.location}`,
  );
});

test('v1 authorize after the web end of life: the refusal redirect carries no injected header', async () => {
  try {
    await setClock(server, EOL_DATE + DAY);
    for (const base of [V1_AUTHORIZE, V1_CONNECT]) {
      for (const uri of INJECTIONS) {
        await assertInjectionRefused(base, uri, '&response_type=code', null, 'after EOL');
      }
      // A clean URI still gets its refusal redirect (SPEC §5), built from the parsed URI.
      const r = await rawAuthorize(base, `https://${DOMAIN}/cb`, '&response_type=code', null);
      assertNoInjectedHeader(r, 'after EOL, clean');
      assert.equal(r.status, 302);
      assert.match(r.headers.location, new RegExp(`^https://${DOMAIN}/cb\\?error=unauthorized_client&`));
    }
  } finally {
    await setClock(server, START);
  }
});

// --- (b) sign-in next ---------------------------------------------------------------------------

/** Where a browser lands after following `location` from our origin (WHATWG URL parsing). */
function landing(location) {
  return new URL(location, signinServer.base);
}

/** GETs the sign-in page with a safe next, then POSTs the form with `next` replaced. */
async function postSignIn(next) {
  const jar = new CookieJar();
  const page = await signinServer.get('/account/signin', { jar });
  const form = parseForms(page.text).find((f) => (f.attrs.action ?? '').includes('/account/signin'));
  assert.ok(form, 'sign-in form');
  const fields = new URLSearchParams();
  for (const i of form.inputs) if (i.name && (i.type ?? '').toLowerCase() === 'hidden') fields.set(i.name, i.value ?? '');
  fields.set('username', signinUser.username);
  fields.set('password', signinUser.password);
  fields.set('next', next);
  const res = await signinServer.postForm('/account/signin', fields, { jar });
  assert.equal(res.status, 303, `POST /account/signin -> ${res.status}`);
  return res.location;
}

// Values a browser could turn into another origin, or that only a lax grammar lets through.
const TRICKY_NEXT = [
  '/\t/evil.example', // browsers drop the tab: //evil.example
  '/\n/evil.example',
  '/\r/evil.example',
  '/\t\\evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '//evil.example',
  '///evil.example',
  '/.//evil.example',
  '/%2F/evil.example',
  '/%5C/evil.example',
  '/%09/evil.example',
  '/ /evil.example',
  '\t//evil.example',
  'https://evil.example/',
  '/account/apps#x',
];

test('sign-in next: tricky values land on a local path (GET page and POST form)', async () => {
  const origin = new URL(signinServer.base).origin;
  for (const next of TRICKY_NEXT) {
    const viaPage = await signinServer.signIn(signinUser.username, signinUser.password, { next });
    const direct = await postSignIn(next);
    for (const [how, location] of [['page', viaPage.signinLocation], ['post', direct]]) {
      assert.ok(!/[\s\\]/.test(location), `${how} ${JSON.stringify(next)}: Location without whitespace or '\\': ${JSON.stringify(location)}`);
      const url = landing(location);
      assert.equal(url.origin, origin, `${how} ${JSON.stringify(next)}: lands on our origin, not ${url}`);
      assert.equal(url.pathname, '/account/apps', `${how} ${JSON.stringify(next)}: refused next falls back to /account/apps`);
    }
  }
});

test('sign-in next: plain local paths are kept', async () => {
  for (const next of ['/account/apps', '/account/apps?tab=1&x=a%20b']) {
    const jar = await signinServer.signIn(signinUser.username, signinUser.password, { next });
    assert.equal(jar.signinLocation, next);
  }
});

test('sign-in next from the authorize flow resumes it, whatever the state holds', async () => {
  const app = await signinServer.createApp();
  const params = signinServer.authorizeParams(app, { state: `a b|{}'"<>\\\t%zz/../x`, disable_auto_auth: '1' });
  const anon = new CookieJar();
  const r = await signinServer.get(signinServer.authorizePath(params), { jar: anon });
  assert.equal(r.status, 302);
  const next = landing(r.location).searchParams.get('next');
  const signed = await signinServer.signIn(signinUser.username, signinUser.password, { jar: anon, next });
  assert.equal(signed.signinLocation, next, 'the sign-in keeps the authorize next');
  const back = await signinServer.get(signed.signinLocation, { jar: signed });
  assert.equal(back.status, 200, `back at the consent page: ${back.status} ${back.location ?? ''}`);
  const consent = signinServer.parseConsent(back.text);
  assert.ok(consent, 'consent page after sign-in');
  assert.deepEqual(consent.hidden.find(([k]) => k === 'state'), ['state', params.state], 'state carried byte for byte');
});

// --- (c) port rules on registration ---------------------------------------------------------------

test('registration: a web redirect URI port must be a number from 1 to 65535 (admin API)', async () => {
  const app = await server.createApp({ redirect_uris: { web: [], desktop: [], android: [], ios: [] } });
  const path = `/admin/v1/apps/${app.client_key}/redirect-uris`;
  for (const [platform, uri] of [
    ['web', 'https://a.example:abc/cb'],
    ['web', 'https://a.example:0/cb'],
    ['web', 'https://a.example:65536/cb'],
    ['web', 'https://a.example:99999999/cb'],
    ['web', 'https://a.example:/cb'],
    ['web', 'https://a.example:*/cb'],
    ['ios', 'https://a.example:8x/cb'],
    ['desktop', 'http://localhost:0/cb'],
    ['desktop', 'http://localhost:70000/cb'],
  ]) {
    const r = await server.admin('POST', path, { platform, uri });
    assert.equal(r.status, 400, `${platform} ${uri}: expected 400, got ${r.status} ${r.text}`);
    assert.equal(r.body?.error, 'invalid_redirect_uri', r.text);
    assert.deepEqual(r.body.messages, [PORT_MESSAGE], `${uri}: one message naming the rule`);
  }
  const stored = await server.adminOk('GET', `/admin/v1/apps/${app.client_key}`);
  assert.deepEqual(stored.redirect_uris, { web: [], desktop: [], android: [], ios: [] }, 'nothing saved');
  for (const uri of ['https://a.example:1/cb', 'https://a.example:65535/cb']) {
    const r = await server.admin('POST', path, { platform: 'web', uri });
    assert.equal(r.status, 200, `${uri}: ${r.status} ${r.text}`);
  }
  const create = await server.admin('POST', '/admin/v1/apps', {
    name: 'Bad port',
    scopes: ['user.info.basic'],
    login_kit: true,
    web: true,
    require_pkce_web: false,
    redirect_uris: { web: ['https://a.example:abc/cb'], desktop: [], android: [], ios: [] },
  });
  assert.equal(create.status, 400, create.text);
  assert.ok(create.body.messages.includes(PORT_MESSAGE), create.text);
  const list = await server.adminOk('GET', '/admin/v1/apps');
  assert.ok(!list.apps.some((a) => a.name === 'Bad port'), 'no app was created');
});

test('registration: the portal shows the port message and saves nothing', async () => {
  const { jar } = await portalSignUp(server);
  const app = await portalCreateApp(server, jar);
  assert.equal((await portalPost(server, jar, app.client_key, 'login-kit', { action: 'add' })).status, 303);
  const r = await portalPost(server, jar, app.client_key, 'redirect-uris', { platform: 'web', uri: 'https://a.example:abc/cb' });
  assert.equal(r.status, 400, `portal answer ${r.status}`);
  assert.ok(r.text.includes(PORT_MESSAGE), 'the page names the port rule');
  const stored = await server.adminOk('GET', `/admin/v1/apps/${app.client_key}`);
  assert.ok(!Object.values(stored.redirect_uris).flat().includes('https://a.example:abc/cb'), 'nothing saved');
});
