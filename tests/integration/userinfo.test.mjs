// SPEC.md §2.4 GET /v2/user/info/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertUserinfoError, LOG_ID_RE } from './lib/server.mjs';

let server; // userinfo = lenient (default)
let strict; // userinfo = "strict"
let dev1;
let dev2;
let appA; // developer 1
let appB; // developer 1
let appC; // developer 2
let alice;
let aliceJar;
let bob;
let bobJar;
let strictApp;
let strictJar;

const ALL = 'user.info.basic,user.info.profile,user.info.stats';
const BASIC_FIELDS = ['open_id', 'union_id', 'avatar_url', 'avatar_url_100', 'avatar_large_url', 'display_name'];
const PROFILE_FIELDS = ['bio_description', 'profile_deep_link', 'is_verified', 'username'];
const STATS_FIELDS = ['follower_count', 'following_count', 'likes_count', 'video_count'];

const ALICE = {
  display_name: 'Alice Ämbelé 🎈',
  avatar_url: 'https://cdn.example.com/alice.png',
  bio_description: 'Hello <world> & "friends"',
  is_verified: true,
  follower_count: 1234,
  following_count: 56,
  likes_count: 7890,
  video_count: 12,
};

before(async () => {
  [server, strict] = await Promise.all([startServer(), startServer({ userinfo: 'strict' })]);
  dev1 = await server.createDeveloper();
  dev2 = await server.createDeveloper();
  appA = await server.createApp({ developer: dev1.email });
  appB = await server.createApp({ developer: dev1.email });
  appC = await server.createApp({ developer: dev2.email });
  ({ user: alice, jar: aliceJar } = await server.newSignedInUser(ALICE));
  ({ user: bob, jar: bobJar } = await server.newSignedInUser({ display_name: 'Bob' }));
  strictApp = await strict.createApp();
  ({ jar: strictJar } = await strict.newSignedInUser(ALICE));
});
after(async () => {
  await Promise.all([server?.stop(), strict?.stop()]);
});

function tokenFor(jar, app, scope, s = server) {
  return s.obtainTokens(jar, app, { scope, disable_auto_auth: '1' });
}

/** Basic-only grant: untick every optional scope on the consent page. */
function basicOnlyToken(jar, app, s = server) {
  return s.obtainTokens(jar, app, { scope: ALL, disable_auto_auth: '1' }, { untick: ['user.info.profile', 'user.info.stats'] });
}

function assertOk(r) {
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.deepEqual(Object.keys(r.body).sort(), ['data', 'error']);
  assert.deepEqual(Object.keys(r.body.data), ['user']);
  assert.equal(r.body.error.code, 'ok');
  assert.equal(r.body.error.message, '');
  assert.match(String(r.body.error.log_id), LOG_ID_RE);
  return r.body.data.user;
}

test('envelope: data.user and error {code "ok", message "", log_id}; log line carries the log_id', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  const r = await server.userinfo(t.access_token, 'open_id,display_name');
  const u = assertOk(r);
  assert.deepEqual(Object.keys(u).sort(), ['display_name', 'open_id']);
  assert.equal(u.display_name, ALICE.display_name);
  assert.equal(u.open_id, t.open_id);
  const line = await server.waitForLog((l) => l.log_id === r.body.error.log_id);
  assert.match(line.path, /^\/v2\/user\/info\/?/);
  assert.equal(line.status, 200);
});

test('all fields with all scopes, values as stored', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  const r = await server.userinfo(t.access_token, [...BASIC_FIELDS, ...PROFILE_FIELDS, ...STATS_FIELDS]);
  const u = assertOk(r);
  for (const f of [...BASIC_FIELDS, ...PROFILE_FIELDS, ...STATS_FIELDS]) assert.ok(f in u, `field ${f} present`);
  assert.equal(u.display_name, ALICE.display_name);
  assert.equal(u.avatar_url, ALICE.avatar_url);
  assert.equal(u.bio_description, ALICE.bio_description);
  assert.equal(u.is_verified, true);
  assert.equal(u.username, alice.username);
  assert.equal(u.follower_count, 1234);
  assert.equal(u.following_count, 56);
  assert.equal(u.likes_count, 7890);
  assert.equal(u.video_count, 12);
  assert.equal(typeof u.union_id, 'string');
  assert.ok(u.union_id.length > 0);
});

test('fields follow the granted scopes: unscoped fields are left out by default', async () => {
  const t = await basicOnlyToken(bobJar, appA);
  assert.equal(t.scope, 'user.info.basic');
  const r = await server.userinfo(t.access_token, 'open_id,display_name,bio_description,username,follower_count,video_count');
  const u = assertOk(r);
  assert.deepEqual(Object.keys(u).sort(), ['display_name', 'open_id']);
  assert.equal(u.display_name, 'Bob');

  const onlyUnscoped = await server.userinfo(t.access_token, 'follower_count');
  const u2 = assertOk(onlyUnscoped);
  assert.deepEqual(u2, {}, 'nothing allowed, nothing returned, not an error');

  const profile = await server.obtainTokens(bobJar, appA, { scope: 'user.info.basic,user.info.profile', disable_auto_auth: '1' });
  const u3 = assertOk(await server.userinfo(profile.access_token, 'open_id,bio_description,username,follower_count'));
  assert.deepEqual(Object.keys(u3).sort(), ['bio_description', 'open_id', 'username']);
});

