// Hostile clients (SPEC.md §2, §3; docs/server-contract.md).
//
// One server; a well-behaved client runs alongside the whole file (client_credentials issuance,
// introspection, user info, refresh rotation) and must never fail. Against the same server:
//   - slow senders: request headers trickled one byte per second, a body trickled one byte per
//     second, and a request trickled on a kept-alive connection after a first, normal request: each
//     is cut off by the read timeout (http.read_timeout when the binary knows the key, else the
//     default 15 s);
//   - oversized headers (> 16 KiB): 431 or the connection closed; oversized bodies (> 64 KiB, by
//     Content-Length or chunked): 413 with a JSON error;
//   - thousands of idle connections (half of them with a partial request line) held open while the
//     normal client keeps its latency bounded; the server's RSS stays bounded;
//   - malformed percent-encoding (%zz, %4, a lone %) in queries and form bodies: a clear error in
//     each endpoint's wire format (v2 token/revoke/introspect: JSON invalid_request; user info:
//     invalid_params envelope; v1: error envelope; authorize and pages: HTML error page, no
//     redirect);
//   - duplicated parameters (RFC 6749 §3.1): invalid_request in the endpoint's format;
//   - NUL bytes and invalid UTF-8 in every field (client_key, client_secret, redirect_uri, state,
//     scope, code, refresh_token, grant_type, token, fields, username, access_token, the Bearer
//     header): an error in the right format, never a 5xx, never a malformed answer (JSON answers
//     must be UTF-8, Location headers plain ASCII, echoed state byte for byte);
//   - raw NUL / control bytes in the request line and headers: 400 or closed;
//   - 40 concurrent wrong-password sign-ins (each one Argon2id verification): RSS growth bounded and
//     the normal client's latency bounded meanwhile.
// At the end: the normal client's successes/failures and latency, the RSS growth, every access-log
// line still one JSON object, and a clean SIGTERM exit.
//
// Environment: LOGINKIT_BIN; HOSTILE_IDLE (idle connections, default 2000); HOSTILE_IDLE_SECONDS
// (how long they are held, default 8).

import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CookieJar, LOG_ID_RE, parseForms } from '../integration/lib/server.mjs';
import { Client, ServerProcess, configSupported, privateBinary, renderToml, sleep } from './lib/process.mjs';
import { buildRequest, isUtf8, percentDecodeBytes, rawExchange, rawForm, rawParam, rawRequest } from './lib/raw.mjs';

const IDLE = Number(process.env.HOSTILE_IDLE ?? 2000);
const IDLE_SECONDS = Number(process.env.HOSTILE_IDLE_SECONDS ?? 8);
const RSS_GROWTH_LIMIT_MIB = 300;
const LATENCY_LIMIT_MS = 2000; // any single request of the normal client
const P99_LIMIT_MS = 500;

let dir;
let proc;
let port;
let opsPort; // the operations listener (admin API)
let c; // harness client
let readTimeout = 15; // server default (src/core/config.hpp HttpConfig)
let readTimeoutConfigurable = false;
let app; // web app, no PKCE required
let user; // {username, password}
let jar; // signed-in session with consent on record for `app`
let spareCode; // an unredeemed code of `app` (redirect_uri checks never consume it)
let normalAccess; // a user access token of `app` for the user info cases
let normal; // the normal client running alongside
let rss; // RSS sampler

// --- the normal client -------------------------------------------------------------------------

let phase = 'setup'; // the test running now (failures, latencies and RSS peaks are kept per test)
const FLOOD = 'concurrent sign-in attempts: memory bounded, the normal client keeps its latency';

function startNormalClient() {
  const stats = { ok: 0, failed: 0, failures: [], latencies: [], byPhase: new Map(), stopped: false };
  const phaseStats = () => {
    if (!stats.byPhase.has(phase)) stats.byPhase.set(phase, { ok: 0, failed: 0, latencies: [], failures: [] });
    return stats.byPhase.get(phase);
  };
  let tokens; // the user's current {access_token, refresh_token}
  const timed = async (what, fn, check) => {
    const ps = phaseStats();
    const t0 = performance.now();
    try {
      const r = await fn();
      const ms = performance.now() - t0;
      stats.latencies.push(ms);
      ps.latencies.push(ms);
      const problem = check(r);
      if (problem) throw new Error(problem);
      if (ms > LATENCY_LIMIT_MS) throw new Error(`took ${ms.toFixed(0)} ms (limit ${LATENCY_LIMIT_MS} ms)`);
      stats.ok++;
      ps.ok++;
      return r;
    } catch (e) {
      stats.failed++;
      ps.failed++;
      const msg = `${what} during "${phase}": ${e.message}`;
      if (stats.failures.length < 20) stats.failures.push(msg);
      if (ps.failures.length < 10) ps.failures.push(msg);
      return null;
    }
  };
  const loop = (async () => {
    const cc = new Client(c.base, c.adminToken, { timeoutMs: 10_000, opsBase: c.opsBase });
    tokens = await cc.obtainTokens(jar, app);
    let i = 0;
    while (!stats.stopped) {
      i++;
      const tok = await timed(
        'client_credentials',
        () => cc.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' }),
        (r) => (r.status === 200 && /^clt\./.test(r.body?.access_token ?? '') ? null : `${r.status} ${r.text.slice(0, 200)}`),
      );
      if (tok) {
        await timed(
          'introspect',
          () => cc.postForm('/v2/oauth/introspect/', { client_key: app.client_key, client_secret: app.client_secret, token: tok.body.access_token }),
          (r) => (r.status === 200 && r.json?.active === true ? null : `${r.status} ${r.text.slice(0, 200)}`),
        );
      }
      await timed(
        'user info',
        () => cc.userinfo(tokens.access_token, 'open_id,display_name'),
        (r) => (r.status === 200 && r.body?.error?.code === 'ok' && r.body.data?.user?.open_id ? null : `${r.status} ${r.text.slice(0, 200)}`),
      );
      if (i % 5 === 0) {
        const rt = await timed(
          'refresh',
          () => cc.refresh(app, tokens.refresh_token),
          (r) => (r.status === 200 && r.body?.refresh_token ? null : `${r.status} ${r.text.slice(0, 200)}`),
        );
        if (rt) tokens = rt.body;
        else tokens = await cc.obtainTokens(jar, app).catch(() => tokens);
      }
      await sleep(20);
    }
  })();
  stats.done = loop.catch((e) => {
    stats.failed++;
    stats.failures.push(`normal client crashed during "${phase}": ${e.stack}`);
  });
  stats.stop = async () => {
    stats.stopped = true;
    await stats.done;
  };
  return stats;
}

function percentile(values, p) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Samples the server's VmRSS every `everyMs`; keeps the overall and per-test peaks (KiB). */
function startRssSampler(everyMs = 50) {
  const s = { baseline: proc.rssKiB(), peak: 0, samples: 0, afterTests: [], peaks: new Map() };
  s.peak = s.baseline;
  s.timer = setInterval(() => {
    const v = proc.rssKiB();
    if (v === null) return;
    s.samples++;
    if (v > s.peak) s.peak = v;
    if (v > (s.peaks.get(phase) ?? 0)) s.peaks.set(phase, v);
  }, everyMs);
  return s;
}

// --- checking answers --------------------------------------------------------------------------

