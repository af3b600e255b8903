// Metrics at GET /metrics in the Prometheus text format (exposition format 0.0.4).
// Each test makes the events happen and asserts that the counters moved by exactly the expected
// amounts between two scrapes.
//
// The access log hook counts loginkit_http_requests_total (and the latency histogram) after the
// answer has been written, so before every scrape we wait until each request this file sent has
// its log line; then the scrape sees every earlier request and not itself.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, uniq } from './lib/server.mjs';
import { parseMetrics, parseValue, value, settleLogs, scrapeMetrics, openConnections } from './lib/metrics.mjs';
import {
  utc,
  EOL_DATE,
  setClock,
  atDate,
  createLegacyApp,
  v1Code,
  v1Tokens,
  v1AccessToken,
  v1Refresh,
  v1Revoke,
  v1UserInfo,
  v1Params,
  assertV1TokenSuccess,
  assertV1Success,
  assertV1Error,
  assertV1UserInfoError,
  assertErrorRedirect,
  V1_AUTHORIZE,
} from './lib/v1.mjs';

const FAMILIES = {
  loginkit_http_requests_total: 'counter',
  loginkit_http_request_duration_seconds: 'histogram',
  loginkit_open_connections: 'gauge',
  loginkit_tokens_issued_total: 'counter',
  loginkit_tokens_refreshed_total: 'counter',
  loginkit_tokens_revoked_total: 'counter',
  loginkit_codes_replayed_total: 'counter',
  loginkit_refresh_reuse_total: 'counter',
  loginkit_v1_refused_total: 'counter',
};

let server;
let app;
let otherApp;

before(async () => {
  server = await startServer();
  app = await server.createApp({ name: uniq('MetricsApp') });
  otherApp = await server.createApp({ name: uniq('MetricsOther') });
});
after(async () => {
  await server?.stop();
});

// Scrapes the shared server unless told otherwise (lib/metrics.mjs waits for the access log).
const settle = (s = server) => settleLogs(s);
const scrape = (s = server) => scrapeMetrics(s);

/** Runs fn between two scrapes; returns delta(name, labels) = after - before. */
async function measure(fn) {
  const before = await scrape();
  await fn();
  const afterSnap = await scrape();
  return (name, labels = {}) => value(afterSnap, name, labels) - value(before, name, labels);
}

/** Asserts exact deltas: [[name, labels, expected], …]. */
function assertDeltas(delta, expected) {
  for (const [name, labels, n] of expected) {
    assert.equal(delta(name, labels), n, `${name}${JSON.stringify(labels)} moved by ${n}`);
  }
}

async function userGrant(a = app, scope = 'user.info.basic,user.info.profile') {
  const { jar } = await server.newSignedInUser();
  return server.obtainTokens(jar, a, { scope });
}

function clientCredentials(a = app, extra = {}) {
  return server.token({ client_key: a.client_key, client_secret: a.client_secret, grant_type: 'client_credentials', ...extra });
}

function revokeForm(token, a = app, extra = {}) {
  return { client_key: a.client_key, client_secret: a.client_secret, token, ...extra };
}

const ISSUED = 'loginkit_tokens_issued_total';
const REFRESHED = 'loginkit_tokens_refreshed_total';
const REVOKED = 'loginkit_tokens_revoked_total';
const REPLAYED = 'loginkit_codes_replayed_total';
const REUSE = 'loginkit_refresh_reuse_total';
const REFUSED = 'loginkit_v1_refused_total';
const REQUESTS = 'loginkit_http_requests_total';
const DURATION = 'loginkit_http_request_duration_seconds';
const OUTCOMES = ['ok', 'client_error', 'refused', 'server_error'];

// --- tests -------------------------------------------------------------------------------------

