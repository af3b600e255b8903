// Discovery and introspection for resource servers. RFC 8414 metadata at
// /.well-known/oauth-authorization-server and RFC 7662 introspection at POST /v2/oauth/introspect/
// (form body `token`, client authentication as at the token endpoint).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertTokenError, basicAuth, uniq } from './lib/server.mjs';
import { utc, EOL_DATE, setClock, atDate, createLegacyApp, v1Tokens } from './lib/v1.mjs';

const INTROSPECT = '/v2/oauth/introspect/';
const SCOPE = 'user.info.basic,user.info.profile';

let server;
let app;
let otherApp;

before(async () => {
  server = await startServer();
  app = await server.createApp({ name: uniq('IntrospectApp') });
  otherApp = await server.createApp({ name: uniq('IntrospectOther') });
});
after(async () => {
  await server?.stop();
});

async function introspect(token, a = app, { extra = {}, headers = {}, s = server, auth = 'body' } = {}) {
  const form = auth === 'body' ? { client_key: a.client_key, client_secret: a.client_secret, token, ...extra } : { token, ...extra };
  if (form.token === undefined) delete form.token;
  const h = auth === 'basic' ? { authorization: basicAuth(a.client_key, a.client_secret), ...headers } : headers;
  const r = await s.postForm(INTROSPECT, form, { headers: h });
  return { status: r.status, body: r.json, headers: r.headers, text: r.text };
}

function assertInactive(r, what) {
  assert.equal(r.status, 200, `${what}: HTTP 200 (${r.text})`);
  assert.deepEqual(r.body, { active: false }, `${what}: exactly {"active":false} (RFC 7662 §2.2), got ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/i, `${what}: Cache-Control: no-store`);
}

function assertActive(r, what) {
  assert.equal(r.status, 200, `${what}: HTTP 200 (${r.text})`);
  assert.equal(r.body?.active, true, `${what}: active, got ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.match(r.headers.get('cache-control') ?? '', /no-store/i, `${what}: Cache-Control: no-store`);
  return r.body;
}

function scopeSet(s) {
  assert.equal(typeof s, 'string');
  assert.ok(!s.includes(','), `scope is space separated (RFC 7662 §2.2): "${s}"`);
  return s.split(' ').filter(Boolean).sort();
}

async function userTokens(a = app, scope = SCOPE) {
  const { jar } = await server.newSignedInUser();
  return server.obtainTokens(jar, a, { scope });
}

// --- RFC 8414 metadata ---------------------------------------------------------------------------

test('RFC 8414 metadata: issuer from the request, endpoints under it, code flow with S256, client auth methods, scopes', async () => {
  const r = await server.get('/.well-known/oauth-authorization-server');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  const m = r.json;
  assert.ok(m && typeof m === 'object', 'a JSON object');
  assert.equal(m.issuer, server.base, 'issuer is the base URL the request came to');
  const iss = new URL(m.issuer);
  assert.equal(iss.search, '', 'issuer has no query');
  assert.equal(iss.hash, '', 'issuer has no fragment');
  assert.equal(m.authorization_endpoint, `${server.base}/v2/auth/authorize/`);
  assert.equal(m.token_endpoint, `${server.base}/v2/oauth/token/`);
  assert.equal(m.revocation_endpoint, `${server.base}/v2/oauth/revoke/`);
  assert.equal(m.introspection_endpoint, `${server.base}/v2/oauth/introspect/`);
  assert.deepEqual(m.response_types_supported, ['code']);
  for (const g of ['authorization_code', 'refresh_token', 'client_credentials']) assert.ok(m.grant_types_supported?.includes(g), `grant type ${g}`);
  assert.deepEqual(m.code_challenge_methods_supported, ['S256'], 'S256 only (no plain)');
  for (const key of ['token_endpoint_auth_methods_supported', 'revocation_endpoint_auth_methods_supported', 'introspection_endpoint_auth_methods_supported']) {
    assert.ok(Array.isArray(m[key]), `${key} is a list`);
    assert.ok(m[key].includes('client_secret_post'), `${key} has client_secret_post`);
    assert.ok(m[key].includes('client_secret_basic'), `${key} has client_secret_basic`);
    assert.ok(!m[key].includes('none'), `${key}: no public clients`);
  }
  for (const s of ['user.info.basic', 'user.info.profile', 'user.info.stats']) assert.ok(m.scopes_supported?.includes(s), `scope ${s}`);
  assert.notEqual(m.authorization_response_iss_parameter_supported, true, 'no iss parameter on redirects (SPEC §2.1)');
  // Also without the trailing-slash-free form
  const again = await server.get('/.well-known/oauth-authorization-server/');
  assert.equal(again.status, 200, 'the path with a trailing slash works too (SPEC: every path with and without it)');
});

test('RFC 8414 metadata: the endpoints it names work', async () => {
  const m = (await server.get('/.well-known/oauth-authorization-server')).json;
  const path = (u) => new URL(u).pathname;
  const cc = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }, { path: path(m.token_endpoint) });
  assert.equal(cc.status, 200, cc.text);
  assertActive(await introspect(cc.body.access_token, app, { s: server }), 'client token at the advertised introspection endpoint');
  const rv = await server.postForm(path(m.revocation_endpoint), { client_key: app.client_key, client_secret: app.client_secret, token: cc.body.access_token });
  assert.equal(rv.status, 200);
  const authz = await server.get(`${path(m.authorization_endpoint)}?${new URLSearchParams(server.authorizeParams(app))}`);
  assert.equal(authz.status, 302, 'the authorization endpoint sends an anonymous user to sign in');
  assert.match(authz.location ?? '', /\/account\/signin/);
});