/** Collects problems of many cases so one run reports all of them. */
class Problems {
  constructor() {
    this.list = [];
    this.cases = 0;
  }
  async check(label, fn) {
    this.cases++;
    try {
      await fn();
    } catch (e) {
      this.list.push(`${label}: ${e.message.split('\n').slice(0, 6).join(' | ')}`);
    }
  }
  assertNone(what) {
    if (this.list.length) assert.fail(`${this.list.length} of ${this.cases} ${what} cases misbehaved:\n${this.list.join('\n')}`);
  }
}

function describe(r) {
  if (r.status === 0) return `no answer (closed=${r.closed}, reset=${r.reset}, timedOut=${r.timedOut})`;
  return `HTTP ${r.status} ${r.headers['content-type'] ?? ''} ${r.headers.location ? `Location: ${r.headers.location} ` : ''}${r.body.toString('latin1').slice(0, 240)}`;
}

function answered(r) {
  assert.ok(r.status > 0, describe(r));
  assert.ok(r.status < 500, `server error: ${describe(r)}`);
}

function assertJson(r) {
  assert.match(r.headers['content-type'] ?? '', /^application\/json\b/i, `Content-Type: ${describe(r)}`);
  assert.ok(isUtf8(r.body), `JSON answer is not valid UTF-8 (RFC 8259 §8.1): HTTP ${r.status} ${invalidUtf8Context(r.body)}`);
  assert.ok(r.json && typeof r.json === 'object', `not JSON: ${describe(r)}`);
}

/** SPEC §2.2 error: flat JSON {error, error_description, log_id}; HTTP 200 (platform setting). */
function assertTokenError(r, codes) {
  answered(r);
  assertJson(r);
  const list = Array.isArray(codes) ? codes : [codes];
  assert.ok(list.includes(r.json.error), `expected error ${list.join('|')}: ${describe(r)}`);
  assert.equal(r.status, 200, `platform error status: ${describe(r)}`);
  assert.equal(typeof r.json.error_description, 'string');
  assert.match(String(r.json.log_id), LOG_ID_RE);
  assert.match(r.headers['cache-control'] ?? '', /no-store/i, 'Cache-Control: no-store');
}

/** SPEC §2.4 envelope error. */
function assertUserinfoError(r, code, status) {
  answered(r);
  assertJson(r);
  assert.equal(r.json.error?.code, code, `expected user info error ${code}: ${describe(r)}`);
  assert.equal(r.status, status, describe(r));
  assert.match(String(r.json.error.log_id), LOG_ID_RE);
}

/** SPEC §3 v1 error envelope (HTTP 200). */
function assertV1Error(r, codes) {
  answered(r);
  assertJson(r);
  assert.equal(r.status, 200, describe(r));
  assert.equal(r.json.message, 'error', `v1 envelope message: ${describe(r)}`);
  const code = r.json.data?.error_code;
  assert.ok(Number.isInteger(code) && code !== 0, `v1 error_code: ${describe(r)}`);
  if (codes) assert.ok(codes.includes(code), `expected v1 error_code ${codes.join('|')}: ${describe(r)}`);
}

/** v1 user info envelope error: {"data":{},"error":{"code":N != 0,"message":…}}. */
function assertV1UserinfoError(r) {
  answered(r);
  assertJson(r);
  const code = r.json.error?.code ?? r.json.data?.error_code;
  assert.ok(code !== undefined && code !== 0 && code !== 'ok', `v1 user info error: ${describe(r)}`);
}

/** Contract: untrusted client or redirect URI → HTML error page, 4xx, no Location. */
function assertErrorPage(r, status = 400) {
  answered(r);
  assert.equal(r.status, status, describe(r));
  assert.match(r.headers['content-type'] ?? '', /^text\/html\b/i, describe(r));
  assert.equal(r.headers.location, undefined, `an error page must not redirect: ${describe(r)}`);
  assertCleanHtml(r);
}

/** An HTML page served as UTF-8 must be UTF-8 and carry no raw NUL (the templates escape what they echo). */
function assertCleanHtml(r) {
  const at = r.body.indexOf(0);
  assert.ok(at < 0, `raw NUL byte in the HTML: …${JSON.stringify(r.body.subarray(Math.max(0, at - 60), at + 20).toString('latin1'))}`);
  assert.ok(isUtf8(r.body), `the HTML (${r.headers['content-type']}) is not valid UTF-8: ${invalidUtf8Context(r.body)}`);
}

/** A little context around the first byte sequence that is not UTF-8 (shown as U+FFFD). */
function invalidUtf8Context(buf) {
  const text = buf.toString('utf8');
  const at = text.indexOf('\uFFFD');
  return at < 0 ? '' : `…${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}`;
}

/** A Location header must be plain printable ASCII (no raw bytes, no CR/LF). */
function assertCleanLocation(r) {
  const raw = r.rawHeaderBytes.location;
  assert.ok(raw, `no Location: ${describe(r)}`);
  for (const b of raw) assert.ok(b >= 0x20 && b < 0x7f, `raw byte 0x${b.toString(16)} in Location: ${describe(r)}`);
}

/** A redirect back to the registered redirect URI carrying `error` (RFC 6749 §4.1.2.1) and the state. */
function assertRedirectError(r, codes, stateRaw) {
  answered(r);
  assert.equal(r.status, 302, describe(r));
  assertCleanLocation(r);
  const loc = r.headers.location;
  assert.ok(loc.startsWith(app.redirect_uris.web[0] + '?'), `redirects to the registered URI: ${loc}`);
  const q = loc.slice(loc.indexOf('?') + 1);
  const error = rawParam(q, 'error');
  assert.ok(codes.includes(error), `expected error=${codes.join('|')}: ${loc}`);
  assert.equal(rawParam(q, 'code'), undefined, 'no code with an error');
  if (stateRaw !== undefined) assertStateEcho(q, stateRaw);
}

/** SPEC §2.1: state echoed back byte for byte. */
function assertStateEcho(query, stateRaw) {
  const sent = percentDecodeBytes(stateRaw);
  const back = rawParam(query, 'state');
  assert.ok(back !== undefined, `state missing in ${query}`);
  const got = percentDecodeBytes(back);
  assert.ok(got && got.equals(sent), `state not echoed byte for byte: sent ${sent.toString('hex')}, got ${got?.toString('hex')}`);
}

async function alive() {
  const r = await rawRequest(port, 'GET', '/healthz');
  assert.equal(r.status, 200, `the server stopped answering: ${describe(r)}`);
}

const enc = encodeURIComponent;

/** A complete, valid form body for the token endpoint (then mutated per case). */
function ccBody(extra = '') {
  return `client_key=${enc(app.client_key)}&client_secret=${enc(app.client_secret)}&grant_type=client_credentials${extra}`;
}

// --- setup -------------------------------------------------------------------------------------

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'loginkit-hostile-'));
  const bin = privateBinary(dir);
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  const adminToken = `adm-${randomBytes(16).toString('hex')}`;
  const config = { admin_token: adminToken };
  // A short read timeout keeps the slow-sender cases short, if the binary has the key.
  if (configSupported(bin, dir, { http: { read_timeout: 3 } })) {
    config.http = { read_timeout: 3 };
    readTimeout = 3;
    readTimeoutConfigurable = true;
  }
  const limits = { token_per_client: 0, revoke_per_client: 0, userinfo_per_token: 0 };
  if (configSupported(bin, dir, { limits })) config.limits = limits;
  const configPath = path.join(dir, 'loginkit.toml');
  writeFileSync(configPath, renderToml(config));
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LOGINKIT_')) env[k] = v;
  proc = new ServerProcess({
    bin,
    args: ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--config', configPath, '--test-clock'],
    env,
    keepLines: true,
  });
  const base = await proc.start();
  port = Number(new URL(base).port);
  opsPort = Number(new URL(proc.opsBase).port);
  c = new Client(base, adminToken, { opsBase: proc.opsBase });
  app = await c.createApp();
  user = await c.createUser();
  jar = await c.signIn(user.username, user.password);
  await c.authorizeCode(jar, app); // consent on record: later authorizations auto-approve
  spareCode = (await c.authorizeCode(jar, app)).code;
  normalAccess = (await c.obtainTokens(jar, app)).access_token;
  console.log(
    `hostile clients: read timeout ${readTimeout} s (${readTimeoutConfigurable ? 'http.read_timeout in the config' : 'server default; the binary has no http.read_timeout key'})`,
  );
  rss = startRssSampler();
  normal = startNormalClient();
});