test('GET /metrics: Prometheus text 0.0.4, every family typed and described, counters whole and non-negative', async () => {
  await server.get('/healthz');
  await settle();
  const r = await server.get('/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/plain\b/i, 'Content-Type text/plain');
  assert.match(r.headers.get('content-type') ?? '', /version=0\.0\.4/, 'exposition format version 0.0.4');
  assert.ok(r.text.endsWith('\n'), 'the text ends with a newline');
  const snap = parseMetrics(r.text);
  for (const [family, type] of Object.entries(FAMILIES)) {
    assert.equal(snap.types.get(family), type, `# TYPE ${family} ${type}`);
    assert.ok((snap.help.get(family) ?? '').length > 0, `# HELP ${family} has a text`);
    const names = type === 'histogram' ? [`${family}_bucket`, `${family}_sum`, `${family}_count`] : [family];
    for (const n of names) assert.ok(snap.samples.some((s) => s.name === n), `${n} has at least one sample`);
  }
  for (const s of snap.samples) {
    const family = s.name.replace(/_(bucket|sum|count)$/, '');
    const type = snap.types.get(s.name) ?? snap.types.get(family);
    assert.ok(type, `sample ${s.name} belongs to a typed family`);
    if (type !== 'counter') continue;
    assert.ok(s.value >= 0, `counter ${s.name} ${JSON.stringify(s.labels)} = ${s.value}`);
    // Event counts are whole; seconds counters (process_cpu_seconds_total) are not.
    if (!s.name.endsWith('_seconds_total')) assert.ok(Number.isInteger(s.value), `counter ${s.name} ${JSON.stringify(s.labels)} = ${s.value}`);
  }
  // Families never touched are shown at zero (so dashboards see them).
  assert.equal(value(snap, REUSE), 0);
  assert.equal(value(snap, REFUSED), 0);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('loginkit_http_requests_total counts each request by endpoint, api_version and status', async () => {
  const delta = await measure(async () => {
    for (let i = 0; i < 2; i++) {
      const r = await server.token({ client_key: app.client_key, client_secret: 'wrong-secret-0', grant_type: 'client_credentials' });
      assert.equal(r.body?.error, 'invalid_client');
    }
    assert.equal((await server.userinfo(undefined, 'open_id')).status, 401);
    assert.equal((await server.userinfo(undefined, 'open_id')).status, 401);
    assert.equal((await server.userinfo(undefined, 'open_id')).status, 401);
    assertV1UserInfoError(await v1UserInfo(server, { access_token: 'act.not-a-token', fields: ['open_id'] }), 10008);
    assert.equal((await server.get(`/no-such-page-${uniq('p')}`)).status, 404);
    assert.equal((await server.get('/healthz')).status, 200);
    assert.equal((await server.get('/readyz')).status, 200);
    const cc = await clientCredentials();
    assert.equal(cc.status, 200);
  });
  assertDeltas(delta, [
    [REQUESTS, { endpoint: 'token', api_version: 'v2', status: '200' }, 3],
    [REQUESTS, { endpoint: 'token' }, 3],
    [REQUESTS, { endpoint: 'user_info', api_version: 'v2', status: '401' }, 3],
    [REQUESTS, { endpoint: 'user_info', api_version: 'v2' }, 3],
    [REQUESTS, { endpoint: 'user_info', api_version: 'v1', status: '200' }, 1],
    [REQUESTS, { endpoint: 'other', status: '404' }, 1],
    // /healthz, /readyz and the first of the two scrapes (it is counted after its answer)
    [REQUESTS, { endpoint: 'ops', status: '200' }, 3],
    [REQUESTS, {}, 11],
  ]);
});

test('loginkit_http_requests_total: a request is counted with the status it was answered with', async () => {
  // The platform mode answers token errors with HTTP 200; a wrong method gets 405.
  const delta = await measure(async () => {
    const r = await server.revoke(revokeForm('whatever-token', app, { client_secret: 'wrong-secret-1' }));
    assert.equal(r.body?.error, 'invalid_client');
    assert.equal(r.status, 200);
    const bad = await server.request('GET', '/v2/oauth/token/');
    assert.equal(bad.status, 405);
  });
  assertDeltas(delta, [
    [REQUESTS, { endpoint: 'revoke', api_version: 'v2', status: '200' }, 1],
    [REQUESTS, { endpoint: 'token', api_version: 'v2', status: '405' }, 1],
  ]);
});

test('loginkit_http_request_duration_seconds: one observation per request, cumulative buckets, +Inf = count', async () => {
  const N = 4;
  const beforeSnap = await scrape();
  for (let i = 0; i < N; i++) await server.userinfo('act.bogus', 'open_id');
  const afterSnap = await scrape();
  const d = (name, labels) => value(afterSnap, name, labels) - value(beforeSnap, name, labels);
  assert.equal(d(`${DURATION}_count`, { endpoint: 'user_info' }), N, '_count moved by the number of requests');
  assert.equal(d(`${DURATION}_bucket`, { endpoint: 'user_info', le: '+Inf' }), N, '+Inf bucket moved by the number of requests');
  assert.ok(d(`${DURATION}_sum`, { endpoint: 'user_info' }) >= 0, '_sum does not go down');
  // A bogus token is answered 401: every one of them is a client_error, none is ok.
  assert.equal(d(`${DURATION}_count`, { endpoint: 'user_info', outcome: 'client_error' }), N, 'outcome="client_error"');
  assert.equal(d(`${DURATION}_count`, { endpoint: 'user_info', outcome: 'ok' }), 0, 'no outcome="ok"');
  // Every series (endpoint x outcome): buckets are cumulative (non-decreasing in le) and +Inf
  // equals _count; its labels are exactly endpoint and a known outcome.
  const series = new Map();
  for (const s of afterSnap.samples.filter((x) => x.name === `${DURATION}_bucket`)) {
    const { le, ...rest } = s.labels;
    assert.deepEqual(Object.keys(rest).sort(), ['endpoint', 'outcome'], `labels of ${JSON.stringify(s.labels)}`);
    assert.ok(OUTCOMES.includes(rest.outcome), `outcome ${rest.outcome} is one of ${OUTCOMES}`);
    const key = JSON.stringify(rest);
    if (!series.has(key)) series.set(key, []);
    series.get(key).push([parseValue(le, 'le'), s.value]);
  }
  assert.ok(series.size >= 2, `histogram series per endpoint and outcome: ${[...series.keys()]}`);
  for (const [key, buckets] of series) {
    buckets.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < buckets.length; i++) {
      assert.ok(buckets[i][1] >= buckets[i - 1][1], `${key}: bucket le=${buckets[i][0]} >= le=${buckets[i - 1][0]}`);
    }
    assert.equal(buckets.at(-1)[0], Infinity, `${key}: has a +Inf bucket`);
    assert.equal(buckets.at(-1)[1], value(afterSnap, `${DURATION}_count`, JSON.parse(key)), `${key}: +Inf bucket = _count`);
  }
});

test('loginkit_tokens_issued_total by grant type: code exchanges and client_credentials, failures not counted', async () => {
  const delta = await measure(async () => {
    await userGrant();
    await userGrant(otherApp);
    for (let i = 0; i < 3; i++) assert.equal((await clientCredentials()).status, 200);
    assert.equal((await clientCredentials(app, { client_secret: 'wrong-secret-2' })).body?.error, 'invalid_client');
    const { jar } = await server.newSignedInUser();
    const { code, redirectUri } = await server.authorizeCode(jar, app);
    assert.equal((await server.exchangeCode(app, code, redirectUri, { client_secret: 'wrong-secret-3' })).body?.error, 'invalid_client');
    assert.equal((await server.exchangeCode(app, code, 'https://elsewhere.example/cb')).body?.error, 'invalid_grant');
  });
  assertDeltas(delta, [
    [ISSUED, { grant_type: 'authorization_code', api_version: '2' }, 2],
    [ISSUED, { grant_type: 'client_credentials', api_version: '2' }, 3],
    [ISSUED, { api_version: '1' }, 0],
    [REFRESHED, {}, 0],
    [REPLAYED, {}, 0],
  ]);
});

test('loginkit_tokens_refreshed_total and loginkit_refresh_reuse_total: rotations, then a reused refresh token', async () => {
  const t0 = await userGrant();
  let t1;
  let t2;
  const delta = await measure(async () => {
    const r1 = await server.refresh(app, t0.refresh_token);
    assert.equal(r1.status, 200, r1.text);
    t1 = r1.body;
    const r2 = await server.refresh(app, t1.refresh_token);
    assert.equal(r2.status, 200, r2.text);
    t2 = r2.body;
    // t0's refresh token was rotated: presenting it again is reuse and kills the family.
    assert.equal((await server.refresh(app, t0.refresh_token)).body?.error, 'invalid_grant');
    // t2 was revoked with its family (not rotated): refused, but that is not reuse.
    assert.equal((await server.refresh(app, t2.refresh_token)).body?.error, 'invalid_grant');
    // unknown and foreign refresh tokens are neither rotations nor reuse
    assert.equal((await server.refresh(app, 'rft.unknown-refresh-token')).body?.error, 'invalid_grant');
    const foreign = await userGrant(otherApp);
    assert.equal((await server.refresh(app, foreign.refresh_token)).body?.error, 'invalid_grant');
  });
  assertDeltas(delta, [
    [REFRESHED, { api_version: '2' }, 2],
    [REFRESHED, {}, 2],
    [REUSE, { api_version: '2' }, 1],
    [REUSE, {}, 1],
    [ISSUED, { grant_type: 'authorization_code', api_version: '2' }, 1], // the foreign grant
  ]);
});

test('loginkit_tokens_revoked_total: access, refresh and client tokens; unknown, foreign and unauthenticated revocations not counted', async () => {
  const a = await userGrant();
  const b = await userGrant();
  const foreign = await userGrant(otherApp);
  const clt = (await clientCredentials()).body.access_token;
  const delta = await measure(async () => {
    assert.deepEqual((await server.revoke(revokeForm(a.access_token))).body, {});
    assert.deepEqual((await server.revoke(revokeForm(b.refresh_token, app, { token_type_hint: 'refresh_token' }))).body, {});
    assert.deepEqual((await server.revoke(revokeForm(clt))).body, {});
    assert.deepEqual((await server.revoke(revokeForm('act.no-such-token-anywhere'))).body, {});
    assert.deepEqual((await server.revoke(revokeForm(foreign.access_token))).body, {}, 'a token of another app: 200 {} and nothing changes');
    assert.equal((await server.revoke(revokeForm(foreign.access_token, otherApp, { client_secret: 'wrong-secret-4' }))).body?.error, 'invalid_client');
  });
  assertDeltas(delta, [
    [REVOKED, { api_version: '2' }, 3],
    [REVOKED, {}, 3],
  ]);
});

test('loginkit_tokens_revoked_total: revoking an already revoked token revokes nothing and is not counted again', async () => {
  const t = await userGrant();
  assert.deepEqual((await server.revoke(revokeForm(t.access_token))).body, {});
  const delta = await measure(async () => {
    assert.deepEqual((await server.revoke(revokeForm(t.access_token))).body, {}, 'RFC 7009: already revoked is 200 {}');
    assert.deepEqual((await server.revoke(revokeForm(t.refresh_token))).body, {});
  });
  assertDeltas(delta, [[REVOKED, { api_version: '2' }, 0]]);
});

test('loginkit_codes_replayed_total: a redeemed code presented again; unknown and expired codes are not replays', async () => {
  const { jar } = await server.newSignedInUser();
  const c = await server.authorizeCode(jar, app);
  const expired = await server.authorizeCode(jar, app);
  const delta = await measure(async () => {
    assert.equal((await server.exchangeCode(app, c.code, c.redirectUri)).status, 200);
    assert.equal((await server.exchangeCode(app, c.code, c.redirectUri)).body?.error, 'invalid_grant', 'replay refused');
    assert.equal((await server.exchangeCode(app, 'no-such-code-at-all', c.redirectUri)).body?.error, 'invalid_grant');
    await server.advanceClock(601);
    assert.equal((await server.exchangeCode(app, expired.code, expired.redirectUri)).body?.error, 'invalid_grant', 'expired code refused');
  });
  assertDeltas(delta, [
    [REPLAYED, { api_version: '2' }, 1],
    [REPLAYED, {}, 1],
    [ISSUED, { grant_type: 'authorization_code', api_version: '2' }, 1],
  ]);
});

test('loginkit_open_connections: a gauge of the connections open now', async () => {
  // A server of its own, scraped over fresh connections (Connection: close), so that no pooled
  // keep-alive connection of this process is counted.
  const s = await startServer();
  const gauge = () =>
    new Promise((resolve, reject) => {
      const req = http.get(s.url('/metrics'), { agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(value(parseMetrics(body), 'loginkit_open_connections')));
      });
      req.on('error', reject);
    });
  // The scrape's own connection is open while the gauge is read: expect `open + 1`.
  const eventually = async (expected, what) => {
    let last;
    for (let i = 0; i < 200; i++) {
      last = await gauge();
      if (last === expected) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(last, expected, what);
  };
  const sockets = [];
  try {
    await eventually(1, 'only the scrape itself is open');
    const K = 3;
    sockets.push(...(await openConnections(s.base, K)));
    await eventually(1 + K, `${K} idle connections and the scrape`);
    for (const sock of sockets.splice(0)) sock.destroy();
    await eventually(1, 'closed connections leave the gauge');
  } finally {
    for (const sock of sockets) sock.destroy();
    await s.stop();
  }
});

test('v1 families: issued, refreshed, replayed, revoked with api_version 1; v1 calls refused by the sunset policy by endpoint', async () => {
  const domain = `${uniq('m').toLowerCase()}.example`;
  const webUri = `https://app.${domain}/v1/callback`;
  await setClock(server, utc(2023, 1, 15, 12));
  const legacy = await createLegacyApp(server, { domains: [domain] });
  let { jar } = await atDate(server, EOL_DATE - 3600);

  let keep;
  const firstLog = server.logs.length;
  const v1Delta = await measure(async () => {
    const tokens = await v1Tokens(server, jar, legacy, webUri);
    const rotated = assertV1TokenSuccess(await v1Refresh(server, legacy, tokens.refresh_token), { what: 'v1 refresh' });
    assertV1Success(await v1Revoke(server, rotated.open_id, rotated.access_token), undefined, 'v1 revoke');
    const c = await v1Code(server, jar, legacy, webUri);
    assertV1TokenSuccess(await v1AccessToken(server, legacy, c.code), { what: 'v1 exchange' });
    assertV1Error(await v1AccessToken(server, legacy, c.code), 10007, 'v1 code replay');
    keep = await v1Tokens(server, jar, legacy, webUri);
  });
  const authorizeLines = server.logs.slice(firstLog).filter((l) => /^\/auth\/authorize\/?$/.test(l.path)).length;
  assert.ok(authorizeLines >= 3, `three v1 authorizations in the access log (${authorizeLines} lines)`);
  assertDeltas(v1Delta, [
    [ISSUED, { grant_type: 'authorization_code', api_version: '1' }, 3],
    [ISSUED, { api_version: '2' }, 0],
    [REFRESHED, { api_version: '1' }, 1],
    [REFRESHED, { api_version: '2' }, 0],
    [REPLAYED, { api_version: '1' }, 1],
    [REPLAYED, { api_version: '2' }, 0],
    [REVOKED, { api_version: '1' }, 1],
    [REVOKED, { api_version: '2' }, 0],
    [REFUSED, {}, 0],
    [REQUESTS, { endpoint: 'access_token', api_version: 'v1', status: '200' }, 4],
    [REQUESTS, { endpoint: 'refresh_token', api_version: 'v1' }, 1],
    [REQUESTS, { endpoint: 'revoke', api_version: 'v1' }, 1],
    [REQUESTS, { endpoint: 'authorize', api_version: 'v1' }, authorizeLines], // GETs and consent POSTs, as logged
  ]);

  // After end of life, web v1 calls are refused; a v2-era app has no v1 at all.
  // (v1 access tokens live 24 h: `keep` is still alive.)
  await setClock(server, EOL_DATE + 600);
  const v2Era = await server.createApp({ name: uniq('MetricsV2Era') });
  ({ jar } = await atDate(server, EOL_DATE + 660));
  const refusedDelta = await measure(async () => {
    assertV1UserInfoError(await v1UserInfo(server, { access_token: keep.access_token, fields: ['open_id'] }), 10004);
    assertV1Error(await v1Refresh(server, legacy, keep.refresh_token), 10004, 'v1 refresh after EOL');
    assertV1Error(await v1Refresh(server, legacy, keep.refresh_token), 10004, 'v1 refresh after EOL, again');
    assertV1Error(await v1Revoke(server, keep.open_id, keep.access_token), 10004, 'v1 revoke after EOL');
    const params = v1Params(legacy, webUri);
    assertErrorRedirect(server, await server.get(server.authorizePath(params, V1_AUTHORIZE), { jar }), webUri, 'unauthorized_client', params.state);
    assertV1Error(await v1AccessToken(server, v2Era, 'any-code-value'), 10004, 'v1 for an app created after 2023-05-12');
  });
  assertDeltas(refusedDelta, [
    [REFUSED, { endpoint: 'user_info' }, 1],
    [REFUSED, { endpoint: 'refresh_token' }, 2],
    [REFUSED, { endpoint: 'revoke' }, 1],
    [REFUSED, { endpoint: 'authorize' }, 1],
    [REFUSED, { endpoint: 'access_token' }, 1],
    [REFUSED, {}, 6],
    [REFRESHED, {}, 0],
    [REVOKED, {}, 0],
  ]);
});

test('v1 refresh reuse: a rotated v1 refresh token presented again is counted like v2 reuse, with api_version 1, and kills the family', async () => {
  const domain = `${uniq('r').toLowerCase()}.example`;
  const webUri = `https://app.${domain}/v1/callback`;
  await setClock(server, utc(2023, 1, 15, 12));
  const legacy = await createLegacyApp(server, { domains: [domain] });
  const { jar } = await atDate(server, EOL_DATE - 3600);
  const tokens = await v1Tokens(server, jar, legacy, webUri);
  const delta = await measure(async () => {
    const rotated = assertV1TokenSuccess(await v1Refresh(server, legacy, tokens.refresh_token), { what: 'v1 refresh' });
    assertV1Error(await v1Refresh(server, legacy, tokens.refresh_token), 10010, 'v1 refresh token reused');
    assertV1Error(await v1Refresh(server, legacy, rotated.refresh_token), 10010, 'the family died with the reuse');
    assertV1UserInfoError(await v1UserInfo(server, { access_token: rotated.access_token, fields: ['open_id'] }), 10008);
  });
  assertDeltas(delta, [
    [REFRESHED, { api_version: '1' }, 1],
    [REUSE, { api_version: '1' }, 1],
    [REUSE, { api_version: '2' }, 0],
  ]);
});

test('storage families: commits, batched writes and commit latency move with writes, not with reads', { skip: process.env.LOGINKIT_STORE ? 'group commit is the SQLite engine\'s' : false }, async (t) => {
  const COMMITS = 'loginkit_store_commits_total';
  const WRITES = 'loginkit_store_batched_writes_total';
  const LATENCY = 'loginkit_store_commit_seconds';
  const probe = await scrape();
  if (!probe.types.has(COMMITS)) {
    t.skip('this build exposes no storage metrics yet');
    return;
  }
  assert.equal(probe.types.get(COMMITS), 'counter');
  assert.equal(probe.types.get(WRITES), 'counter');
  assert.equal(probe.types.get(LATENCY), 'histogram');

  // Reads only: nothing to commit.
  const reads = await measure(async () => {
    await server.get('/healthz');
    await server.admin('GET', `/admin/v1/apps/${app.client_key}`);
    await server.userinfo('act.not-a-token', 'open_id');
  });
  assertDeltas(reads, [[COMMITS, {}, 0], [WRITES, {}, 0], [`${LATENCY}_count`, {}, 0]]);

  // One write at a time: one commit of one write each.
  const N = 5;
  const sequential = await measure(async () => {
    for (let i = 0; i < N; i++) await server.createUser();
  });
  assertDeltas(sequential, [[COMMITS, {}, N], [WRITES, {}, N], [`${LATENCY}_count`, {}, N], [`${LATENCY}_bucket`, { le: '+Inf' }, N]]);
  assert.ok(sequential(`${LATENCY}_sum`) > 0, 'commit latency is observed');

  // Concurrent writes: every write is made durable once; commits may group them.
  const M = 20;
  const concurrent = await measure(async () => {
    await Promise.all(Array.from({ length: M }, () => server.createUser()));
  });
  assert.equal(concurrent(WRITES), M, 'every write counted once');
  const commits = concurrent(COMMITS);
  assert.ok(commits >= 1 && commits <= M, `1..${M} commits for ${M} concurrent writes (got ${commits})`);
  assert.equal(concurrent(`${LATENCY}_count`), commits, 'one latency observation per commit');
});