test('RFC 8414 metadata: LOGINKIT_ISSUER sets the issuer and the endpoints', async () => {
  const issuer = 'https://login.example.com';
  const s = await startServer({ env: { LOGINKIT_ISSUER: issuer } });
  try {
    const m = (await s.get('/.well-known/oauth-authorization-server')).json;
    assert.equal(m.issuer, issuer);
    assert.equal(m.token_endpoint, `${issuer}/v2/oauth/token/`);
    assert.equal(m.authorization_endpoint, `${issuer}/v2/auth/authorize/`);
    assert.equal(m.introspection_endpoint, `${issuer}/v2/oauth/introspect/`);
  } finally {
    await s.stop();
  }
});

// --- RFC 7662 introspection ----------------------------------------------------------------------

test('introspection of an active access token: active, scope (space separated), client_id, token_type, exp, sub', async () => {
  const now = await server.now();
  const t = await userTokens();
  const r = await introspect(t.access_token);
  const body = assertActive(r, 'fresh access token');
  assert.deepEqual(Object.keys(body).sort(), ['active', 'client_id', 'exp', 'scope', 'sub', 'token_type'], `fields: ${r.text}`);
  assert.deepEqual(scopeSet(body.scope), SCOPE.split(',').sort());
  assert.equal(body.client_id, app.client_key);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(typeof body.exp, 'number');
  assert.ok(Math.abs(body.exp - (now + t.expires_in)) <= 5, `exp ${body.exp} ≈ now ${now} + expires_in ${t.expires_in}`);
  assert.equal(body.sub, t.open_id, 'sub is the open_id the app knows the user by');

  // HTTP Basic and the client_id alias authenticate the same way.
  assert.deepEqual(assertActive(await introspect(t.access_token, app, { auth: 'basic' }), 'Basic auth'), body);
  const alias = await server.postForm(INTROSPECT, { client_id: app.client_key, client_secret: app.client_secret, token: t.access_token });
  assert.equal(alias.json?.active, true, `client_id alias: ${alias.text}`);
  // token_type_hint is accepted (and ignored where wrong).
  assert.equal((await introspect(t.access_token, app, { extra: { token_type_hint: 'refresh_token' } })).body?.active, true);
});

