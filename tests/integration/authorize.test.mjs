// SPEC.md §2.1 GET /v2/auth/authorize/ and the consent page of docs/server-contract.md.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  CookieJar,
  pkceVerifier,
  challengeBase64url,
  challengeHex,
  uniq,
  URL_SAFE_RE,
  parseForms,
} from './lib/server.mjs';

let server;
let webApp; // basic+profile+stats, one web URI
let desktopApp; // desktop URIs with * port and a fixed port
let user;
let jar; // signed-in session of `user`

before(async () => {
  server = await startServer();
  webApp = await server.createApp({ name: uniq('Web App ') });
  desktopApp = await server.createApp({
    web: false,
    redirect_uris: { web: [], desktop: ['http://localhost:*/callback', 'http://127.0.0.1:8080/cb'], android: [], ios: [] },
  });
  ({ user, jar } = await server.newSignedInUser());
});
after(async () => {
  await server?.stop();
});

const WEB_URI = () => webApp.redirect_uris.web[0];

function pkceParams(encoding = 'base64url') {
  const verifier = pkceVerifier();
  const code_challenge = encoding === 'hex' ? challengeHex(verifier) : challengeBase64url(verifier);
  return { verifier, params: { code_challenge, code_challenge_method: 'S256' } };
}

/** An untrusted client or redirect URI: HTML error page, 400, never a Location. */
function assertErrorPage(r, what) {
  assert.equal(r.status, 400, `${what}: expected the 400 error page, got ${r.status} ${r.location ?? ''}`);
  assert.equal(r.location, null, `${what}: an error page must not redirect (Location: ${r.location})`);
  assert.match(r.headers.get('content-type') ?? '', /text\/html/i, `${what}: error page is HTML`);
}

/** Asserts a redirect back to `redirectUri` carrying `error` and the state. */
function assertErrorRedirect(r, redirectUri, error, state) {
  assert.equal(r.status, 302, `expected a 302 error redirect, got ${r.status}: ${r.text.slice(0, 200)}`);
  const loc = new URL(r.location, server.base);
  assert.equal(loc.origin + loc.pathname, redirectUri, 'error redirects go to the redirect URI');
  assert.equal(loc.searchParams.get('error'), error, `error parameter in ${r.location}`);
  assert.ok(loc.searchParams.get('error_description'), 'error_description present');
  assert.equal(loc.searchParams.get('state'), state, 'state echoed');
  assert.equal(loc.searchParams.get('code'), null, 'no code on error');
  assert.equal(loc.searchParams.get('iss'), null, 'no iss parameter');
}

function get(params, opts = {}) {
  return server.get(server.authorizePath(params, opts.base), { jar: opts.jar ?? jar });
}

test('without a session: 302 to the sign-in page with next = the authorize URL, then back to consent', async () => {
  const params = server.authorizeParams(webApp, { scope: 'user.info.basic,user.info.profile', disable_auto_auth: '1' });
  const p = server.authorizePath(params);
  const anon = new CookieJar();
  const r = await server.get(p, { jar: anon });
  assert.equal(r.status, 302);
  const loc = new URL(r.location, server.base);
  assert.equal(loc.pathname, '/account/signin');
  const next = loc.searchParams.get('next');
  assert.ok(next, 'next parameter present');
  const nextUrl = new URL(next, server.base);
  assert.equal(nextUrl.origin, server.base, 'next is a local path');
  assert.match(nextUrl.pathname, /^\/v2\/auth\/authorize\/?$/);
  assert.deepEqual(
    [...nextUrl.searchParams].sort(),
    [...new URLSearchParams(params)].sort(),
    'next carries the whole authorize query',
  );
  // Sign in with that `next`: 303 back to the authorize URL, which now shows the consent page.
  const signedIn = await server.signIn(user.username, user.password, { next, jar: anon });
  const back = new URL(signedIn.signinLocation, server.base);
  assert.equal(back.pathname + back.search, next);
  const consent = await server.get(back.pathname + back.search, { jar: anon });
  assert.equal(consent.status, 200);
  assert.ok(server.parseConsent(consent.text), 'consent form shown after sign-in');
});

