// Rate limits under attack (docs/configuration.md limits.*): sign-in admission is atomic and
// counts failures only; a stranger cannot lock a client out; windows run on the monotonic clock;
// wrong admin tokens are limited and logged.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, CookieJar, parseForms } from './lib/server.mjs';

const SIGNIN_WINDOW = 300; // limits.signin_window_seconds default
const ADMIN_WINDOW = 300; // limits.admin_token_window_seconds default

/** A sign-in page's pre-session cookie and hidden fields, reusable for many POSTs. */
async function signinContext(server) {
  const jar = new CookieJar();
  const page = await server.get('/account/signin', { jar });
  assert.equal(page.status, 200);
  const form = parseForms(page.text).find((f) => (f.attrs.action ?? '').includes('/account/signin'));
  assert.ok(form, 'the sign-in page has its form');
  const hidden = {};
  for (const i of form.inputs) if (i.name && (i.type ?? '').toLowerCase() === 'hidden') hidden[i.name] = i.value ?? '';
  return { cookie: jar.header(), hidden };
}

function postSignin(server, ctx, username, password, headers = {}) {
  return server.postForm('/account/signin', { ...ctx.hidden, username, password }, { headers: { cookie: ctx.cookie, ...headers } });
}

function assertRetryAfter(r, window, what) {
  const v = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(v) && v >= 1 && v <= window, `${what}: Retry-After ${r.headers.get('retry-after')} within 1..${window}`);
}