beforeEach((t) => {
  phase = t.name;
});

afterEach(() => {
  if (rss && proc?.alive) rss.afterTests.push(Math.round((proc.rssKiB() ?? 0) / 1024));
});

after(async () => {
  if (rss) clearInterval(rss.timer);
  if (normal && !normal.stopped) await normal.stop();
  if (proc?.alive) await proc.kill('SIGKILL');
  if (dir && !process.env.LOGINKIT_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
});

// --- slow senders ------------------------------------------------------------------------------

/**
 * Connects, optionally sends `prefix` at once (and, with `firstRequest`, waits for its answer),
 * then sends `trickle` one byte per `intervalMs`. Resolves when the server closes the connection
 * or `limitMs` after the trickle started: {cutMs (from the start of the trickle, null = never),
 * bytesTrickled, status (first status line seen after the trickle started), answeredFirst}.
 */
function slowSender({ prefix = '', firstRequest = null, trickle, intervalMs = 1000, limitMs }) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let started = null;
    let sent = 0;
    let timer = null;
    let limit = null;
    let data = Buffer.alloc(0);
    let stage = firstRequest ? 'first' : 'trickle';
    let answeredFirst = false;
    let done = false;
    const finish = (cut) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      const text = data.toString('latin1');
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve({ cutMs: cut ? Date.now() - started : null, bytesTrickled: sent, status: m ? Number(m[1]) : 0, answeredFirst });
    };
    const beginTrickle = () => {
      stage = 'trickle';
      data = Buffer.alloc(0);
      started = Date.now();
      if (prefix) socket.write(prefix);
      timer = setInterval(() => {
        if (sent < trickle.length) socket.write(trickle.slice(sent, ++sent));
      }, intervalMs);
      limit = setTimeout(() => finish(false), limitMs);
    };
    socket.on('connect', () => {
      if (firstRequest) socket.write(firstRequest);
      else beginTrickle();
    });
    socket.on('data', (d) => {
      if (stage === 'first') {
        data = Buffer.concat([data, d]);
        const text = data.toString('latin1');
        const head = text.indexOf('\r\n\r\n');
        const len = text.match(/content-length:\s*(\d+)/i);
        if (head >= 0 && len && data.length >= head + 4 + Number(len[1])) {
          answeredFirst = true;
          beginTrickle();
        }
      } else data = Buffer.concat([data, d]);
    });
    socket.on('end', () => (stage === 'trickle' ? finish(true) : finish(false)));
    socket.on('close', () => (stage === 'trickle' ? finish(true) : finish(false)));
    socket.on('error', () => {});
  });
}