test('sign-in with wrong credentials answers 401 with the form again', async () => {
  const anon = new CookieJar();
  const page = await server.get('/account/signin?next=/account/apps', { jar: anon });
  const form = parseForms(page.text).find((f) => (f.attrs.action ?? '').includes('/account/signin'));
  assert.ok(form, 'sign-in form');
  const csrf = form.inputs.find((i) => i.name === 'csrf');
  assert.ok(csrf && csrf.value, 'csrf hidden input on the sign-in page');
  assert.ok(anon.get('lk_pre'), 'the sign-in page sets lk_pre');
  const r = await server.postForm(
    '/account/signin',
    { username: user.username, password: 'wrong-password', next: '/account/apps', csrf: csrf.value },
    { jar: anon },
  );
  assert.equal(r.status, 401);
  assert.match(r.text, /<form/i);
  assert.ok(!anon.get('lk_session'), 'no session cookie for wrong credentials');
});

test('consent page shows the app name, the scopes, and one checkbox per optional scope', async () => {
  const params = server.authorizeParams(webApp, {
    scope: 'user.info.basic,user.info.profile,user.info.stats',
    disable_auto_auth: '1',
  });
  const r = await get(params);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /text\/html/i);
  assert.ok(r.text.includes(webApp.name), 'app name shown');
  for (const s of ['user.info.basic', 'user.info.profile', 'user.info.stats']) assert.ok(r.text.includes(s), `${s} shown`);
  const consent = server.parseConsent(r.text);
  assert.ok(consent, 'consent form present');
  assert.match(consent.action, /\/v2\/auth\/authorize\/?$/);
  assert.equal((consent.method ?? '').toLowerCase(), 'post');
  const hidden = Object.fromEntries(consent.hidden);
  for (const k of ['csrf', 'client_key', 'response_type', 'scope', 'redirect_uri', 'state']) {
    assert.ok(k in hidden, `hidden input ${k}`);
  }
  assert.equal(hidden.client_key, webApp.client_key);
  assert.equal(hidden.redirect_uri, WEB_URI());
  assert.equal(hidden.state, params.state);
  assert.deepEqual(
    consent.granted.map((g) => g.value).sort(),
    ['user.info.profile', 'user.info.stats'],
    'one checkbox per optional scope; user.info.basic has none',
  );
  assert.ok(consent.granted.every((g) => g.checked), 'optional scopes are ticked');
  assert.deepEqual(consent.decisions.sort(), ['approve', 'deny']);
});

test('consent form carries code_challenge, code_challenge_method and disable_auto_auth when given', async () => {
  const { params: pk } = pkceParams();
  const params = server.authorizeParams(webApp, { ...pk, disable_auto_auth: '1' });
  const r = await get(params);
  assert.equal(r.status, 200);
  const hidden = Object.fromEntries(server.parseConsent(r.text).hidden);
  assert.equal(hidden.code_challenge, pk.code_challenge);
  assert.equal(hidden.code_challenge_method, 'S256');
  assert.equal(hidden.disable_auto_auth, '1');
});

test('unknown client_key: error page, not a redirect', async () => {
  const r = await get(server.authorizeParams(webApp, { client_key: 'no-such-client' }));
  assertErrorPage(r, 'unknown client');
});

test('app without Login Kit: error page', async () => {
  const app = await server.createApp({ login_kit: false });
  const r = await get(server.authorizeParams(app));
  assertErrorPage(r, 'no Login Kit');
});

test('web enabled but no redirect URI registered: error page', async () => {
  const app = await server.createApp({ redirect_uris: { web: [], desktop: [], android: [], ios: [] } });
  const r = await get(server.authorizeParams(app, { redirect_uri: 'https://app.example.com/callback' }));
  assertErrorPage(r, 'not migrated');
});

