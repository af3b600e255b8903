// SPEC.md §2.2 POST /v2/oauth/token/ with grant_type=authorization_code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  basicAuth,
  assertTokenError,
  accessWorks,
  pkceVerifier,
  challengeBase64url,
  challengeHex,
  LOG_ID_RE,
  USER_TOKEN_FIELDS,
} from './lib/server.mjs';

const MALFORMED = 'The request parameters are malformed.';
const REDIRECT_MISMATCH = 'Redirect_uri is not matched with the uri when requesting code.';

let server; // default settings (platform error statuses)
let rfc; // error_status = "rfc"
let app;
let otherApp;
let desktopApp;
let jar;
let rfcApp;
let rfcJar;
const RFC_TTL = { access: 300, refresh: 100000 };

before(async () => {
  [server, rfc] = await Promise.all([
    startServer(),
    startServer({ errorStatus: 'rfc', oauth: { access_ttl: 300, refresh_ttl: 100000, code_ttl: 120 } }),
  ]);
  app = await server.createApp();
  otherApp = await server.createApp();
  desktopApp = await server.createApp({
    web: false,
    redirect_uris: { web: [], desktop: ['http://localhost:*/callback'], android: [], ios: [] },
  });
  ({ jar } = await server.newSignedInUser());
  rfcApp = await rfc.createApp();
  ({ jar: rfcJar } = await rfc.newSignedInUser());
});
after(async () => {
  await Promise.all([server?.stop(), rfc?.stop()]);
});

async function code(extra = {}, a = app, s = server, j = jar) {
  return s.authorizeCode(j, a, { scope: 'user.info.basic,user.info.profile', ...extra });
}

function form(c, extra = {}, a = app) {
  return {
    client_key: a.client_key,
    client_secret: a.client_secret,
    code: c.code,
    grant_type: 'authorization_code',
    redirect_uri: c.redirectUri,
    ...extra,
  };
}

/** The log_id's yyyyMMddHHmmss is the UTC time of the server's (injected) clock, within 10 s. */
function assertStampNear(logId, nowEpochSeconds) {
  assert.match(String(logId), LOG_ID_RE);
  const st = logId.slice(0, 14);
  const ms = Date.UTC(+st.slice(0, 4), +st.slice(4, 6) - 1, +st.slice(6, 8), +st.slice(8, 10), +st.slice(10, 12), +st.slice(12, 14));
  const expected = new Date(nowEpochSeconds * 1000).toISOString();
  assert.ok(Math.abs(ms - nowEpochSeconds * 1000) <= 10_000, `log_id timestamp ${st} should be the UTC server clock time ${expected}`);
}

function assertUserTokens(r, scopes, { access = 7200, refresh = 15552000 } = {}) {
  assert.equal(r.status, 200, `HTTP ${r.status} ${r.text}`);
  assert.deepEqual(Object.keys(JSON.parse(r.text)), USER_TOKEN_FIELDS, 'fields and their order');
  const b = r.body;
  assert.match(b.access_token, /^act\./);
  assert.match(b.refresh_token, /^rft\./);
  assert.equal(b.token_type, 'Bearer');
  assert.equal(typeof b.expires_in, 'number');
  assert.ok(b.expires_in > access - 10 && b.expires_in <= access, `expires_in ${b.expires_in}`);
  assert.equal(typeof b.refresh_expires_in, 'number');
  assert.ok(b.refresh_expires_in > refresh - 10 && b.refresh_expires_in <= refresh, `refresh_expires_in ${b.refresh_expires_in}`);
  assert.equal(typeof b.open_id, 'string');
  assert.ok(b.open_id.length > 0);
  if (scopes) assert.deepEqual(b.scope.split(',').sort(), [...scopes].sort());
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/i);
}

test('code exchange: success body, field order, prefixes, no-store', async () => {
  const c = await code();
  const r = await server.token(form(c));
  assertUserTokens(r, ['user.info.basic', 'user.info.profile']);
  assert.equal(await accessWorks(server, r.body.access_token), true);
  const info = await server.userinfo(r.body.access_token, 'open_id');
  assert.equal(info.body.data.user.open_id, r.body.open_id, 'open_id of the token answer is the user info open_id');
});

test('parameters in any order, unknown parameters ignored, path without trailing slash', async () => {
  const c = await code();
  const f = form(c);
  const reversed = new URLSearchParams(Object.entries(f).reverse());
  reversed.append('foo', 'bar');
  reversed.append('scope', 'ignored');
  const r = await server.token(reversed, { path: '/v2/oauth/token' });
  assertUserTokens(r);
});

