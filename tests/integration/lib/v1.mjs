// Helpers for the legacy v1 API (SPEC.md §3) and the sunset policy (SPEC.md §5,
// docs/server-contract.md "Legacy v1 and the sunset policy"), on top of lib/server.mjs.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { BIN, LOG_ID_RE, URL_SAFE_RE, CookieJar, uniq } from './server.mjs';

export const DAY = 86400;
/** Epoch seconds of a UTC date and time (month 1..12). */
export const utc = (y, m, d, h = 0, mi = 0, s = 0) => Date.UTC(y, m - 1, d, h, mi, s) / 1000;

// SPEC §5 default dates.
export const NEW_APPS_DATE = utc(2023, 5, 12); // apps created on/after: no v1 at all
export const FREEZE_DATE = utc(2023, 6, 12); // legacy redirect domains can no longer be added
export const EOL_DATE = utc(2024, 2, 29); // v1 end of life for web flows

export const V1_ACCESS_TTL = 86400;
export const V1_REFRESH_TTL = 31536000;

export const V1_AUTHORIZE = '/auth/authorize/';
export const V1_CONNECT = '/platform/oauth/connect/';

export const V1_TOKEN_DATA_KEYS = [
  'access_token',
  'expires_in',
  'open_id',
  'refresh_expires_in',
  'refresh_token',
  'scope',
  'error_code',
  'description',
  'captcha',
  'desc_url',
  'log_id',
];
const V1_ENVELOPE_KEYS = ['error_code', 'description', 'captcha', 'desc_url'];

/** POST /admin/v1/clock {"set": epoch}; asserts the clock now stands there. */
export async function setClock(server, epoch) {
  const r = await server.adminOk('POST', '/admin/v1/clock', { set: epoch }, 200);
  assert.ok(Math.abs(r.now - epoch) <= 2, `clock set to ${epoch}, server says ${r?.now}`);
  return r.now;
}

/** Sets the clock, then signs a fresh user in (page sessions depend on the clock). */
export async function atDate(server, epoch, userFields = {}) {
  await setClock(server, epoch);
  return server.newSignedInUser(userFields);
}

/** Signs an existing user in again (e.g. after the clock jumped). */
export async function resignIn(server, user) {
  return server.signIn(user.username, user.password, { jar: new CookieJar() });
}

/**
 * POST to a v1 endpoint.
 * mode 'query' (default): params in the query string, empty body, no Content-Type.
 * mode 'form': params in an application/x-www-form-urlencoded body.
 * Returns {status, body, headers, text}.
 */