function tally(answers) {
  const statuses = {};
  for (const r of answers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return statuses;
}

test('200 parallel wrong-password sign-ins for one account: at most the limit (10) are evaluated, the rest 429', async () => {
  const server = await startServer();
  try {
    const user = await server.createUser();
    const ctx = await signinContext(server);
    const answers = await Promise.all(Array.from({ length: 200 }, () => postSignin(server, ctx, user.username, 'wrong-password-guess')));
    const statuses = tally(answers);
    // 401 = the password was hashed and compared. 503 = admitted, but no hasher came free in time:
    // nothing was compared and the slot went back, so a later guess may take it.
    const evaluated = answers.filter((r) => r.status === 401);
    assert.ok(evaluated.length <= 10, `at most 10 guesses reach the password check, got ${evaluated.length}: ${JSON.stringify(statuses)}`);
    assert.ok(statuses[401] >= 1, `some guesses are evaluated: ${JSON.stringify(statuses)}`);
    for (const r of answers) assert.ok([401, 429, 503].includes(r.status), `a wrong guess answers 401, 429 or 503 (busy): ${r.status}`);
    for (const r of answers.filter((a) => a.status === 429)) {
      assert.match(r.text, /Too many sign-in attempts/);
      assertRetryAfter(r, SIGNIN_WINDOW, 'sign-in 429');
    }
    // Admitted guesses that found the hashers busy (503) were not evaluated and do not count: top
    // the failures up one at a time; exactly 10 are evaluated in all before the account locks.
    let failures = statuses[401];
    for (let i = 0; i < 40; i++) {
      const r = await postSignin(server, ctx, user.username, 'wrong-password-guess');
      if (r.status === 429) break;
      if (r.status === 401) failures += 1;
    }
    assert.equal(failures, 10, `the account locks after exactly 10 evaluated failures (${JSON.stringify(statuses)})`);
    // The account stays locked for its window, even for the right password.
    const right = await postSignin(server, ctx, user.username, user.password);
    assert.equal(right.status, 429, 'the locked account refuses even the right password within the window');
  } finally {
    await server.stop();
  }
});

test('200 successful sign-ins from one address all succeed (successes do not count)', async () => {
  const server = await startServer();
  try {
    const user = await server.createUser();
    const ctx = await signinContext(server);
    const statuses = {};
    let next = 0;
    const worker = async () => {
      while (next < 200) {
        next += 1;
        let r = await postSignin(server, ctx, user.username, user.password);
        // 503 = the hashers were busy (a loaded machine), not a limit: try that one again.
        for (let retry = 0; r.status === 503 && retry < 5; retry++) {
          await new Promise((done) => setTimeout(done, 500));
          r = await postSignin(server, ctx, user.username, user.password);
        }
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    };
    await Promise.all([worker(), worker()]);
    assert.deepEqual(statuses, { 303: 200 }, `every correct sign-in succeeds: ${JSON.stringify(statuses)}`);
    // Failures still count: the address limit (50) is reached by wrong passwords only.
    const other = await server.createUser();
    const wrong = [];
    for (let i = 0; i < 10; i++) wrong.push((await postSignin(server, ctx, other.username, 'nope-nope-nope')).status);
    assert.deepEqual(wrong, [...Array(10).fill(401)], `ten failures are evaluated: ${wrong}`);
    assert.equal((await postSignin(server, ctx, other.username, 'nope-nope-nope')).status, 429, 'the 11th failure for the account is refused');
  } finally {
    await server.stop();
  }
});

test('moving the clock back does not stretch a sign-in lockout: Retry-After stays within the window', async () => {
  const server = await startServer();
  try {
    const user = await server.createUser();
    const ctx = await signinContext(server);
    for (let i = 0; i < 10; i++) assert.equal((await postSignin(server, ctx, user.username, 'wrong-guess-1')).status, 401);
    const locked = await postSignin(server, ctx, user.username, 'wrong-guess-1');
    assert.equal(locked.status, 429);
    assertRetryAfter(locked, SIGNIN_WINDOW, 'before the clock moves');
    await server.advanceClock(-100_000_000); // about three years back
    const after = await postSignin(server, ctx, user.username, 'wrong-guess-1');
    assert.equal(after.status, 429, 'still locked');
    assertRetryAfter(after, SIGNIN_WINDOW, 'after the clock moved back');
    // Moving it forward does not end the window early either (the limiter runs on its own clock).
    await server.advanceClock(100_000_000 + 3600);
    const later = await postSignin(server, ctx, user.username, 'wrong-guess-1');
    assert.equal(later.status, 429, 'the test clock does not open the window');
    assertRetryAfter(later, SIGNIN_WINDOW, 'after the clock moved forward');
  } finally {
    await server.stop();
  }
});

test('wrong-secret requests naming a victim client_key from another address do not lock the victim out', async () => {
  // A small per-client quota (a key every binary knows) that strangers must not be able to spend.
  const server = await startServer({ tables: { http: { trusted_proxies: ['127.0.0.1'] }, limits: { token_per_client: 5 } } });
  try {
    const app = await server.createApp();
    const stranger = { 'x-forwarded-for': '203.0.113.9' };
    const victim = { 'x-forwarded-for': '198.51.100.7' };
    const flood = [];
    for (let i = 0; i < 20; i++) {
      flood.push(await server.token({ client_key: app.client_key, client_secret: 'not-the-secret', grant_type: 'client_credentials' }, { headers: stranger }));
    }
    assert.ok(flood.every((r) => !r.body?.access_token), 'the stranger gets no token');
    const own = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }, { headers: victim });
    assert.equal(own.status, 200, `the victim still gets its token: ${own.status} ${own.text}`);
    assert.ok(own.body?.access_token, `the victim still gets its token: ${own.text}`);
    // v1 too: the stranger's v1 guesses do not spend the victim's quota either.
    for (let i = 0; i < 10; i++) {
      await server.postForm(`/oauth/access_token/?client_key=${encodeURIComponent(app.client_key)}&client_secret=wrong&code=x&grant_type=authorization_code`, {}, { headers: stranger, contentType: null });
    }
    const again = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }, { headers: victim });
    assert.ok(again.body?.access_token, `the victim still gets its token after v1 guesses: ${again.status} ${again.text}`);
    // The authenticated quota still applies to the client itself.
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }, { headers: victim })).status);
    }
    assert.ok(statuses.includes(429), `the client's own quota (5) still holds: ${statuses}`);
  } finally {
    await server.stop();
  }
});