test('redirect_uri mismatch (trailing slash, case, extra query, other path): error page', async () => {
  const base = WEB_URI(); // https://<name>.example.com/callback
  const u = new URL(base);
  const variants = [
    base + '/',
    base.replace('/callback', '/Callback'),
    base.replace('https://', 'HTTPS://').replace(u.host, u.host.toUpperCase()),
    `https://${u.host.toUpperCase()}/callback`,
    base + '?x=1',
    base + '#',
    base.replace('/callback', '/callback2'),
    base.replace('https://', 'http://'),
    `https://${u.host}:443/callback`,
  ];
  for (const redirect_uri of variants) {
    const r = await get(server.authorizeParams(webApp, { redirect_uri }));
    assertErrorPage(r, `redirect_uri ${redirect_uri}`);
  }
  const missing = await get(server.authorizeParams(webApp, { redirect_uri: undefined }));
  assertErrorPage(missing, 'redirect_uri absent');
});

test('desktop: a * port matches any port, nothing else may differ', async () => {
  for (const port of [1, 5555, 65535]) {
    const { params: pk } = pkceParams();
    const r = await get(
      server.authorizeParams(desktopApp, { redirect_uri: `http://localhost:${port}/callback`, disable_auto_auth: '1', ...pk }),
    );
    assert.equal(r.status, 200, `port ${port}: consent page expected, got ${r.status} ${r.location ?? ''}`);
  }
  const bad = [
    'http://127.0.0.1:5555/callback', // host differs
    'https://localhost:5555/callback', // scheme differs
    'http://localhost:5555/callback/', // trailing slash
    'http://localhost:5555/Callback', // path case
    'http://localhost:5555/other', // path
    'http://localhost:5555/callback?x=1', // query
    'http://127.0.0.1:8081/cb', // fixed port differs
    'http://localhost:8080/cb', // host of the fixed-port URI differs
  ];
  for (const redirect_uri of bad) {
    const { params: pk } = pkceParams();
    const r = await get(server.authorizeParams(desktopApp, { redirect_uri, ...pk }));
    assertErrorPage(r, `desktop redirect_uri ${redirect_uri}`);
  }
  const { params: pk } = pkceParams();
  const exact = await get(
    server.authorizeParams(desktopApp, { redirect_uri: 'http://127.0.0.1:8080/cb', disable_auto_auth: '1', ...pk }),
  );
  assert.equal(exact.status, 200, 'the fixed-port URI matches itself');
});

test('desktop: PKCE is required (error redirect without a challenge), S256 only', async () => {
  const redirect_uri = 'http://localhost:4321/callback';
  const state = uniq('s');
  const r = await get(server.authorizeParams(desktopApp, { redirect_uri, state }));
  assertErrorRedirect(r, redirect_uri, 'invalid_request', state);

  const v = pkceVerifier();
  const plain = await get(
    server.authorizeParams(desktopApp, { redirect_uri, state, code_challenge: v, code_challenge_method: 'plain' }),
  );
  assertErrorRedirect(plain, redirect_uri, 'invalid_request', state);

  const { params: pk } = pkceParams('hex');
  const ok = await server.authorizeCode(jar, desktopApp, { redirect_uri, state, ...pk });
  assert.equal(ok.state, state);
  assert.equal(ok.location.origin + ok.location.pathname, redirect_uri);
});

test('web: PKCE optional by default, required when the app opts in', async () => {
  const ok = await server.authorizeCode(jar, webApp, {});
  assert.ok(ok.code);
  const strictApp = await server.createApp({ require_pkce_web: true });
  const state = uniq('s');
  const r = await get(server.authorizeParams(strictApp, { state }));
  assertErrorRedirect(r, strictApp.redirect_uris.web[0], 'invalid_request', state);
  const { params: pk } = pkceParams();
  const ok2 = await server.authorizeCode(jar, strictApp, pk);
  assert.ok(ok2.code);
});