export async function v1Post(server, p, params, { mode = 'query', headers = {} } = {}) {
  const q = new URLSearchParams(params).toString();
  let r;
  if (mode === 'query') {
    r = await server.request('POST', q ? `${p}?${q}` : p, { headers });
  } else if (mode === 'form') {
    r = await server.postForm(p, params, { headers });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  return { status: r.status, body: r.json, headers: r.headers, text: r.text };
}

export function v1AccessToken(server, app, code, { mode, clientSecret = app.client_secret, extra = {}, path = '/oauth/access_token/' } = {}) {
  return v1Post(
    server,
    path,
    { client_key: app.client_key, client_secret: clientSecret, code, grant_type: 'authorization_code', ...extra },
    { mode },
  );
}

export function v1Refresh(server, app, refreshToken, { mode, extra = {} } = {}) {
  return v1Post(
    server,
    '/oauth/refresh_token/',
    { client_key: app.client_key, grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
    { mode },
  );
}

export function v1Revoke(server, openId, accessToken, { mode } = {}) {
  return v1Post(server, '/oauth/revoke/', { open_id: openId, access_token: accessToken }, { mode });
}

/**
 * POST /user/info/ with a JSON body sent WITHOUT a Content-Type header (a Uint8Array body makes
 * fetch add none). payload: {access_token, fields:[…], open_id?}. query: optional query params.
 */
export async function v1UserInfo(server, payload, { query, headers = {} } = {}) {
  const q = query ? `?${new URLSearchParams(query)}` : '';
  const body = payload === undefined ? undefined : new Uint8Array(Buffer.from(JSON.stringify(payload)));
  const r = await server.request('POST', `/user/info/${q}`, { headers, body });
  return { status: r.status, body: r.json, headers: r.headers, text: r.text };
}

function assertJson(r, what) {
  assert.equal(r.status, 200, `${what}: v1 answers are HTTP 200, got ${r.status} ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i, `${what}: Content-Type application/json`);
  assert.ok(r.body && typeof r.body === 'object', `${what}: JSON body, got ${r.text.slice(0, 300)}`);
}

/** The v1 success envelope; returns data. keys: the exact set of data keys expected. */
export function assertV1Success(r, keys = ['error_code', 'description', 'captcha', 'desc_url', 'log_id'], what = 'v1 call') {
  assertJson(r, what);
  assert.deepEqual(Object.keys(r.body).sort(), ['data', 'message'], `${what}: top-level keys of ${r.text}`);
  assert.equal(r.body.message, 'success', `${what}: message "success" (got ${r.text})`);
  const d = r.body.data;
  assert.deepEqual(Object.keys(d).sort(), [...keys].sort(), `${what}: data keys of ${r.text}`);
  assert.equal(d.error_code, 0, `${what}: error_code 0`);
  assert.equal(d.description, '');
  assert.equal(d.captcha, '');
  assert.equal(d.desc_url, '');
  assert.match(String(d.log_id), LOG_ID_RE, `${what}: log_id format`);
  return d;
}

/** The exact v1 token success envelope; returns data. */
export function assertV1TokenSuccess(r, { scope, what = 'v1 token' } = {}) {
  const d = assertV1Success(r, V1_TOKEN_DATA_KEYS, what);
  assert.equal(typeof d.access_token, 'string');
  assert.ok(d.access_token.length >= 16, 'access_token looks like a token');
  assert.equal(d.expires_in, V1_ACCESS_TTL, 'v1 access tokens live 24 h');
  assert.equal(typeof d.open_id, 'string');
  assert.ok(d.open_id, 'open_id not empty');
  assert.equal(typeof d.refresh_token, 'string');
  assert.ok(d.refresh_token.length >= 16);
  assert.notEqual(d.refresh_token, d.access_token);
  assert.equal(typeof d.refresh_expires_in, 'number');
  assert.ok(d.refresh_expires_in > 0 && d.refresh_expires_in <= V1_REFRESH_TTL, `refresh_expires_in ${d.refresh_expires_in} within 365 days`);
  assert.equal(typeof d.scope, 'string');
  if (scope !== undefined) assert.equal(d.scope, scope, 'scope');
  return d;
}

/**
 * The v1 error envelope {"data":{"error_code":N,"description","captcha":"","desc_url":""},"message":"error"}.
 * data holds exactly these four keys (SPEC §3); the answer's log id is in the X-Tt-Logid header.
 */
export function assertV1Error(r, code, what = `v1 error ${code}`) {
  assertJson(r, what);
  assert.equal(r.body?.data?.error_code, code, `${what}: expected error_code ${code}, got ${r.text}`);
  assert.deepEqual(Object.keys(r.body).sort(), ['data', 'message'], `${what}: top-level keys of ${r.text}`);
  assert.equal(r.body.message, 'error', `${what}: message "error"`);
  const d = r.body.data;
  for (const k of V1_ENVELOPE_KEYS) assert.ok(k in d, `${what}: data.${k} present in ${r.text}`);
  assert.deepEqual(Object.keys(d).sort(), [...V1_ENVELOPE_KEYS].sort(), `${what}: exactly SPEC's data keys (${r.text})`);
  assert.match(r.headers.get('x-tt-logid') ?? '', LOG_ID_RE, `${what}: X-Tt-Logid header carries the log id`);
  assert.equal(typeof d.description, 'string');
  assert.ok(d.description.length > 0, `${what}: a description says what went wrong`);
  assert.equal(d.captcha, '');
  assert.equal(d.desc_url, '');
  return d;
}

/** v1 user info success: {"data":{"user":{…}},"error":{"code":0,"message":""}}; returns user. */
export function assertV1UserInfoOk(r, what = 'v1 user info') {
  assertJson(r, what);
  assert.equal(r.body?.error?.code, 0, `${what}: error.code 0, got ${r.text}`);
  assert.deepEqual(Object.keys(r.body).sort(), ['data', 'error'], `${what}: top-level keys`);
  assert.equal(r.body.error.message, '');
  assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'message'], `${what}: error keys as SPEC §3 has them`);
  assert.match(r.headers.get('x-tt-logid') ?? '', LOG_ID_RE, `${what}: X-Tt-Logid header carries the log id`);
  assert.deepEqual(Object.keys(r.body.data), ['user'], `${what}: data holds user only`);
  assert.ok(r.body.data.user && typeof r.body.data.user === 'object');
  return r.body.data.user;
}

/** v1 user info error: HTTP 200, error.code N, data without user. */
export function assertV1UserInfoError(r, code, what = `v1 user info error ${code}`) {
  assertJson(r, what);
  assert.equal(r.body?.error?.code, code, `${what}: expected error.code ${code}, got ${r.text}`);
  assert.equal(typeof r.body.error.message, 'string');
  assert.ok(r.body.error.message.length > 0, `${what}: a message says what went wrong`);
  assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'message'], `${what}: error keys as SPEC §3 has them`);
  assert.ok(!r.body.data || !r.body.data.user, `${what}: no user data on error`);
}