test('Content-Type: form with a charset parameter is fine', async () => {
  const c = await code();
  const r = await server.token(form(c), { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
  assertUserTokens(r);
  const c2 = await code();
  const r2 = await server.token(form(c2), { contentType: 'Application/X-WWW-Form-Urlencoded;charset=utf-8' });
  assertUserTokens(r2);
});

test('Content-Type: JSON body, other types and none are invalid_request (malformed)', async () => {
  const c = await code();
  const json = await server.tokenRaw(JSON.stringify(form(c)), { 'content-type': 'application/json' });
  assertTokenError(json, 'invalid_request', { description: MALFORMED });
  const text = await server.tokenRaw(new URLSearchParams(form(c)).toString(), { 'content-type': 'text/plain' });
  assertTokenError(text, 'invalid_request', { description: MALFORMED });
  const multipart = new FormData();
  for (const [k, v] of Object.entries(form(c))) multipart.append(k, v);
  const mp = await server.request('POST', '/v2/oauth/token/', { body: multipart });
  assertTokenError({ status: mp.status, body: mp.json, headers: mp.headers, text: mp.text }, 'invalid_request', {
    description: MALFORMED,
  });
  const none = await server.tokenRaw(new TextEncoder().encode(new URLSearchParams(form(c)).toString()), {});
  assertTokenError(none, 'invalid_request', { description: MALFORMED });
});

test('client authentication: HTTP Basic', async () => {
  const c = await code();
  const { client_key, client_secret, ...rest } = form(c);
  const r = await server.token(rest, { headers: { authorization: basicAuth(client_key, client_secret) } });
  assertUserTokens(r);
});

test('client authentication: client_id as an alias of client_key, and both when equal', async () => {
  const c = await code();
  const { client_key, ...rest } = form(c);
  const r = await server.token({ ...rest, client_id: client_key });
  assertUserTokens(r);
  const c2 = await code();
  const r2 = await server.token(form(c2, { client_id: app.client_key }));
  assertUserTokens(r2);
  const c3 = await code();
  const r3 = await server.token(form(c3), { headers: { authorization: basicAuth(app.client_key, app.client_secret) } });
  assertUserTokens(r3);
});

test('two different client identities: invalid_request', async () => {
  const c = await code();
  const r = await server.token(form(c, { client_id: otherApp.client_key }));
  assertTokenError(r, 'invalid_request');
  const { client_key, client_secret, ...rest } = form(c);
  const r2 = await server.token(
    { ...rest, client_key: app.client_key },
    { headers: { authorization: basicAuth(otherApp.client_key, otherApp.client_secret) } },
  );
  assertTokenError(r2, 'invalid_request');
});

test('wrong secret / unknown client: invalid_client with HTTP 200 by default', async () => {
  const c = await code();
  assertTokenError(await server.token(form(c, { client_secret: 'wrong' })), 'invalid_client', { status: 200 });
  assertTokenError(await server.token(form(c, { client_secret: otherApp.client_secret })), 'invalid_client', { status: 200 });
  assertTokenError(await server.token(form(c, { client_key: 'nobody' })), 'invalid_client', { status: 200 });
  const { client_secret, ...noSecret } = form(c);
  const r = await server.token(noSecret);
  assert.ok(['invalid_client', 'invalid_request'].includes(r.body?.error), r.text);
  assert.equal(r.status, 200);
  const { client_key, client_secret: s2, ...rest } = form(c);
  assertTokenError(
    await server.token(rest, { headers: { authorization: basicAuth(app.client_key, 'wrong') } }),
    'invalid_client',
    { status: 200 },
  );
});

test('rfc setting: invalid_client is 401, other errors 400', async () => {
  const c = await code({}, rfcApp, rfc, rfcJar);
  const wrong = await rfc.token(form(c, { client_secret: 'wrong' }, rfcApp));
  assertTokenError(wrong, 'invalid_client', { status: 401 });
  const json = await rfc.tokenRaw(JSON.stringify(form(c, {}, rfcApp)), { 'content-type': 'application/json' });
  assertTokenError(json, 'invalid_request', { status: 400, description: MALFORMED });
  const grant = await rfc.token(form(c, { grant_type: 'password' }, rfcApp));
  assertTokenError(grant, 'unsupported_grant_type', { status: 400 });
  const c2 = await code({}, rfcApp, rfc, rfcJar);
  const ok = await rfc.token(form(c2, {}, rfcApp));
  assertUserTokens(ok, undefined, RFC_TTL);
  const replay = await rfc.token(form(c2, {}, rfcApp));
  assertTokenError(replay, 'invalid_grant', { status: 400 });
});

test('lifetimes come from the configuration (access_ttl, refresh_ttl, code_ttl)', async () => {
  const c = await code({}, rfcApp, rfc, rfcJar);
  const r = await rfc.token(form(c, {}, rfcApp));
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.expires_in > 290 && r.body.expires_in <= 300, `expires_in ${r.body.expires_in}`);
  assert.ok(r.body.refresh_expires_in > 99990 && r.body.refresh_expires_in <= 100000, `refresh_expires_in ${r.body.refresh_expires_in}`);
  const c2 = await code({}, rfcApp, rfc, rfcJar);
  await rfc.advanceClock(121);
  assertTokenError(await rfc.token(form(c2, {}, rfcApp)), 'invalid_grant', { status: 400 });
  assert.equal(await accessWorks(rfc, r.body.access_token), true);
  await rfc.advanceClock(200);
  assert.equal(await accessWorks(rfc, r.body.access_token), false, 'access token expired after access_ttl');
});

test('default setting: every error is HTTP 200', async () => {
  const c = await code();
  assertTokenError(await server.token(form(c, { grant_type: 'password' })), 'unsupported_grant_type', { status: 200 });
  assertTokenError(await server.token(form(c, { code: 'nope' })), 'invalid_grant', { status: 200 });
  const { grant_type, ...noGrant } = form(c);
  const r = await server.token(noGrant);
  assert.ok(['invalid_request', 'unsupported_grant_type'].includes(r.body?.error), r.text);
  assert.equal(r.status, 200);
});

test('redirect_uri must equal the one authorized', async () => {
  const c = await code();
  const r = await server.token(form(c, { redirect_uri: c.redirectUri + '/' }));
  assertTokenError(r, 'invalid_grant', { description: REDIRECT_MISMATCH });
  const r2 = await server.token(form(c, { redirect_uri: 'https://elsewhere.example.com/callback' }));
  assertTokenError(r2, 'invalid_grant', { description: REDIRECT_MISMATCH });
});

test('desktop: redirect_uri must be the one authorized, including the concrete port', async () => {
  const v = pkceVerifier();
  const c = await server.authorizeCode(jar, desktopApp, {
    redirect_uri: 'http://localhost:50123/callback',
    code_challenge: challengeHex(v),
    code_challenge_method: 'S256',
  });
  const other = await server.token(
    form(c, { redirect_uri: 'http://localhost:50124/callback', code_verifier: v }, desktopApp),
  );
  assertTokenError(other, 'invalid_grant', { description: REDIRECT_MISMATCH });
});

test('a code is bound to its app', async () => {
  const c = await code();
  const r = await server.token(form(c, {}, otherApp));
  assertTokenError(r, 'invalid_grant');
});

test('PKCE: lowercase hex challenge (platform encoding)', async () => {
  const v = pkceVerifier(43);
  const c = await server.authorizeCode(jar, desktopApp, {
    redirect_uri: 'http://localhost:40001/callback',
    code_challenge: challengeHex(v),
    code_challenge_method: 'S256',
  });
  assertUserTokens(await server.token(form(c, { code_verifier: v }, desktopApp)));
});

test('PKCE: base64url challenge (RFC 7636)', async () => {
  const v = pkceVerifier(128);
  const c = await server.authorizeCode(jar, desktopApp, {
    redirect_uri: 'http://localhost:40002/callback',
    code_challenge: challengeBase64url(v),
    code_challenge_method: 'S256',
  });
  assertUserTokens(await server.token(form(c, { code_verifier: v }, desktopApp)));
  // web apps may use PKCE too
  const v2 = pkceVerifier();
  const c2 = await code({ code_challenge: challengeBase64url(v2), code_challenge_method: 'S256' });
  assertUserTokens(await server.token(form(c2, { code_verifier: v2 })));
});

test('PKCE: wrong verifier is invalid_grant, missing verifier refused', async () => {
  const v = pkceVerifier();
  const c = await server.authorizeCode(jar, desktopApp, {
    redirect_uri: 'http://localhost:40003/callback',
    code_challenge: challengeBase64url(v),
    code_challenge_method: 'S256',
  });
  assertTokenError(await server.token(form(c, { code_verifier: pkceVerifier() }, desktopApp)), 'invalid_grant');
  const c2 = await server.authorizeCode(jar, desktopApp, {
    redirect_uri: 'http://localhost:40004/callback',
    code_challenge: challengeBase64url(v),
    code_challenge_method: 'S256',
  });
  const missing = await server.token(form(c2, {}, desktopApp));
  assert.ok(['invalid_request', 'invalid_grant'].includes(missing.body?.error), `missing verifier: ${missing.text}`);
  assert.match(String(missing.body.log_id), LOG_ID_RE);
  // the verifier itself (instead of its hash) is not accepted as the challenge answer
  const v3 = pkceVerifier();
  const c3 = await code({ code_challenge: challengeBase64url(v3), code_challenge_method: 'S256' });
  assertTokenError(await server.token(form(c3, { code_verifier: challengeBase64url(v3) })), 'invalid_grant');
});

test('PKCE: verifier with characters outside [A-Za-z0-9-._~] or of a bad length is refused', async () => {
  const short = 'a'.repeat(42);
  const c = await code({ code_challenge: challengeBase64url(short), code_challenge_method: 'S256' });
  const r = await server.token(form(c, { code_verifier: short }));
  assert.ok(['invalid_request', 'invalid_grant'].includes(r.body?.error), `42-char verifier: ${r.text}`);
  const bad = 'a'.repeat(50) + '+/=';
  const c2 = await code({ code_challenge: challengeBase64url(bad), code_challenge_method: 'S256' });
  const r2 = await server.token(form(c2, { code_verifier: bad }));
  assert.ok(['invalid_request', 'invalid_grant'].includes(r2.body?.error), `verifier with +/=: ${r2.text}`);
});

test('PKCE: a verifier is ignored when no challenge was sent', async () => {
  const c = await code();
  assertUserTokens(await server.token(form(c, { code_verifier: pkceVerifier() })));
});

test('code replay: invalid_grant, and the tokens of the first exchange stop working', async () => {
  const c = await code();
  const first = await server.token(form(c));
  assertUserTokens(first);
  assert.equal(await accessWorks(server, first.body.access_token), true);
  const replay = await server.token(form(c));
  assertTokenError(replay, 'invalid_grant');
  assert.equal(await accessWorks(server, first.body.access_token), false, 'access token revoked by the replay');
  const refreshed = await server.refresh(app, first.body.refresh_token);
  assertTokenError(refreshed, 'invalid_grant');
});

test('code replay also revokes tokens obtained by refreshing the first exchange', async () => {
  const c = await code();
  const first = await server.token(form(c));
  assertUserTokens(first);
  const rotated = await server.refresh(app, first.body.refresh_token);
  assertUserTokens(rotated);
  assert.equal(await accessWorks(server, rotated.body.access_token), true);
  assertTokenError(await server.token(form(c)), 'invalid_grant');
  assert.equal(await accessWorks(server, rotated.body.access_token), false, 'refreshed access token revoked');
  assertTokenError(await server.refresh(app, rotated.body.refresh_token), 'invalid_grant');
});

test('a used code presented by another app is invalid_grant', async () => {
  const c = await code();
  const first = await server.token(form(c));
  assertUserTokens(first);
  // the same code presented by another app is invalid_grant (it is not that app's code)
  assertTokenError(await server.token(form(c, {}, otherApp)), 'invalid_grant');
});

test('unknown or v1-looking codes are invalid_grant', async () => {
  for (const bogus of ['', 'x', 'act.' + 'a'.repeat(40), 'code-that-does-not-exist-0123456789abcdef']) {
    const r = await server.token({
      client_key: app.client_key,
      client_secret: app.client_secret,
      code: bogus,
      grant_type: 'authorization_code',
      redirect_uri: app.redirect_uris.web[0],
    });
    assert.ok(['invalid_grant', 'invalid_request'].includes(r.body?.error), `code ${JSON.stringify(bogus)}: ${r.text}`);
    if (bogus.length > 1) assert.equal(r.body.error, 'invalid_grant', `code ${bogus}`);
  }
});

test('log_id: format, and the same log_id appears in the server log line of the request', async () => {
  const now = await server.now();
  const r = await server.token({ client_key: app.client_key, client_secret: 'wrong', grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://x' });
  assert.match(r.body.log_id, LOG_ID_RE);
  assertStampNear(r.body.log_id, now);
  const line = await server.waitForLog((l) => l.log_id === r.body.log_id);
  assert.equal(line.method, 'POST');
  assert.match(line.path, /^\/v2\/oauth\/token\/?/);
  assert.equal(line.status, r.status);
  assert.equal(typeof line.ms, 'number');
  assert.equal(typeof line.time, 'string');
  // log_ids differ between requests
  const r2 = await server.token({ client_key: app.client_key, client_secret: 'wrong', grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://x' });
  assert.notEqual(r2.body.log_id, r.body.log_id);
});

test('code expiry: a code is refused after 10 minutes (clock + 601 s)', async () => {
  const c = await code();
  const c2 = await code();
  await server.advanceClock(590);
  assertUserTokens(await server.token(form(c2)), undefined);
  await server.advanceClock(11);
  assertTokenError(await server.token(form(c)), 'invalid_grant');
  // log_id follows the injected clock
  const now = await server.now();
  const r = await server.token(form(c));
  assertStampNear(r.body.log_id, now);
});