test('other errors redirect with error, error_description and state', async () => {
  const state = uniq('s');
  const uri = WEB_URI();
  assertErrorRedirect(await get(server.authorizeParams(webApp, { state, response_type: 'token' })), uri, 'unsupported_response_type', state);
  assertErrorRedirect(await get(server.authorizeParams(webApp, { state, scope: 'video.publish' })), uri, 'invalid_scope', state);
  assertErrorRedirect(await get(server.authorizeParams(webApp, { state, scope: 'no.such.scope' })), uri, 'invalid_scope', state);
  const missingScope = await get(server.authorizeParams(webApp, { state, scope: undefined }));
  assert.equal(missingScope.status, 302);
  const err = new URL(missingScope.location).searchParams.get('error');
  assert.ok(['invalid_request', 'invalid_scope'].includes(err), `missing scope -> ${err}`);
  const noType = await get(server.authorizeParams(webApp, { state, response_type: undefined }));
  assert.equal(noType.status, 302);
  assert.ok(
    ['invalid_request', 'unsupported_response_type'].includes(new URL(noType.location).searchParams.get('error')),
    noType.location,
  );
});

test('an error redirect without state carries no state', async () => {
  const r = await get(server.authorizeParams(webApp, { state: undefined, response_type: 'token' }));
  assert.equal(r.status, 302);
  const loc = new URL(r.location);
  assert.equal(loc.searchParams.get('error'), 'unsupported_response_type');
  assert.equal(loc.searchParams.has('state'), false);
});

const NASTY_STATE = `a b+c&d=e;f/g?h#i%20j%zz'"<>\\{}|^\`[]é漢字😀~!*()$,:@`;

test('state with reserved and non-ASCII characters is echoed byte for byte (success and error)', async () => {
  const ok = await server.authorizeCode(jar, webApp, { state: NASTY_STATE });
  assert.equal(ok.state, NASTY_STATE);
  const raw = ok.result.final.location;
  assert.match(raw, /^[\x21-\x7e]+$/, 'Location is plain ASCII (percent-encoded)');

  const err = await get(server.authorizeParams(webApp, { state: NASTY_STATE, response_type: 'token' }));
  assertErrorRedirect(err, WEB_URI(), 'unsupported_response_type', NASTY_STATE);

  const denied = await server.authorize(jar, server.authorizeParams(webApp, { state: NASTY_STATE, scope: 'user.info.profile', disable_auto_auth: '1' }), {
    decision: 'deny',
  });
  assert.equal(denied.params.get('error'), 'access_denied');
  assert.equal(denied.params.get('state'), NASTY_STATE);
});

test('success: redirect to the exact URI with code, scopes (plural) and state; no iss', async () => {
  const state = uniq('s');
  const ok = await server.authorizeCode(jar, webApp, { state, scope: 'user.info.basic,user.info.profile' });
  assert.equal(ok.result.final.status, 302);
  assert.equal(ok.location.origin + ok.location.pathname, WEB_URI());
  assert.match(ok.code, URL_SAFE_RE, 'code uses URL-safe characters only');
  assert.ok(ok.code.length >= 16, 'code is long enough to be unguessable');
  assert.deepEqual(ok.scopes.split(',').sort(), ['user.info.basic', 'user.info.profile']);
  assert.equal(ok.location.searchParams.has('scope'), false, 'the parameter is "scopes", not "scope"');
  assert.equal(ok.location.searchParams.has('iss'), false, 'no iss parameter');
  assert.equal(ok.state, state);
  const keys = [...ok.location.searchParams.keys()].sort();
  assert.deepEqual(keys, ['code', 'scopes', 'state']);
});

test('scope separated by spaces is accepted', async () => {
  const ok = await server.authorizeCode(jar, webApp, { scope: 'user.info.basic user.info.stats' });
  assert.deepEqual(ok.scopes.split(',').sort(), ['user.info.basic', 'user.info.stats']);
  assert.doesNotMatch(ok.scopes, /\s/, 'scopes are comma-separated');
});