/** True when a v1 access token works at POST /user/info/ (false on 10008). */
export async function v1AccessWorks(server, accessToken) {
  const r = await v1UserInfo(server, { access_token: accessToken, fields: ['open_id'] });
  assertJson(r, 'v1 user info');
  if (r.body?.error?.code === 0) return true;
  assert.equal(r.body?.error?.code, 10008, `v1 user info answered neither 0 nor 10008: ${r.text}`);
  return false;
}

/** An untrusted client or redirect URI: HTML error page, 400, never a Location. */
export function assertErrorPage(r, what) {
  assert.equal(r.status, 400, `${what}: expected the 400 error page, got ${r.status} ${r.location ?? ''}`);
  assert.equal(r.location, null, `${what}: an error page must not redirect (Location: ${r.location})`);
  assert.match(r.headers.get('content-type') ?? '', /text\/html/i, `${what}: error page is HTML`);
}

/** Asserts a redirect back to redirectUri carrying error (+ description, state, no code). */
export function assertErrorRedirect(server, r, redirectUri, error, state) {
  assert.equal(r.status, 302, `expected a 302 error redirect, got ${r.status}: ${r.text.slice(0, 200)}`);
  const loc = new URL(r.location, server.base);
  assert.equal(loc.origin + loc.pathname, redirectUri, 'error redirects go to the redirect URI');
  assert.equal(loc.searchParams.get('error'), error, `error parameter in ${r.location}`);
  assert.ok(loc.searchParams.get('error_description'), 'error_description present');
  assert.equal(loc.searchParams.get('state'), state, 'state echoed');
  assert.equal(loc.searchParams.get('code'), null, 'no code on error');
  return loc.searchParams;
}

/**
 * Creates an app through the admin API (clock must already stand where created_at should be).
 * Defaults: web on, no web redirect URI (webUris), no legacy domain (domains), no mobile URIs.
 */
export async function createLegacyApp(server, { domains = [], webUris = [], android = [], ios = [], ...fields } = {}) {
  const body = { name: uniq('Legacy '), web: true, redirect_uris: { web: webUris, desktop: [], android, ios }, ...fields };
  if (domains.length) body.legacy_domains = domains;
  return server.createApp(body);
}

/** v1 authorize params. */
export function v1Params(app, redirectUri, extra = {}) {
  return { client_key: app.client_key, response_type: 'code', scope: 'user.info.basic', redirect_uri: redirectUri, state: uniq('st'), ...extra };
}

/** GET (and consent POST) v1 authorize; asserts a code came back; returns {code, scopes, state, result}. */
export async function v1Code(server, jar, app, redirectUri, { base = V1_AUTHORIZE, extra = {}, opts = {} } = {}) {
  const params = v1Params(app, redirectUri, extra);
  const result = await server.authorize(jar, params, { base, ...opts });
  assert.ok(
    result.location && result.params.get('code'),
    `v1 authorize gave no code: GET ${result.get.status} ${result.get.location ?? ''} / POST ${result.post?.status} ${result.post?.location ?? ''} ${(result.post ?? result.get).text.slice(0, 300)}`,
  );
  assert.equal(result.location.origin + result.location.pathname, redirectUri, 'code goes to the redirect URI');
  assert.match(result.params.get('code'), URL_SAFE_RE);
  assert.equal(result.params.get('state'), params.state, 'state echoed');
  return { code: result.params.get('code'), scopes: result.params.get('scopes'), state: params.state, result };
}

/** v1 authorize + code exchange (query-string mode); returns the token data. */
export async function v1Tokens(server, jar, app, redirectUri, opts = {}) {
  const { code } = await v1Code(server, jar, app, redirectUri, opts);
  return assertV1TokenSuccess(await v1AccessToken(server, app, code), { what: 'v1 code exchange' });
}

/** Runs `loginkit <args>`; resolves {code, stdout, stderr}. */
export function runCli(args, timeoutMs = 10_000) {
  return new Promise((resolve) => {
    execFile(BIN, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Row of one app in a migration report. */
export function migrationRow(report, app) {
  const row = report?.apps?.find((a) => a.client_key === app.client_key);
  assert.ok(row, `migration report has a row for ${app.client_key}: ${JSON.stringify(report)?.slice(0, 500)}`);
  return row;
}