test('slow senders are cut off by the read timeout', async () => {
  const limitMs = (readTimeout + 4) * 1000;
  const tokenRequest = (body) =>
    `POST /v2/oauth/token/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const body = ccBody();
  const headerTrickle = tokenRequest(body); // ~200 bytes: 200 s at one byte per second
  const cases = {
    'headers trickled one byte per second': slowSender({ trickle: headerTrickle, limitMs }),
    'body trickled one byte per second': slowSender({
      prefix: `POST /v2/oauth/token/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      trickle: body,
      limitMs,
    }),
    'headers trickled on a kept-alive connection after one normal request': slowSender({
      firstRequest: 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n',
      trickle: headerTrickle,
      limitMs,
    }),
    'body trickled on a kept-alive connection after one normal request': slowSender({
      firstRequest: 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n',
      prefix: `POST /v2/oauth/token/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      trickle: body,
      limitMs,
    }),
  };
  const problems = [];
  const lines = [];
  for (const [name, p] of Object.entries(cases)) {
    const r = await p;
    lines.push(`${name}: ${r.cutMs === null ? `still open after ${limitMs} ms` : `cut after ${r.cutMs} ms`} (${r.bytesTrickled} bytes trickled${r.status ? `, answer ${r.status}` : ''})`);
    if (r.cutMs === null || r.cutMs > (readTimeout + 2) * 1000) {
      problems.push(
        `${name}: expected the connection closed within the read timeout (${readTimeout} s + 2 s slack), observed ${r.cutMs === null ? `still open after ${(limitMs / 1000).toFixed(0)} s` : `closed after ${(r.cutMs / 1000).toFixed(1)} s`}`,
      );
    }
    if (r.status >= 200 && r.status < 300) problems.push(`${name}: the trickled request was answered ${r.status}`);
    if (name.includes('kept-alive') && !r.answeredFirst) problems.push(`${name}: the first, normal request was not answered`);
  }
  console.log(`slow senders (read timeout ${readTimeout} s):\n  ${lines.join('\n  ')}`);
  await alive();
  if (problems.length) assert.fail(problems.join('\n'));
});

// --- oversized requests --------------------------------------------------------------------------

test('oversized headers: 431 or the connection closed', async () => {
  const p = new Problems();
  const big = 'a'.repeat(17 * 1024);
  const expect431 = (r) => {
    if (r.status === 0) return; // closed without an answer: allowed
    assert.equal(r.status, 431, describe(r));
    assertJson(r);
  };
  await p.check('one 17 KiB header', async () => expect431(await rawRequest(port, 'GET', '/healthz', { headers: { 'x-big': big } })));
  await p.check('200 headers of 100 bytes', async () => {
    const headers = {};
    for (let i = 0; i < 200; i++) headers[`x-h${i}`] = 'b'.repeat(100);
    expect431(await rawRequest(port, 'GET', '/healthz', { headers }));
  });
  await p.check('a 17 KiB request target', async () => {
    const r = await rawRequest(port, 'GET', `/v2/user/info/?fields=${big}`);
    if (r.status !== 0) assert.ok([414, 431].includes(r.status), describe(r));
  });
  await p.check('a 17 KiB cookie on authorize', async () =>
    expect431(await rawRequest(port, 'GET', '/v2/auth/authorize/', { headers: { cookie: `lk_session=${big}` } })),
  );
  await p.check('a 17 KiB Authorization header on the token endpoint', async () =>
    expect431(await rawForm(port, '/v2/oauth/token/', ccBody(), { headers: { authorization: `Basic ${big}` } })),
  );
  await alive();
  p.assertNone('oversized-header');
});

test('oversized bodies: 413 with a JSON error', async () => {
  const p = new Problems();
  const big = 'x'.repeat(70 * 1024);
  const expect413 = (r) => {
    answered(r);
    assert.equal(r.status, 413, describe(r));
    assertJson(r);
    assert.equal(typeof r.json.error, 'string', describe(r));
    assert.match(String(r.json.log_id ?? ''), LOG_ID_RE, 'log_id');
  };
  await p.check('70 KiB form body (Content-Length) at the token endpoint', async () =>
    expect413(await rawForm(port, '/v2/oauth/token/', ccBody(`&pad=${big}`))),
  );
  await p.check('70 KiB form body, Content-Length only (body never sent)', async () =>
    expect413(
      await rawExchange(
        port,
        buildRequest('POST', '/v2/oauth/token/', { headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(70 * 1024) } }),
      ),
    ),
  );
  await p.check('70 KiB chunked body at the revoke endpoint', async () => {
    let chunked = '';
    for (let i = 0; i < 70; i++) chunked += `400\r\n${'y'.repeat(1024)}\r\n`;
    chunked += '0\r\n\r\n';
    expect413(
      await rawExchange(
        port,
        buildRequest('POST', '/v2/oauth/revoke/', {
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
          body: chunked,
        }),
      ),
    );
  });
  await p.check('70 KiB JSON body at v1 user info', async () =>
    expect413(await rawRequest(port, 'POST', '/user/info/', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: big }) })),
  );
  await p.check('1 GiB Content-Length announced', async () =>
    expect413(
      await rawExchange(
        port,
        buildRequest('POST', '/v2/oauth/token/', { headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(1 << 30) } }),
      ),
    ),
  );
  await p.check('a body just under the limit is still served', async () => {
    const r = await rawForm(port, '/v2/oauth/token/', ccBody(`&pad=${'z'.repeat(60 * 1024)}`));
    assert.equal(r.status, 200, describe(r));
    assert.match(r.json?.access_token ?? '', /^clt\./, describe(r));
  });
  await alive();
  p.assertNone('oversized-body');
});

// --- idle connections ---------------------------------------------------------------------------

test(`${IDLE} idle connections: the normal client keeps its latency, memory stays bounded`, async () => {
  const sockets = new Set();
  let opened = 0;
  let failedToOpen = 0;
  let closedByServer = 0;
  let holding = true;
  const open = (partial) =>
    new Promise((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' });
      s.on('connect', () => {
        opened++;
        sockets.add(s);
        if (partial) s.write('GET /v2/user/info/?fields=open_id HTTP/1.1\r\nHost: localhost\r\n');
        resolve(true);
      });
      s.on('error', () => {});
      s.on('close', (hadError) => {
        if (!sockets.has(s)) {
          failedToOpen++;
          resolve(false);
          return;
        }
        sockets.delete(s);
        if (holding) {
          closedByServer++;
          open(partial); // keep the count up: the server's read timeout closes idle sockets
        }
      });
    });
  const before = { ok: normal.ok, failed: normal.failed, n: normal.latencies.length };
  for (let i = 0; i < IDLE; i += 100) {
    const batch = [];
    for (let k = i; k < Math.min(IDLE, i + 100); k++) batch.push(open(k % 2 === 1));
    await Promise.all(batch);
  }
  const heldAtStart = sockets.size;
  // Meanwhile, a burst of token requests on fresh connections too.
  const burst = [];
  const burstClient = new Client(c.base, c.adminToken, { timeoutMs: 10_000, opsBase: c.opsBase });
  const t0 = Date.now();
  let minHeld = sockets.size;
  while (Date.now() - t0 < IDLE_SECONDS * 1000) {
    const s0 = performance.now();
    const r = await burstClient
      .token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' })
      .catch((e) => ({ status: 0, text: e.message }));
    burst.push({ ms: performance.now() - s0, ok: r.status === 200 && /^clt\./.test(r.body?.access_token ?? ''), text: r.text });
    minHeld = Math.min(minHeld, sockets.size);
    await sleep(25);
  }
  const rssDuring = proc.rssKiB();
  holding = false;
  for (const s of sockets) s.destroy();
  sockets.clear();
  const after = { ok: normal.ok, failed: normal.failed, lat: normal.latencies.slice(before.n) };
  const burstMs = burst.map((b) => b.ms);
  const burstFailed = burst.filter((b) => !b.ok);
  const summary =
    `idle connections: ${heldAtStart} open at once (min ${minHeld} while measuring, ${opened} opened in all, ${closedByServer} closed by the server and reopened, ${failedToOpen} refused); ` +
    `burst ${burst.length} token requests, ${burstFailed.length} failed, p50 ${percentile(burstMs, 50).toFixed(1)} ms, p99 ${percentile(burstMs, 99).toFixed(1)} ms, max ${Math.max(...burstMs).toFixed(1)} ms; ` +
    `normal client meanwhile ${after.ok - before.ok} ok / ${after.failed - before.failed} failed, max ${Math.max(0, ...after.lat).toFixed(1)} ms; ` +
    `RSS ${(rss.baseline / 1024).toFixed(1)} MiB at start, ${((rssDuring ?? 0) / 1024).toFixed(1)} MiB with the connections open`;
  console.log(summary);
  assert.ok(heldAtStart >= IDLE * 0.95, `could hold only ${heldAtStart} of ${IDLE} connections`);
  assert.deepEqual(burstFailed.slice(0, 5).map((b) => b.text.slice(0, 200)), [], `token requests failed while ${IDLE} connections were idle`);
  assert.ok(Math.max(...burstMs) < LATENCY_LIMIT_MS, `latency ${Math.max(...burstMs).toFixed(0)} ms >= ${LATENCY_LIMIT_MS} ms`);
  assert.ok(percentile(burstMs, 99) < P99_LIMIT_MS, `p99 latency ${percentile(burstMs, 99).toFixed(0)} ms >= ${P99_LIMIT_MS} ms`);
  assert.equal(after.failed - before.failed, 0, `normal client failures: ${normal.failures.join('; ')}`);
  assert.ok(((rssDuring ?? 0) - rss.baseline) / 1024 < RSS_GROWTH_LIMIT_MIB, `RSS grew by more than ${RSS_GROWTH_LIMIT_MIB} MiB`);
  await sleep(200);
  await alive();
});

// --- malformed percent-encoding -----------------------------------------------------------------

const MALFORMED = ['%zz', '%4', '%4g', '%', 'a%', '%%41', '%G1'];

test('malformed percent-encoding: a clear error in each endpoint’s wire format', async () => {
  const p = new Problems();
  const redirect = enc(app.redirect_uris.web[0]);
  for (const bad of MALFORMED) {
    // v2 token, revoke, introspect: invalid_request (SPEC §2.2 "The request parameters are malformed.")
    await p.check(`token client_key=${bad}`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/token/', `client_key=${bad}&client_secret=${enc(app.client_secret)}&grant_type=client_credentials`), 'invalid_request'),
    );
    await p.check(`token value at the end ${bad}`, async () => assertTokenError(await rawForm(port, '/v2/oauth/token/', `${ccBody()}&scope=${bad}`), 'invalid_request'));
    await p.check(`token parameter name ${bad}`, async () => assertTokenError(await rawForm(port, '/v2/oauth/token/', `${bad}=1&${ccBody()}`), 'invalid_request'));
    await p.check(`token code=${bad}`, async () =>
      assertTokenError(
        await rawForm(port, '/v2/oauth/token/', `client_key=${enc(app.client_key)}&client_secret=${enc(app.client_secret)}&grant_type=authorization_code&code=${bad}&redirect_uri=${redirect}`),
        'invalid_request',
      ),
    );
    await p.check(`revoke token=${bad}`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/revoke/', `client_key=${enc(app.client_key)}&client_secret=${enc(app.client_secret)}&token=${bad}`), 'invalid_request'),
    );
    await p.check(`introspect token=${bad}`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/introspect/', `client_key=${enc(app.client_key)}&client_secret=${enc(app.client_secret)}&token=${bad}`), 'invalid_request'),
    );
    // user info: invalid_params envelope (SPEC §2.4)
    await p.check(`user info fields=${bad}`, async () => {
      assertUserinfoError(await rawRequest(port, 'GET', `/v2/user/info/?fields=${bad}`, { headers: { authorization: `Bearer ${normalAccess}` } }), 'invalid_params', 400);
    });
    // authorize (v2, v1, the v1 alias): an error page, never a redirect
    for (const base of ['/v2/auth/authorize/', '/auth/authorize/', '/platform/oauth/connect/']) {
      await p.check(`${base} client_key=${bad}`, async () =>
        assertErrorPage(await rawRequest(port, 'GET', `${base}?client_key=${bad}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}`)),
      );
      await p.check(`${base} state=${bad} (valid client)`, async () =>
        assertErrorPage(
          await rawRequest(port, 'GET', `${base}?client_key=${enc(app.client_key)}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&state=${bad}`, {
            headers: { cookie: jar.header() },
          }),
        ),
      );
    }
    // consent POST and sign-in POST: error page
    await p.check(`consent POST body ${bad}`, async () =>
      assertErrorPage(await rawForm(port, '/v2/auth/authorize/', `client_key=${bad}&decision=approve`, { headers: { cookie: jar.header() } })),
    );
    await p.check(`sign-in POST username=${bad}`, async () => {
      const r = await rawForm(port, '/account/signin', `username=${bad}&password=x`);
      answered(r);
      assert.ok(r.status >= 400 && r.status < 500, describe(r));
      assert.match(r.headers['content-type'] ?? '', /^text\/html\b/i, describe(r));
    });
    // v1: parameter error envelope (10002)
    await p.check(`v1 access_token client_key=${bad}`, async () =>
      assertV1Error(await rawRequest(port, 'POST', `/oauth/access_token/?client_key=${bad}&client_secret=x&code=y&grant_type=authorization_code`), [10002]),
    );
    await p.check(`v1 refresh_token refresh_token=${bad}`, async () =>
      assertV1Error(await rawRequest(port, 'POST', `/oauth/refresh_token/?client_key=${enc(app.client_key)}&grant_type=refresh_token&refresh_token=${bad}`), [10002]),
    );
    await p.check(`v1 revoke access_token=${bad} (form body)`, async () => assertV1Error(await rawForm(port, '/oauth/revoke/', `open_id=x&access_token=${bad}`), [10002]));
    await p.check(`v1 user info access_token=${bad}`, async () => assertV1UserinfoError(await rawRequest(port, 'POST', `/user/info/?access_token=${bad}`)));
  }
  await alive();
  p.assertNone('malformed-encoding');
});

// --- duplicated parameters ----------------------------------------------------------------------

test('duplicated parameters: invalid_request (RFC 6749 §3.1)', async () => {
  const p = new Problems();
  const key = enc(app.client_key);
  const secret = enc(app.client_secret);
  const redirect = enc(app.redirect_uris.web[0]);
  const code = (await c.authorizeCode(jar, app)).code;
  const tokenCases = {
    'client_key twice (same value)': `client_key=${key}&client_key=${key}&client_secret=${secret}&grant_type=client_credentials`,
    'client_key twice (another app)': `client_key=${key}&client_key=other&client_secret=${secret}&grant_type=client_credentials`,
    'client_secret twice': `client_key=${key}&client_secret=${secret}&client_secret=${secret}&grant_type=client_credentials`,
    'grant_type twice': `client_key=${key}&client_secret=${secret}&grant_type=client_credentials&grant_type=authorization_code`,
    'code twice': `client_key=${key}&client_secret=${secret}&grant_type=authorization_code&code=${enc(code)}&code=${enc(code)}&redirect_uri=${redirect}`,
    'redirect_uri twice': `client_key=${key}&client_secret=${secret}&grant_type=authorization_code&code=${enc(code)}&redirect_uri=${redirect}&redirect_uri=${redirect}`,
    'refresh_token twice': `client_key=${key}&client_secret=${secret}&grant_type=refresh_token&refresh_token=a&refresh_token=b`,
    'client_id twice': `client_id=${key}&client_id=${key}&client_secret=${secret}&grant_type=client_credentials`,
  };
  for (const [name, body] of Object.entries(tokenCases)) {
    await p.check(`token: ${name}`, async () => assertTokenError(await rawForm(port, '/v2/oauth/token/', body), 'invalid_request'));
  }
  // The code survived every duplicated attempt: it is still redeemable exactly once.
  await p.check('the code is still redeemable after the refused duplicates', async () => {
    const r = await c.exchangeCode(app, code);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body?.access_token, r.text);
  });
  await p.check('revoke: token twice', async () =>
    assertTokenError(await rawForm(port, '/v2/oauth/revoke/', `client_key=${key}&client_secret=${secret}&token=a&token=b`), 'invalid_request'),
  );
  await p.check('revoke: client_key twice', async () =>
    assertTokenError(await rawForm(port, '/v2/oauth/revoke/', `client_key=${key}&client_key=${key}&client_secret=${secret}&token=a`), 'invalid_request'),
  );
  await p.check('introspect: token twice', async () =>
    assertTokenError(await rawForm(port, '/v2/oauth/introspect/', `client_key=${key}&client_secret=${secret}&token=a&token=b`), 'invalid_request'),
  );
  // Authorize: the client and redirect URI are trusted, so either the error page or a redirect
  // carrying error=invalid_request is a clear answer; never a code.
  const authz = `/v2/auth/authorize/?client_key=${key}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&state=s1`;
  const authorizeCases = {
    'client_key twice': `${authz}&client_key=${key}`,
    'redirect_uri twice': `${authz}&redirect_uri=${redirect}`,
    'state twice': `${authz}&state=s2`,
    'scope twice': `${authz}&scope=user.info.profile`,
    'response_type twice': `${authz}&response_type=token`,
    'code_challenge twice': `${authz}&code_challenge=${'A'.repeat(43)}&code_challenge_method=S256&code_challenge=${'B'.repeat(43)}`,
    'code_challenge_method twice': `${authz}&code_challenge=${'A'.repeat(43)}&code_challenge_method=S256&code_challenge_method=plain`,
  };
  for (const [name, target] of Object.entries(authorizeCases)) {
    await p.check(`authorize: ${name}`, async () => {
      const r = await rawRequest(port, 'GET', target, { headers: { cookie: jar.header() } });
      if (r.status === 302) assertRedirectError(r, ['invalid_request']);
      else assertErrorPage(r);
    });
  }
  // v1: an error envelope, not a success.
  await p.check('v1 access_token: client_key twice', async () =>
    assertV1Error(await rawRequest(port, 'POST', `/oauth/access_token/?client_key=${key}&client_key=${key}&client_secret=${secret}&code=x&grant_type=authorization_code`)),
  );
  await p.check('v1 access_token: code twice', async () =>
    assertV1Error(await rawRequest(port, 'POST', `/oauth/access_token/?client_key=${key}&client_secret=${secret}&code=x&code=y&grant_type=authorization_code`)),
  );
  await alive();
  p.assertNone('duplicated-parameter');
});

// --- NUL bytes and invalid UTF-8 ----------------------------------------------------------------

const HOSTILE_VALUES = {
  NUL: '%00',
  'embedded NUL': 'a%00b',
  'C3 28 (bad continuation)': '%C3%28',
  'lone FF': '%FF',
  'UTF-16 surrogate ED A0 80': '%ED%A0%80',
  'overlong C0 AF': '%C0%AF',
  'beyond U+10FFFF F4 90 80 80': '%F4%90%80%80',
  'CR LF': '%0D%0ASet-Cookie:%20x=1',
};

test('NUL bytes and invalid UTF-8 in every field: an error in the right format, never 5xx', async () => {
  const p = new Problems();
  const key = enc(app.client_key);
  const secret = enc(app.client_secret);
  const redirectUri = app.redirect_uris.web[0];
  const redirect = enc(redirectUri);
  const code = enc(spareCode);
  const signinPage = await c.get('/account/signin?next=%2Faccount%2Fapps');
  const preJar = new CookieJar();
  preJar.update(signinPage.res);
  const signinForm = parseForms(signinPage.text).find((f) => (f.attrs.action ?? '').includes('/account/signin'));
  const csrf = signinForm?.inputs.find((i) => i.name === 'csrf')?.value ?? '';
  let signinAttempts = 0;

  for (const [label, v] of Object.entries(HOSTILE_VALUES)) {
    const tag = `[${label}]`;
    // --- v2 token endpoint
    await p.check(`${tag} token client_key`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/token/', `client_key=${v}&client_secret=${secret}&grant_type=client_credentials`), ['invalid_client', 'invalid_request']),
    );
    await p.check(`${tag} token client_secret`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/token/', `client_key=${key}&client_secret=${v}&grant_type=client_credentials`), ['invalid_client', 'invalid_request']),
    );
    await p.check(`${tag} token grant_type`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/token/', `client_key=${key}&client_secret=${secret}&grant_type=${v}`), ['unsupported_grant_type', 'invalid_request']),
    );
    await p.check(`${tag} token code`, async () =>
      assertTokenError(
        await rawForm(port, '/v2/oauth/token/', `client_key=${key}&client_secret=${secret}&grant_type=authorization_code&code=${v}&redirect_uri=${redirect}`),
        ['invalid_grant', 'invalid_request'],
      ),
    );
    await p.check(`${tag} token redirect_uri (valid code)`, async () =>
      assertTokenError(
        await rawForm(port, '/v2/oauth/token/', `client_key=${key}&client_secret=${secret}&grant_type=authorization_code&code=${code}&redirect_uri=${redirect}${v}`),
        ['invalid_grant', 'invalid_request'],
      ),
    );
    await p.check(`${tag} token code_verifier (valid code)`, async () => {
      // No challenge was sent for this code, so the verifier is ignored (SPEC §2.2)... but the
      // code must not be consumed here: send a wrong redirect_uri as well.
      assertTokenError(
        await rawForm(port, '/v2/oauth/token/', `client_key=${key}&client_secret=${secret}&grant_type=authorization_code&code=${code}&redirect_uri=x&code_verifier=${v}`),
        ['invalid_grant', 'invalid_request'],
      );
    });
    await p.check(`${tag} token refresh_token`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/token/', `client_key=${key}&client_secret=${secret}&grant_type=refresh_token&refresh_token=${v}`), ['invalid_grant', 'invalid_request']),
    );
    await p.check(`${tag} token scope (client_credentials)`, async () => {
      const r = await rawForm(port, '/v2/oauth/token/', `${ccBody()}&scope=${v}`);
      answered(r);
      assertJson(r);
      if (r.json.error) assertTokenError(r, ['invalid_scope', 'invalid_request']);
      else assert.match(r.json.access_token ?? '', /^clt\./, describe(r));
    });
    await p.check(`${tag} token parameter name`, async () => {
      const r = await rawForm(port, '/v2/oauth/token/', `${ccBody()}&${v}=1`);
      answered(r);
      assertJson(r); // unknown parameters are ignored (SPEC §2.2): success or a clean error
    });
    await p.check(`${tag} token: the hostile value as a duplicated parameter name`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/token/', `${ccBody()}&${v}=1&${v}=2`), 'invalid_request'),
    );
    await p.check(`${tag} token Basic credentials`, async () => {
      const basic = Buffer.concat([percentDecodeBytes(v), Buffer.from(':'), percentDecodeBytes(v)]).toString('base64');
      assertTokenError(
        await rawForm(port, '/v2/oauth/token/', 'grant_type=client_credentials', { headers: { authorization: `Basic ${basic}` } }),
        ['invalid_client', 'invalid_request'],
      );
    });
    // --- revoke / introspect
    await p.check(`${tag} revoke token (unknown token: 200 {})`, async () => {
      const r = await rawForm(port, '/v2/oauth/revoke/', `client_key=${key}&client_secret=${secret}&token=${v}`);
      answered(r);
      assertJson(r);
      assert.equal(r.status, 200, describe(r));
      assert.deepEqual(r.json, {}, describe(r));
    });
    await p.check(`${tag} revoke client_key`, async () =>
      assertTokenError(await rawForm(port, '/v2/oauth/revoke/', `client_key=${v}&client_secret=${secret}&token=abc`), ['invalid_client', 'invalid_request']),
    );
    await p.check(`${tag} introspect token`, async () => {
      const r = await rawForm(port, '/v2/oauth/introspect/', `client_key=${key}&client_secret=${secret}&token=${v}`);
      answered(r);
      assertJson(r);
      assert.equal(r.json.active, false, describe(r));
    });
    // --- authorize
    const authz = (params) => rawRequest(port, 'GET', `/v2/auth/authorize/?${params}`, { headers: { cookie: jar.header() } });
    await p.check(`${tag} authorize client_key`, async () =>
      assertErrorPage(await authz(`client_key=${v}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&state=s`)),
    );
    await p.check(`${tag} authorize client_key with a valid prefix`, async () =>
      assertErrorPage(await authz(`client_key=${key}${v}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&state=s`)),
    );
    await p.check(`${tag} authorize redirect_uri`, async () =>
      assertErrorPage(await authz(`client_key=${key}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}${v}&state=s`)),
    );
    await p.check(`${tag} authorize state (echoed byte for byte, or refused)`, async () => {
      const r = await authz(`client_key=${key}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&state=${v}`);
      answered(r);
      if (r.status === 302) {
        assertCleanLocation(r);
        const loc = r.headers.location;
        assert.ok(loc.startsWith(redirectUri + '?'), `redirects to the registered URI: ${loc}`);
        assertStateEcho(loc.slice(loc.indexOf('?') + 1), v);
      } else assertErrorPage(r);
    });
    await p.check(`${tag} authorize scope`, async () => {
      const r = await authz(`client_key=${key}&response_type=code&scope=${v}&redirect_uri=${redirect}&state=st`);
      if (r.status === 302) assertRedirectError(r, ['invalid_scope', 'invalid_request'], 'st');
      else assertErrorPage(r);
    });
    await p.check(`${tag} authorize scope appended to a valid one`, async () => {
      const r = await authz(`client_key=${key}&response_type=code&scope=user.info.basic,${v}&redirect_uri=${redirect}&state=st`);
      if (r.status === 302) assertRedirectError(r, ['invalid_scope', 'invalid_request'], 'st');
      else assertErrorPage(r);
    });
    await p.check(`${tag} authorize response_type`, async () => {
      const r = await authz(`client_key=${key}&response_type=${v}&scope=user.info.basic&redirect_uri=${redirect}&state=st`);
      if (r.status === 302) assertRedirectError(r, ['unsupported_response_type', 'invalid_request'], 'st');
      else assertErrorPage(r);
    });
    await p.check(`${tag} authorize code_challenge`, async () => {
      const r = await authz(`client_key=${key}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&state=st&code_challenge=${v}&code_challenge_method=S256`);
      if (r.status === 302) assertRedirectError(r, ['invalid_request'], 'st');
      else assertErrorPage(r);
    });
    await p.check(`${tag} v1 authorize client_key`, async () =>
      assertErrorPage(await rawRequest(port, 'GET', `/auth/authorize/?client_key=${v}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}`)),
    );
    await p.check(`${tag} consent POST client_key`, async () =>
      assertErrorPage(
        await rawForm(port, '/v2/auth/authorize/', `csrf=x&client_key=${v}&response_type=code&scope=user.info.basic&redirect_uri=${redirect}&decision=approve`, {
          headers: { cookie: jar.header() },
        }),
        403,
      ),
    );
    // --- user info
    await p.check(`${tag} user info fields`, async () => {
      const r = await rawRequest(port, 'GET', `/v2/user/info/?fields=${v}`, { headers: { authorization: `Bearer ${normalAccess}` } });
      answered(r);
      assertJson(r);
      // Lenient setting: an unknown field is left out (200 ok); strict: invalid_params.
      if (r.status === 200) assert.equal(r.json.error?.code, 'ok', describe(r));
      else assertUserinfoError(r, 'invalid_params', 400);
    });
    await p.check(`${tag} user info fields appended to a valid one`, async () => {
      const r = await rawRequest(port, 'GET', `/v2/user/info/?fields=open_id,${v}`, { headers: { authorization: `Bearer ${normalAccess}` } });
      answered(r);
      assertJson(r);
      if (r.status === 200) assert.ok(r.json.data?.user?.open_id, describe(r));
      else assertUserinfoError(r, 'invalid_params', 400);
    });
    await p.check(`${tag} user info Bearer token (decoded bytes in the header)`, async () => {
      const bytes = percentDecodeBytes(v);
      if (bytes.includes(0) || bytes.includes(0x0d) || bytes.includes(0x0a)) {
        // Not a legal header byte: the parser refuses the request (400) or closes.
        const r = await rawExchange(port, Buffer.concat([Buffer.from('GET /v2/user/info/?fields=open_id HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer '), bytes, Buffer.from('\r\n\r\n')]));
        if (r.status !== 0) {
          assert.ok(r.status >= 400 && r.status < 500, describe(r));
        }
      } else {
        const r = await rawExchange(port, Buffer.concat([Buffer.from('GET /v2/user/info/?fields=open_id HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer '), bytes, Buffer.from('\r\n\r\n')]));
        assertUserinfoError(r, 'access_token_invalid', 401);
      }
    });
    // --- sign-in page
    if (signinAttempts < 30) {
      signinAttempts++;
      await p.check(`${tag} sign-in username`, async () => {
        const r = await rawForm(port, '/account/signin', `username=${v}&password=wrong-password&csrf=${enc(csrf)}&next=%2Faccount%2Fapps`, {
          headers: { cookie: preJar.header() },
        });
        answered(r);
        assert.ok([400, 401, 403].includes(r.status), `expected the sign-in page with an error: ${describe(r)}`);
        assert.match(r.headers['content-type'] ?? '', /^text\/html\b/i, describe(r));
        assertCleanHtml(r);
      });
    }
    // --- admin API username (JSON): a JSON error or a created user, never 5xx
    await p.check(`${tag} admin create user with the value in username`, async () => {
      const bytes = percentDecodeBytes(v);
      const body = Buffer.concat([Buffer.from('{"username":"u'), Buffer.from(bytes.toString('hex')), Buffer.from('-'), jsonRawString(bytes), Buffer.from('","password":"pw-123456789","display_name":"d"}')]);
      const r = await rawRequest(opsPort, 'POST', '/admin/v1/users', {
        headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' },
        body,
      });
      answered(r);
      assertJson(r);
      if (!isUtf8(bytes)) assert.equal(r.status, 400, `JSON that is not UTF-8 must be refused (RFC 8259 §8.1): ${describe(r)}`);
    });
    // --- v1
    await p.check(`${tag} v1 access_token client_key`, async () =>
      assertV1Error(await rawRequest(port, 'POST', `/oauth/access_token/?client_key=${v}&client_secret=x&code=y&grant_type=authorization_code`)),
    );
    await p.check(`${tag} v1 access_token code`, async () =>
      assertV1Error(await rawRequest(port, 'POST', `/oauth/access_token/?client_key=${key}&client_secret=${secret}&code=${v}&grant_type=authorization_code`)),
    );
    await p.check(`${tag} v1 refresh_token`, async () =>
      assertV1Error(await rawRequest(port, 'POST', `/oauth/refresh_token/?client_key=${key}&grant_type=refresh_token&refresh_token=${v}`)),
    );
    await p.check(`${tag} v1 user info access_token (query)`, async () => assertV1UserinfoError(await rawRequest(port, 'POST', `/user/info/?access_token=${v}`)));
    await p.check(`${tag} v1 user info access_token (JSON body, raw bytes)`, async () => {
      const bytes = percentDecodeBytes(v);
      const body = Buffer.concat([Buffer.from('{"access_token":"'), jsonRawString(bytes), Buffer.from('","fields":["open_id"]}')]);
      assertV1UserinfoError(await rawRequest(port, 'POST', '/user/info/', { headers: { 'content-type': 'application/json' }, body }));
    });
  }
  // The spare code was never consumed by any of the refused attempts above.
  await p.check('the code survived every hostile attempt', async () => {
    const r = await c.exchangeCode(app, spareCode);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body?.access_token, r.text);
  });
  await alive();
  console.log(`NUL / invalid UTF-8: ${p.cases} cases, ${p.list.length} misbehaved`);
  p.assertNone('NUL/invalid-UTF-8');
});

/** Bytes as the inside of a JSON string: NUL and controls escaped, other bytes raw (possibly invalid UTF-8). */
function jsonRawString(bytes) {
  const out = [];
  for (const b of bytes) {
    if (b < 0x20 || b === 0x22 || b === 0x5c) out.push(...Buffer.from(`\\u${b.toString(16).padStart(4, '0')}`));
    else out.push(b);
  }
  return Buffer.from(out);
}

// --- raw bytes in the request line and headers ---------------------------------------------------

test('raw NUL and control bytes in the request line and headers: 400 or closed', async () => {
  const p = new Problems();
  const refuse = (r) => {
    if (r.status === 0) return;
    assert.ok(r.status >= 400 && r.status < 500, describe(r));
  };
  const cases = {
    'NUL in the request target': Buffer.from('GET /v2/user/info/?fields=open\x00id HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1'),
    'FF in the request target': Buffer.from('GET /v2/auth/authorize/?client_key=\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1'),
    'space inside the target': Buffer.from('GET /v2/auth/authorize/?client_key=a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1'),
    'NUL in a header name': Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nX-\x00: 1\r\nConnection: close\r\n\r\n', 'latin1'),
    'NUL in a header value': Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n', 'latin1'),
    'bare LF line ends and a CR inside a value': Buffer.from('GET /healthz HTTP/1.1\nHost: x\nX-A: a\rb\nConnection: close\n\n', 'latin1'),
    'garbage request line': Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n', 'latin1'),
    'invalid Content-Length': Buffer.from('POST /v2/oauth/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\nConnection: close\r\n\r\nclient_key=1', 'latin1'),
    'two different Content-Lengths': Buffer.from('POST /v2/oauth/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nabcdef', 'latin1'),
    'Content-Length and chunked together': Buffer.from(
      'POST /v2/oauth/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n',
      'latin1',
    ),
    'bad chunk size': Buffer.from('POST /v2/oauth/token/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n', 'latin1'),
    'HTTP/2 preface on HTTP/1': Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    await p.check(name, async () => refuse(await rawExchange(port, bytes, { timeoutMs: (readTimeout + 3) * 1000 })));
  }
  // Raw (not percent-encoded) high bytes in a form body are just bytes: a clean JSON answer.
  await p.check('raw FF bytes in a form body', async () => {
    const r = await rawForm(port, '/v2/oauth/token/', Buffer.concat([Buffer.from(`${ccBody()}&scope=`), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]));
    answered(r);
    assertJson(r);
  });
  await p.check('raw FF bytes as client_key in a form body', async () =>
    assertTokenError(
      await rawForm(port, '/v2/oauth/token/', Buffer.concat([Buffer.from('client_key='), Buffer.from([0xff, 0x00]), Buffer.from(`&client_secret=x&grant_type=client_credentials`)])),
      ['invalid_client', 'invalid_request'],
    ),
  );
  await alive();
  p.assertNone('raw-byte');
});

// --- concurrent sign-in attempts ----------------------------------------------------------------

test(FLOOD, async () => {
  // Anyone can get the sign-in page's CSRF value; each wrong password then costs the server one
  // Argon2id verification (libsodium's "interactive" limits: 64 MiB each). 40 at once stays under
  // the per-address sign-in limit (50 failures per 300 s), which counts attempts only afterwards.
  const FLOOD_N = 40;
  const page = await c.get('/account/signin?next=%2Faccount%2Fapps');
  const pre = new CookieJar();
  pre.update(page.res);
  const csrf = parseForms(page.text).find((f) => (f.attrs.action ?? '').includes('/account/signin'))?.inputs.find((i) => i.name === 'csrf')?.value;
  assert.ok(csrf, 'the sign-in page has a csrf input');
  const before = proc.rssKiB();
  const t0 = Date.now();
  const answers = await Promise.all(
    Array.from({ length: FLOOD_N }, (_, i) =>
      rawForm(port, '/account/signin', `username=nobody-${i}-${randomBytes(3).toString('hex')}&password=wrong-password&csrf=${enc(csrf)}&next=%2Faccount%2Fapps`, {
        headers: { cookie: pre.header() },
        timeoutMs: 60_000,
      }),
    ),
  );
  const floodMs = Date.now() - t0;
  await sleep(300);
  const ps = normal.byPhase.get(FLOOD) ?? { ok: 0, failed: 0, latencies: [], failures: [] };
  const peak = rss.peaks.get(FLOOD) ?? before;
  const growthMiB = (peak - before) / 1024;
  const statuses = {};
  for (const r of answers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  console.log(
    `sign-in flood: ${FLOOD_N} concurrent wrong-password sign-ins answered in ${floodMs} ms (statuses ${JSON.stringify(statuses)}); ` +
      `server RSS ${(before / 1024).toFixed(1)} MiB before, peak ${(peak / 1024).toFixed(1)} MiB (growth ${growthMiB.toFixed(1)} MiB); ` +
      `normal client meanwhile ${ps.ok} ok / ${ps.failed} failed, max latency ${Math.max(0, ...ps.latencies).toFixed(0)} ms`,
  );
  const problems = [];
  if (answers.some((r) => r.status === 0 || r.status >= 500 && r.status !== 503)) problems.push(`sign-in answers: ${JSON.stringify(statuses)} (expected 401, or 429/503 when shedding load)`);
  if (growthMiB >= RSS_GROWTH_LIMIT_MIB) {
    problems.push(`server RSS grew by ${growthMiB.toFixed(0)} MiB during ${FLOOD_N} concurrent sign-in attempts (limit ${RSS_GROWTH_LIMIT_MIB} MiB): password verifications are not bounded in number`);
  }
  if (ps.failed) problems.push(`the normal client failed ${ps.failed} times meanwhile:\n  ${ps.failures.join('\n  ')}`);
  await alive();
  if (problems.length) assert.fail(problems.join('\n'));
});

// --- the normal client, memory, logs -------------------------------------------------------------

test('the normal client never failed, memory stayed bounded, every log line is JSON, clean stop', async () => {
  await normal.stop();
  clearInterval(rss.timer);
  const lat = normal.latencies;
  const phases = [...normal.byPhase].map(
    ([name, ps]) => `    ${name}: ${ps.ok} ok / ${ps.failed} failed, p99 ${percentile(ps.latencies, 99).toFixed(1)} ms, max ${Math.max(0, ...ps.latencies).toFixed(1)} ms, server RSS peak ${rss.peaks.has(name) ? `${(rss.peaks.get(name) / 1024).toFixed(1)} MiB` : 'not sampled (too short)'}`,
  );
  // The sign-in flood has its own verdict; everything else must stay within the limits.
  let peakOutsideFlood = rss.baseline;
  for (const [name, v] of rss.peaks) if (name !== FLOOD && v > peakOutsideFlood) peakOutsideFlood = v;
  const growthMiB = (peakOutsideFlood - rss.baseline) / 1024;
  const otherFailures = [...normal.byPhase].filter(([name]) => name !== FLOOD).flatMap(([, ps]) => ps.failures);
  const otherFailed = [...normal.byPhase].filter(([name]) => name !== FLOOD).reduce((n, [, ps]) => n + ps.failed, 0);
  const otherLat = [...normal.byPhase].filter(([name]) => name !== FLOOD).flatMap(([, ps]) => ps.latencies);
  console.log(
    `normal client: ${normal.ok} requests succeeded, ${normal.failed} failed (${otherFailed} outside the sign-in flood); ` +
      `latency p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms, max ${Math.max(0, ...lat).toFixed(1)} ms; ` +
      `server RSS ${(rss.baseline / 1024).toFixed(1)} MiB at start, peak ${(rss.peak / 1024).toFixed(1)} MiB overall, ` +
      `${(peakOutsideFlood / 1024).toFixed(1)} MiB outside the sign-in flood (growth ${growthMiB.toFixed(1)} MiB); per test:\n${phases.join('\n')}`,
  );
  // Every access-log line must still be exactly one JSON object (no injected line breaks), UTF-8.
  const badLines = [];
  let badCount = 0;
  for (const line of proc.lines) {
    let ok = isUtf8(line);
    if (ok) {
      try {
        const o = JSON.parse(line.toString('utf8'));
        ok = o && typeof o === 'object' && typeof o.status === 'number';
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      badCount++;
      if (badLines.length < 10) badLines.push(line.toString('latin1').slice(0, 300));
    }
  }
  const exit = await proc.stop();
  console.log(`access log: ${proc.lines.length} lines, ${badCount} not a JSON object in UTF-8; exit after SIGTERM: ${JSON.stringify(exit)}`);

  const problems = [];
  if (normal.ok < 100) problems.push(`the normal client made too few requests (${normal.ok})`);
  if (otherFailed) problems.push(`normal client failures:\n  ${otherFailures.join('\n  ')}`);
  if (percentile(otherLat, 99) >= P99_LIMIT_MS) problems.push(`normal client p99 ${percentile(otherLat, 99).toFixed(0)} ms >= ${P99_LIMIT_MS} ms`);
  if (growthMiB >= RSS_GROWTH_LIMIT_MIB) problems.push(`server RSS grew by ${growthMiB.toFixed(1)} MiB (limit ${RSS_GROWTH_LIMIT_MIB})`);
  if (badCount) problems.push(`${badCount} access-log lines are not one JSON object in UTF-8, e.g.:\n  ${badLines.join('\n  ')}`);
  if (exit?.code !== 0 || exit?.signal !== null) problems.push(`exit after SIGTERM ${JSON.stringify(exit)}; stderr:\n${proc.stderr.slice(-2000)}`);
  if (problems.length) assert.fail(problems.join('\n'));
});