test('introspection of a refresh token: active with its own exp and the same sub', async () => {
  const now = await server.now();
  const t = await userTokens();
  const body = assertActive(await introspect(t.refresh_token), 'refresh token');
  assert.equal(body.client_id, app.client_key);
  assert.equal(body.sub, t.open_id);
  assert.notEqual(body.token_type, 'Bearer', `a refresh token is not reported as a Bearer access token: ${body.token_type}`);
  assert.ok(Math.abs(body.exp - (now + t.refresh_expires_in)) <= 5, `exp ${body.exp} ≈ now + refresh_expires_in`);
  assert.deepEqual(scopeSet(body.scope), SCOPE.split(',').sort());
});

test('introspection of a client_credentials token: active, the app\'s client_id, no user', async () => {
  const cc = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
  assert.equal(cc.status, 200, cc.text);
  const body = assertActive(await introspect(cc.body.access_token), 'client token');
  assert.equal(body.client_id, app.client_key);
  assert.equal(body.token_type, 'Bearer');
  assert.ok(!('sub' in body), `no sub for a token without a user: ${JSON.stringify(body)}`);
});

test('introspection of an expired access token (clock + access lifetime) is inactive; its refresh token stays active', async () => {
  const t = await userTokens();
  assertActive(await introspect(t.access_token), 'before expiry');
  await server.advanceClock(t.expires_in - 30);
  assertActive(await introspect(t.access_token), '30 s before expiry');
  await server.advanceClock(31);
  assertInactive(await introspect(t.access_token), 'expired access token');
  assertActive(await introspect(t.refresh_token), 'its refresh token lives on');
});