test('an extra client_id equal to client_key and unknown parameters are ignored; path without trailing slash works', async () => {
  const ok = await server.authorizeCode(jar, webApp, { client_id: webApp.client_key, foo: 'bar', prompt: 'consent' });
  assert.ok(ok.code);
  const params = server.authorizeParams(webApp, { disable_auto_auth: '1' });
  const r = await get(params, { base: '/v2/auth/authorize' });
  assert.equal(r.status, 200, `/v2/auth/authorize without slash -> ${r.status}`);
});

test('partial consent: an unticked optional scope is not granted', async () => {
  const { jar: j } = await server.newSignedInUser();
  const ok = await server.authorizeCode(
    j,
    webApp,
    { scope: 'user.info.basic,user.info.profile,user.info.stats' },
    { untick: ['user.info.stats'] },
  );
  assert.deepEqual(ok.scopes.split(',').sort(), ['user.info.basic', 'user.info.profile']);
  const tok = await server.exchangeCode(webApp, ok.code, ok.redirectUri);
  assert.equal(tok.status, 200, tok.text);
  assert.deepEqual(tok.body.scope.split(',').sort(), ['user.info.basic', 'user.info.profile']);

  const onlyBasic = await server.authorizeCode(
    j,
    webApp,
    { scope: 'user.info.basic,user.info.profile', disable_auto_auth: '1' },
    { untick: ['user.info.profile'] },
  );
  assert.equal(onlyBasic.scopes, 'user.info.basic', 'user.info.basic is always granted');
});

test('user.info.basic cannot be refused by tampering with the form', async () => {
  const { jar: j } = await server.newSignedInUser();
  const res = await server.authorize(j, server.authorizeParams(webApp, { scope: 'user.info.basic,user.info.profile' }), {
    mutate: (f) => {
      f.delete('granted');
      f.append('granted', 'video.publish'); // not requested, not approved for the app
    },
  });
  if (res.params?.get('code')) {
    assert.equal(res.params.get('scopes'), 'user.info.basic', 'only requested scopes can be granted; basic always is');
  } else {
    assert.ok(res.final.status >= 300, 'refused');
  }
});

test('deny -> access_denied with state, no code', async () => {
  const state = uniq('s');
  const res = await server.authorize(jar, server.authorizeParams(webApp, { state, scope: 'user.info.basic,user.info.profile', disable_auto_auth: '1' }), {
    decision: 'deny',
  });
  assert.equal(res.final.status, 302);
  assert.equal(res.location.origin + res.location.pathname, WEB_URI());
  assert.equal(res.params.get('error'), 'access_denied');
  assert.equal(res.params.get('state'), state);
  assert.equal(res.params.get('code'), null);
});

test('disable_auto_auth: 0/absent skips consent after a prior grant of every scope, 1 shows it', async () => {
  const { jar: j } = await server.newSignedInUser();
  const scope = 'user.info.basic,user.info.profile';
  const first = await get(server.authorizeParams(webApp, { scope }), { jar: j });
  assert.equal(first.status, 200, 'first time: consent page');
  await server.authorizeCode(j, webApp, { scope });

  for (const dis of ['0', undefined]) {
    const state = uniq('s');
    const r = await get(server.authorizeParams(webApp, { scope, state, disable_auto_auth: dis }), { jar: j });
    assert.equal(r.status, 302, `disable_auto_auth=${dis}: straight redirect expected, got ${r.status}`);
    const loc = new URL(r.location);
    assert.equal(loc.origin + loc.pathname, WEB_URI());
    assert.ok(loc.searchParams.get('code'), 'auto-approval issues a code');
    assert.deepEqual(loc.searchParams.get('scopes').split(',').sort(), ['user.info.basic', 'user.info.profile']);
    assert.equal(loc.searchParams.get('state'), state);
    const tok = await server.exchangeCode(webApp, loc.searchParams.get('code'), WEB_URI());
    assert.equal(tok.status, 200, tok.text);
    assert.ok(tok.body.access_token?.startsWith('act.'), tok.text);
  }
  // a subset of the granted scopes is also auto-approved
  const subset = await get(server.authorizeParams(webApp, { scope: 'user.info.basic' }), { jar: j });
  assert.equal(subset.status, 302);

  const forced = await get(server.authorizeParams(webApp, { scope, disable_auto_auth: '1' }), { jar: j });
  assert.equal(forced.status, 200, 'disable_auto_auth=1 always shows consent');
  assert.ok(server.parseConsent(forced.text));

  const more = await get(server.authorizeParams(webApp, { scope: scope + ',user.info.stats', disable_auto_auth: '0' }), { jar: j });
  assert.equal(more.status, 200, 'a scope not yet granted needs consent');

  // another user of the same browser app has granted nothing
  const { jar: other } = await server.newSignedInUser();
  const r2 = await get(server.authorizeParams(webApp, { scope, disable_auto_auth: '0' }), { jar: other });
  assert.equal(r2.status, 200, 'grants are per user');
});