test('unknown field names are ignored by default', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  const u = assertOk(await server.userinfo(t.access_token, 'open_id,avatar_url_200,no_such_field,display_name'));
  assert.deepEqual(Object.keys(u).sort(), ['display_name', 'open_id']);
});

test('fields absent or empty: invalid_params 400 with data empty', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  for (const fields of [null, '']) {
    const r = await server.userinfo(t.access_token, fields);
    assertUserinfoError(r, 'invalid_params', 400);
    assert.deepEqual(r.body.data, {}, 'data empty');
  }
});

test('Bearer undefined, missing, malformed, unknown: access_token_invalid 401', async () => {
  const cases = [
    ['Bearer undefined', 'Bearer undefined'],
    ['no header', undefined],
    ['Bearer (empty)', 'Bearer '],
    ['Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['unknown act.', 'Bearer act.0000000000000000000000000000000000000000'],
    ['garbage', 'Bearer !!!'],
  ];
  for (const [what, authz] of cases) {
    const r = await server.userinfo(undefined, 'open_id', { rawAuthorization: authz });
    assertUserinfoError(r, 'access_token_invalid', 401);
    assert.deepEqual(r.body.data, {}, `${what}: data empty`);
  }
});

test('a refresh token is not an access token', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  assertUserinfoError(await server.userinfo(t.refresh_token, 'open_id'), 'access_token_invalid', 401);
});

test('the path also works without its trailing slash', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  const r = await server.get('/v2/user/info?fields=open_id', { headers: { authorization: `Bearer ${t.access_token}` } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.user.open_id, t.open_id);
});

test('answers are JSON whatever the Accept header says', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  const r = await server.userinfo(t.access_token, 'open_id', { headers: { accept: 'text/html' } });
  assertOk(r);
  const bad = await server.userinfo('nope', 'open_id', { headers: { accept: 'text/html' } });
  assertUserinfoError(bad, 'access_token_invalid', 401);
});

test('open_id is stable per (user, app) and differs across apps and users', async () => {
  const a1 = await tokenFor(aliceJar, appA, ALL);
  const a2 = await tokenFor(aliceJar, appA, 'user.info.basic');
  const b = await tokenFor(aliceJar, appB, ALL);
  const bobA = await tokenFor(bobJar, appA, ALL);
  const get = async (t) => assertOk(await server.userinfo(t.access_token, 'open_id,union_id'));
  const [ua1, ua2, ub, ubob] = [await get(a1), await get(a2), await get(b), await get(bobA)];
  assert.equal(ua1.open_id, ua2.open_id, 'same user, same app: same open_id');
  assert.equal(a1.open_id, ua1.open_id);
  assert.notEqual(ua1.open_id, ub.open_id, 'same user, another app: another open_id');
  assert.notEqual(ua1.open_id, ubob.open_id, 'another user: another open_id');
});

test('union_id is the same across two apps of one developer and differs across developers', async () => {
  const a = assertOk(await server.userinfo((await tokenFor(aliceJar, appA, ALL)).access_token, 'union_id,open_id'));
  const b = assertOk(await server.userinfo((await tokenFor(aliceJar, appB, ALL)).access_token, 'union_id,open_id'));
  const c = assertOk(await server.userinfo((await tokenFor(aliceJar, appC, ALL)).access_token, 'union_id,open_id'));
  const bobU = assertOk(await server.userinfo((await tokenFor(bobJar, appA, ALL)).access_token, 'union_id'));
  assert.equal(a.union_id, b.union_id, 'one developer: same union_id');
  assert.notEqual(a.union_id, c.union_id, 'another developer: another union_id');
  assert.notEqual(a.union_id, bobU.union_id, 'another user: another union_id');
  assert.notEqual(a.union_id, a.open_id);
});

test('strict: an unscoped field is scope_permission_missed 400', async () => {
  const t = await basicOnlyToken(strictJar, strictApp, strict);
  const r = await strict.userinfo(t.access_token, 'open_id,bio_description');
  assertUserinfoError(r, 'scope_permission_missed', 400);
  assert.deepEqual(r.body.data, {});
  const ok = await strict.userinfo(t.access_token, 'open_id,display_name');
  assertOk(ok);
});

test('strict: an unknown field is invalid_params 400; absent fields too', async () => {
  const t = await strict.obtainTokens(strictJar, strictApp, { scope: ALL, disable_auto_auth: '1' });
  const r = await strict.userinfo(t.access_token, 'open_id,avatar_url_200');
  assertUserinfoError(r, 'invalid_params', 400);
  assert.deepEqual(r.body.data, {});
  assertUserinfoError(await strict.userinfo(t.access_token, null), 'invalid_params', 400);
  const all = assertOk(await strict.userinfo(t.access_token, [...BASIC_FIELDS, ...PROFILE_FIELDS, ...STATS_FIELDS]));
  assert.equal(Object.keys(all).length, BASIC_FIELDS.length + PROFILE_FIELDS.length + STATS_FIELDS.length);
});

test('an expired access token (clock + 7201 s) is access_token_invalid 401', async () => {
  const t = await tokenFor(aliceJar, appA, ALL);
  assertOk(await server.userinfo(t.access_token, 'open_id'));
  await server.advanceClock(7190);
  assertOk(await server.userinfo(t.access_token, 'open_id'));
  await server.advanceClock(11);
  const r = await server.userinfo(t.access_token, 'open_id');
  assertUserinfoError(r, 'access_token_invalid', 401);
  assert.deepEqual(r.body.data, {});
});