test('introspection of an expired client token is inactive', async () => {
  const cc = (await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' })).body;
  await server.advanceClock(cc.expires_in + 1);
  assertInactive(await introspect(cc.access_token), 'expired client token');
});

test('introspection after revocation: access and refresh tokens of the grant are inactive', async () => {
  const t = await userTokens();
  const other = await userTokens(); // another grant of the same app is not touched
  assert.deepEqual((await server.revoke({ client_key: app.client_key, client_secret: app.client_secret, token: t.access_token })).body, {});
  assertInactive(await introspect(t.access_token), 'revoked access token');
  assertInactive(await introspect(t.refresh_token), 'refresh token of the revoked grant');
  assertActive(await introspect(other.access_token), 'another grant stays active');
});

test('introspection after refresh rotation: the rotated refresh token is inactive, the new one active, the earlier access token still active', async () => {
  const t = await userTokens();
  const r = await server.refresh(app, t.refresh_token);
  assert.equal(r.status, 200, r.text);
  const t1 = r.body;
  assertInactive(await introspect(t.refresh_token), 'rotated refresh token');
  const fresh = assertActive(await introspect(t1.refresh_token), 'new refresh token');
  assert.equal(fresh.sub, t.open_id, 'same user');
  assertActive(await introspect(t1.access_token), 'new access token');
  assertActive(await introspect(t.access_token), 'access token issued before the rotation (SPEC §2.2: valid until it expires)');
  // Reuse of the rotated refresh token kills the family.
  assert.equal((await server.refresh(app, t.refresh_token)).body?.error, 'invalid_grant');
  for (const [tok, what] of [[t.access_token, 'first access'], [t1.access_token, 'second access'], [t1.refresh_token, 'second refresh']]) {
    assertInactive(await introspect(tok), `${what} token after refresh reuse`);
  }
});

test('foreign tokens: another app\'s token is inactive for this app, active for its own', async () => {
  const theirs = await userTokens(otherApp, 'user.info.basic');
  assertInactive(await introspect(theirs.access_token, app), 'another app\'s access token');
  assertInactive(await introspect(theirs.refresh_token, app), 'another app\'s refresh token');
  const cc = (await server.token({ client_key: otherApp.client_key, client_secret: otherApp.client_secret, grant_type: 'client_credentials' })).body;
  assertInactive(await introspect(cc.access_token, app), 'another app\'s client token');
  const own = assertActive(await introspect(theirs.access_token, otherApp), 'the owner sees it active');
  assert.equal(own.client_id, otherApp.client_key);
  assert.deepEqual(scopeSet(own.scope), ['user.info.basic']);
});

test('unknown, malformed and v1 tokens are inactive', async () => {
  for (const tok of ['act.no-such-token', 'rft.no-such-token', 'clt.no-such-token', 'garbage', 'x'.repeat(500)]) {
    assertInactive(await introspect(tok), `token ${tok.slice(0, 20)}`);
  }
  const domain = `${uniq('i').toLowerCase()}.example`;
  await setClock(server, utc(2023, 1, 15, 12));
  const legacy = await createLegacyApp(server, { domains: [domain] });
  const { jar } = await atDate(server, EOL_DATE - 3600);
  const v1 = await v1Tokens(server, jar, legacy, `https://${domain}/cb`);
  assertInactive(await introspect(v1.access_token, legacy), 'a v1 access token');
  assertInactive(await introspect(v1.refresh_token, legacy), 'a v1 refresh token');
});

test('introspection requires client authentication: wrong secret, unknown client, no credentials are invalid_client', async () => {
  const t = await userTokens();
  assertTokenError(await introspect(t.access_token, { client_key: app.client_key, client_secret: 'not-the-secret-123' }), 'invalid_client');
  assertTokenError(await introspect(t.access_token, { client_key: 'lkNoSuchClient0000', client_secret: app.client_secret }), 'invalid_client');
  assertTokenError(await introspect(t.access_token, otherApp, { extra: { client_secret: app.client_secret } }), 'invalid_client');
  const none = await server.postForm(INTROSPECT, { token: t.access_token });
  assert.ok(['invalid_client', 'invalid_request'].includes(none.json?.error), `no credentials: ${none.text}`);
  assert.notEqual(none.json?.active, true, 'no credentials: never an introspection answer');
  const basicWrong = await introspect(t.access_token, { client_key: app.client_key, client_secret: 'wrong-basic-secret' }, { auth: 'basic' });
  assertTokenError(basicWrong, 'invalid_client');
  // after secret rotation, the old secret no longer introspects
  const a = await server.createApp();
  const rot = await server.adminOk('POST', `/admin/v1/apps/${a.client_key}/rotate-secret`, undefined, 200);
  assertTokenError(await introspect('act.whatever', a), 'invalid_client');
  assertInactive(await introspect('act.whatever', { client_key: a.client_key, client_secret: rot.client_secret }), 'new secret works');
});

test('introspection under error_status = "rfc": invalid_client is HTTP 401 with WWW-Authenticate', async () => {
  const s = await startServer({ errorStatus: 'rfc' });
  try {
    const a = await s.createApp();
    const r = await introspect('act.whatever', { client_key: a.client_key, client_secret: 'wrong-secret-rfc' }, { s });
    assertTokenError(r, 'invalid_client', { status: 401 });
    assert.ok(r.headers.get('www-authenticate'), 'WWW-Authenticate on 401');
  } finally {
    await s.stop();
  }
});

test('introspection request errors: missing token is invalid_request; a JSON body is malformed; GET is refused', async () => {
  assertTokenError(await introspect(undefined, app), 'invalid_request');
  const empty = await introspect('', app);
  assertTokenError(empty, 'invalid_request');
  const json = await server.request('POST', INTROSPECT, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_key: app.client_key, client_secret: app.client_secret, token: 'x' }),
  });
  assertTokenError({ status: json.status, body: json.json, headers: json.headers, text: json.text }, 'invalid_request', { description: 'The request parameters are malformed.' });
  const get = await server.get(INTROSPECT);
  assert.equal(get.status, 405, 'GET is not introspection');
});