test('wrong secrets are limited per (client_key, source address): v2 429 JSON, v1 envelope 10004', async () => {
  const server = await startServer({ tables: { http: { trusted_proxies: ['127.0.0.1'] }, limits: { wrong_secret_per_client_address: 3 } } });
  try {
    const app = await server.createApp();
    const stranger = { 'x-forwarded-for': '203.0.113.9' };
    const wrong = { client_key: app.client_key, client_secret: 'not-the-secret', grant_type: 'client_credentials' };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await server.token(wrong, { headers: stranger })).status);
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200], `three failures are evaluated (platform errors are HTTP 200): ${statuses}`);
    assert.equal(statuses[3], 429, `the fourth is refused: ${statuses}`);
    const limited = await server.token(wrong, { headers: stranger });
    assert.equal(limited.status, 429, `later ones too: ${limited.status}`);
    assert.equal(limited.body?.error, 'temporarily_unavailable');
    assertRetryAfter(limited, 60, 'v2 wrong-secret 429');
    const v1 = await server.postForm(`/oauth/access_token/?client_key=${encodeURIComponent(app.client_key)}&client_secret=wrong&code=x&grant_type=authorization_code`, {}, { headers: stranger, contentType: null });
    assert.equal(v1.status, 200, 'v1 answers stay HTTP 200');
    assert.equal(v1.json?.message, 'error');
    assert.equal(v1.json?.data?.error_code, 10004, `v1 rate-limit answer: ${v1.text}`);
    assert.match(v1.json?.data?.description ?? '', /Rate limit exceeded/, v1.text);
    assertRetryAfter(v1, 60, 'v1 wrong-secret answer');
    // Introspection authenticates the client too: its wrong secrets count the same way.
    const prober = { 'x-forwarded-for': '192.0.2.44' };
    const probe = () => server.postForm('/v2/oauth/introspect/', { client_key: app.client_key, client_secret: 'not-the-secret', token: 'x' }, { headers: prober });
    const probes = [];
    for (let i = 0; i < 4; i++) probes.push((await probe()).status);
    assert.deepEqual(probes, [200, 200, 200, 429], `introspection wrong secrets are limited too: ${probes}`);
    // The right client from its own address is untouched.
    const own = await server.token({ ...wrong, client_secret: app.client_secret }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    assert.ok(own.body?.access_token, `the real client is not locked out: ${own.text}`);
  } finally {
    await server.stop();
  }
});

test('wrong admin tokens are limited per address (429 JSON with Retry-After) and each refusal is logged without the token', async () => {
  const server = await startServer();
  try {
    const wrongToken = 'wrong-admin-token-0123456789abcdef';
    const statuses = [];
    let limited;
    for (let i = 0; i < 15; i++) {
      const r = await server.admin('GET', '/admin/v1/apps', undefined, { token: wrongToken });
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401), `the first ten wrong tokens answer 401: ${statuses}`);
    assert.ok(limited, `wrong tokens beyond the limit (10) are refused with 429: ${statuses}`);
    assert.deepEqual(statuses.slice(10), Array(5).fill(429), `${statuses}`);
    assert.equal(typeof limited.body?.error, 'string', `admin JSON error shape: ${limited.text}`);
    assert.ok(Array.isArray(limited.body?.messages), `admin JSON error shape: ${limited.text}`);
    assertRetryAfter(limited, ADMIN_WINDOW, 'admin 429');
    // Even the right token is refused from a blocked address: the answer tells a guesser nothing.
    const right = await server.admin('GET', '/admin/v1/apps', undefined);
    assert.equal(right.status, 429);
    const lines = server.rawStderr
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l))
      .filter((o) => o.event === 'admin_auth_refused');
    assert.equal(lines.length, 16, `one log line per refusal: ${lines.length}\n${server.rawStderr.slice(-2000)}`);
    assert.ok(lines.every((o) => o.remote_address && o.log_id && o.reason), JSON.stringify(lines[0]));
    assert.ok(!server.rawStderr.includes(wrongToken) && !server.rawStdout.includes(wrongToken), 'the presented token is never logged');
  } finally {
    await server.stop();
  }
});