test('auto-approval does not cover a scope the user unticked', async () => {
  const { jar: j } = await server.newSignedInUser();
  const scope = 'user.info.basic,user.info.profile';
  await server.authorizeCode(j, webApp, { scope }, { untick: ['user.info.profile'] });
  const r = await get(server.authorizeParams(webApp, { scope, disable_auto_auth: '0' }), { jar: j });
  assert.equal(r.status, 200, 'profile was refused, so consent is shown again');
});

test('consent POST with a bad or foreign csrf is refused', async () => {
  const params = server.authorizeParams(webApp, { scope: 'user.info.basic,user.info.profile', disable_auto_auth: '1' });
  const bad = await server.authorize(jar, params, { csrf: 'not-the-right-token' });
  assert.ok(bad.final.status >= 400 && bad.final.status < 500, `bad csrf -> ${bad.final.status} ${bad.final.location ?? ''}`);
  assert.ok(!(bad.params && bad.params.get('code')), 'no code for a bad csrf');

  const missing = await server.authorize(jar, params, { mutate: (f) => f.delete('csrf') });
  assert.ok(missing.final.status >= 400 && missing.final.status < 500, `missing csrf -> ${missing.final.status}`);
  assert.ok(!(missing.params && missing.params.get('code')));

  // a csrf from another user's consent page does not work with this session
  const { jar: other } = await server.newSignedInUser();
  const otherPage = await get(params, { jar: other });
  const otherCsrf = Object.fromEntries(server.parseConsent(otherPage.text).hidden).csrf;
  const foreign = await server.authorize(jar, params, { csrf: otherCsrf });
  assert.ok(foreign.final.status >= 400 && foreign.final.status < 500, `foreign csrf -> ${foreign.final.status}`);
  assert.ok(!(foreign.params && foreign.params.get('code')));

  // and a POST without any session is not approved either
  const page = await get(params);
  const consent = server.parseConsent(page.text);
  const fields = new URLSearchParams(consent.hidden);
  fields.append('decision', 'approve');
  const anon = await server.postForm(consent.action, fields, { jar: new CookieJar() });
  assert.ok(!(anon.location && new URL(anon.location, server.base).searchParams.get('code')), 'no code without a session');
});

test('consent POST re-checks the request: a tampered redirect_uri is not followed', async () => {
  const params = server.authorizeParams(webApp, { scope: 'user.info.basic', disable_auto_auth: '1' });
  const res = await server.authorize(jar, params, {
    mutate: (f) => f.set('redirect_uri', 'https://evil.example.net/steal'),
  });
  assert.ok(!(res.final.location ?? '').startsWith('https://evil.example.net'), `redirected to ${res.final.location}`);
});

test('two authorizations give two different codes', async () => {
  const a = await server.authorizeCode(jar, webApp, {});
  const b = await server.authorizeCode(jar, webApp, {});
  assert.notEqual(a.code, b.code);
});
