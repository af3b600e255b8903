// Crash durability (SPEC.md §2.2, §2.3).
//
// A loginkit server is put under concurrent load by several async workers doing
// client_credentials issuance, authorization-code exchange (codes minted by a signed-in user whose
// consent is already on record: GET /v2/auth/authorize/ auto-approves), refresh rotation and
// revocation, while a killer SIGKILLs the server at random moments and starts it again on the same
// data directory (SQLite) or database (PostgreSQL, when LOGINKIT_TEST_PG is set).
//
// Only operations whose answer the client fully received ("acknowledged") are recorded. A request
// that died with its connection has an unknown outcome and counts neither way; the workers then
// stop using what it touched (a refresh token whose rotation is unknown is never presented again,
// so reuse detection cannot revoke a family behind the test's back; a user whose revocation is
// unknown is retired unchecked).
//
// After the last kill the server is killed once more, restarted, and checked:
//   - every acknowledged access token works at GET /v2/user/info/ (user tokens) or is active at
//     POST /v2/oauth/introspect/ (client_credentials tokens), unless an acknowledged revocation
//     covers it; every acknowledged, never presented refresh token is active at introspection;
//   - every acknowledged revocation holds: the client token is inactive; revoking a user token
//     disconnects the app from the user (SPEC §2.3), so every token of that user fails;
//   - every acknowledged rotation holds: the old refresh token is inactive at introspection and,
//     last of all (presenting it triggers reuse detection), refused with invalid_grant;
//   - no code is redeemable twice: every code whose exchange was acknowledged is refused now.
// A refused acknowledged code or refresh token during the load (the server forgot it) is a
// violation as well. Zero violations are required.
//
// Environment:
//   CRASH_KILLS    kills per engine (default 15; long mode: CRASH_KILLS=500)
//   CRASH_SECONDS  time budget of the kill phase per engine (default max(60, 2.5 s x kills))
//   CRASH_WORKERS  concurrent workers (default 8)
//   LOGINKIT_TEST_PG  conninfo of a PostgreSQL role with CREATEDB: adds a run on a fresh database
//   CRASH_SELFTEST=1  also records three facts the server never acknowledged and expects the checker
//                  to report exactly those (proves the verification is not vacuous)
//   LOGINKIT_BIN   server binary (default build/debug/loginkit); LOGINKIT_KEEP_TMP=1 keeps temp dirs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, ServerProcess, configSupported, pool, privateBinary, psql, renderToml, sleep } from './lib/process.mjs';

const KILLS = Math.max(1, Number(process.env.CRASH_KILLS ?? 15));
const BUDGET_MS = 1000 * Number(process.env.CRASH_SECONDS ?? Math.max(60, KILLS * 2.5));
const WORKERS = Math.max(1, Number(process.env.CRASH_WORKERS ?? 8));
const PG = process.env.LOGINKIT_TEST_PG;
const APPS = 3;
const SELFTEST = process.env.CRASH_SELFTEST === '1';

/** Environment for the server: ours, without LOGINKIT_* (the store and listen address are ours to choose). */
function serverEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LOGINKIT_')) env[k] = v;
  return env;
}


async function runEngine(t, engine) {
  const dir = mkdtempSync(path.join(tmpdir(), `loginkit-crash-${engine}-`));
  const bin = privateBinary(dir);
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  const adminToken = `adm-${randomBytes(16).toString('hex')}`;
  const config = { admin_token: adminToken, oauth: { code_ttl: 86400 } };
  // Rate limits would turn part of the load into 429s; switch them off if the
  // binary knows the keys (it refuses unknown keys).
  const limits = { token_per_client: 0, revoke_per_client: 0, userinfo_per_token: 0 };
  if (configSupported(bin, dir, { limits })) config.limits = limits;
  const configPath = path.join(dir, 'loginkit.toml');
  writeFileSync(configPath, renderToml(config));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--config', configPath];
  let dbName;
  if (engine === 'postgres') {
    dbName = `lk_crash_${process.pid}_${randomBytes(4).toString('hex')}`;
    psql(PG, `CREATE DATABASE ${dbName}`);
    args.push('--store', `${PG.replace(/\/[^/]*$/, '')}/${dbName}`);
  }

  const proc = new ServerProcess({ bin, args, env: serverEnv(), label: `loginkit (${engine})` });
  let client;
  let ready = Promise.resolve();
  const start = async () => {
    const base = await proc.start();
    client = new Client(base, adminToken, { opsBase: proc.opsBase });
    return base;
  };

  try {
    await start();
    return await runLoad(engine, { proc, start, getClient: () => client, getReady: () => ready, setReady: (p) => (ready = p) });
  } finally {
    await proc.kill('SIGKILL');
    if (dbName) {
      try {
        psql(PG, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      } catch (e) {
        t.diagnostic(`could not drop ${dbName}: ${e.message}`);
      }
    }
    if (!process.env.LOGINKIT_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
    else t.diagnostic(`kept ${dir}`);
  }
}

async function runLoad(engine, env) {
  const { proc, start, getClient, getReady, setReady } = env;
  let stopping = false; // set when the kill phase ends (or fails): workers finish their operation and stop
  const violations = [];
  const unexpected = []; // answers that are neither success nor the error the model predicts
  const violation = (msg) => violations.push(msg);
  const c0 = getClient();

  // --- setup (no kills yet) -------------------------------------------------------------------
  const apps = [];
  for (let i = 0; i < APPS; i++) apps.push(await c0.createApp());

  const stats = {
    ccIssued: 0,
    ccRevoked: 0,
    exchanges: 0,
    refreshes: 0,
    userRevokes: 0,
    codesMinted: 0,
    unknown: 0,
    usersProvisioned: 0,
    ops: 0,
  };
  const clientTokens = []; // {app, token, state: 'live'|'pending'|'revoked'|'unknown'}
  const users = []; // see provisionUser

  let userSeq = 0;
  /** A user with a session and consent on record for one app (retries through crashes). */
  async function provisionUser() {
    for (;;) {
      if (stopping) throw new Error('stopping');
      await getReady();
      const c = getClient();
      const app = apps[userSeq++ % apps.length];
      try {
        const user = await c.createUser();
        const jar = await c.signIn(user.username, user.password);
        // First authorization shows consent; approving records it, so later GETs auto-approve.
        const first = await c.authorizeCode(jar, app, { state: 'setup' });
        const u = {
          app,
          user,
          jar,
          pendingCodes: [first.code], // minted (acknowledged redirect), not yet exchanged
          access: [], // acknowledged access tokens
          refresh: [], // {token, status: 'live'|'rotated'|'unknown'}
          codes: [], // codes whose exchange was acknowledged
          current: null, // the refresh entry of the family being rotated
          revoke: 'none', // 'none' | 'acked' | 'unknown'
        };
        users.push(u);
        stats.usersProvisioned++;
        return u;
      } catch (e) {
        if (e instanceof assert.AssertionError) {
          // An answer came, but not the expected one (a transport failure is just an unknown outcome).
          unexpected.push(`provisioning a user: ${e.message.slice(0, 300)}`);
          if (unexpected.length > 50) throw e;
        }
        await sleep(20);
      }
    }
  }

  const spare = [];
  for (let i = 0; i < WORKERS * 2; i++) spare.push(await provisionUser());
  const takeUser = async () => spare.pop() ?? provisionUser();

  // --- operations ----------------------------------------------------------------------------
  // Each returns normally; a transport failure marks what it touched as unknown.
  const form = (extra) => new URLSearchParams(extra);

  async function opClientCredentials() {
    const app = apps[Math.floor(Math.random() * apps.length)];
    const c = getClient();
    let r;
    try {
      r = await c.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
    } catch {
      stats.unknown++;
      return;
    }
    if (r.status === 200 && r.body?.access_token) {
      clientTokens.push({ app, token: r.body.access_token, state: 'live' });
      stats.ccIssued++;
    } else if (r.status !== 429) unexpected.push(`client_credentials -> ${r.status} ${r.text.slice(0, 200)}`);
  }

  async function opRevokeClientToken() {
    const live = clientTokens.filter((x) => x.state === 'live');
    if (!live.length) return opClientCredentials();
    const ct = live[Math.floor(Math.random() * live.length)];
    ct.state = 'pending';
    const c = getClient();
    let r;
    try {
      r = await c.revoke({ client_key: ct.app.client_key, client_secret: ct.app.client_secret, token: ct.token });
    } catch {
      ct.state = 'unknown';
      stats.unknown++;
      return;
    }
    if (r.status === 200 && r.body && Object.keys(r.body).length === 0) {
      ct.state = 'revoked';
      stats.ccRevoked++;
    } else {
      ct.state = 'live';
      if (r.status !== 429) unexpected.push(`revoke client token -> ${r.status} ${r.text.slice(0, 200)}`);
    }
  }

  async function mintCode(u) {
    const c = getClient();
    let r;
    try {
      r = await c.get(c.authorizePath(c.authorizeParams(u.app, { state: `s${stats.codesMinted}` })), { jar: u.jar });
    } catch {
      stats.unknown++;
      return;
    }
    const loc = r.location ? new URL(r.location, c.base) : null;
    const code = loc?.searchParams.get('code');
    if (r.status === 302 && code) {
      u.pendingCodes.push(code);
      stats.codesMinted++;
    } else if (r.status === 200 && /name="decision"/.test(r.text)) {
      violation(`${u.user.username}: the consent acknowledged before was forgotten (GET authorize shows the consent page again)`);
      u.revoke = 'unknown'; // retire the user
    } else if (r.status === 302 && /\/account\/signin/.test(r.location ?? '')) {
      violation(`${u.user.username}: the acknowledged sign-in session was forgotten (authorize redirects to sign-in)`);
      u.revoke = 'unknown';
    } else {
      unexpected.push(`GET authorize -> ${r.status} ${r.location ?? ''} ${r.text.slice(0, 200)}`);
    }
  }

  async function opExchange(u) {
    if (!u.pendingCodes.length) return mintCode(u);
    const code = u.pendingCodes.shift();
    const c = getClient();
    let r;
    try {
      r = await c.exchangeCode(u.app, code);
    } catch {
      stats.unknown++; // the code may or may not be redeemed now: never presented again
      return;
    }
    if (r.status === 200 && r.body?.access_token && r.body?.refresh_token) {
      u.access.push(r.body.access_token);
      const entry = { token: r.body.refresh_token, status: 'live' };
      u.refresh.push(entry);
      u.codes.push(code);
      u.current = entry;
      stats.exchanges++;
    } else if (r.status === 429) {
      u.pendingCodes.unshift(code);
    } else if (r.body?.error === 'invalid_grant') {
      violation(`${u.user.username}: a code whose minting was acknowledged was refused at its first exchange: ${r.text.slice(0, 200)}`);
    } else {
      unexpected.push(`code exchange -> ${r.status} ${r.text.slice(0, 200)}`);
    }
  }

  async function opRefresh(u) {
    const entry = u.current;
    const c = getClient();
    let r;
    try {
      r = await c.refresh(u.app, entry.token);
    } catch {
      entry.status = 'unknown'; // maybe rotated: presenting it again could trigger reuse detection
      u.current = null;
      stats.unknown++;
      return;
    }
    if (r.status === 200 && r.body?.access_token && r.body?.refresh_token) {
      entry.status = 'rotated';
      u.access.push(r.body.access_token);
      const next = { token: r.body.refresh_token, status: 'live' };
      u.refresh.push(next);
      u.current = next;
      stats.refreshes++;
    } else if (r.status === 429) {
      // try again later
    } else if (r.body?.error === 'invalid_grant') {
      violation(`${u.user.username}: an acknowledged, never presented refresh token was refused: ${r.text.slice(0, 200)}`);
      entry.status = 'unknown';
      u.current = null;
    } else {
      unexpected.push(`refresh -> ${r.status} ${r.text.slice(0, 200)}`);
    }
  }

  async function opRevokeUser(u) {
    const tokens = [...u.access, ...u.refresh.map((x) => x.token)];
    const token = tokens[Math.floor(Math.random() * tokens.length)];
    const c = getClient();
    let r;
    try {
      r = await c.revoke({ client_key: u.app.client_key, client_secret: u.app.client_secret, token });
    } catch {
      u.revoke = 'unknown';
      stats.unknown++;
      return;
    }
    if (r.status === 200 && r.body && Object.keys(r.body).length === 0) {
      u.revoke = 'acked';
      stats.userRevokes++;
    } else if (r.status !== 429) {
      unexpected.push(`revoke user token -> ${r.status} ${r.text.slice(0, 200)}`);
      u.revoke = 'unknown';
    }
  }

  // A user lives for 10-60 steps (code exchanges and refreshes), then half of them end with a
  // revocation (disconnect) and half are simply retired, so both "still works" and "revoked" are
  // checked on many tokens.
  async function opUser(w) {
    if (!w.user || w.user.revoke !== 'none' || w.user.retired) {
      w.user = await takeUser();
      w.user.lifetime = 10 + Math.floor(Math.random() * 50);
      w.user.endsWithRevoke = Math.random() < 0.5;
      w.user.steps = 0;
    }
    const u = w.user;
    if (!u.current) return opExchange(u);
    u.steps++;
    if (u.steps >= u.lifetime && u.access.length) {
      if (u.endsWithRevoke) return opRevokeUser(u);
      u.retired = true;
      return;
    }
    if (Math.random() < 0.15) return opExchange(u); // another family for the same user
    return opRefresh(u);
  }

  // --- load + killer ---------------------------------------------------------------------------
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    const w = { user: null };
    workers.push(
      (async () => {
        while (!stopping) {
          await getReady();
          const x = Math.random();
          if (x < 0.2) await opClientCredentials();
          else if (x < 0.26) await opRevokeClientToken();
          else await opUser(w);
          stats.ops++;
        }
      })(),
    );
  }

  let kills = 0;
  const killStart = Date.now();
  const restartMs = [];
  async function killAndRestart(final = false) {
    let release;
    setReady(
      new Promise((resolve) => {
        release = resolve;
      }),
    );
    try {
      const r = await proc.kill('SIGKILL');
      assert.equal(r?.signal, 'SIGKILL', `the server died on its own before the kill: ${JSON.stringify(r)}\n${proc.stderr.slice(-3000)}`);
      if (!final) kills++;
      const t0 = Date.now();
      await start(); // throws (with the server's stderr) when the server cannot come back
      restartMs.push(Date.now() - t0);
    } finally {
      release(); // never leave the workers waiting, even when the restart failed
    }
  }
  try {
    while (kills < KILLS && Date.now() - killStart < BUDGET_MS) {
      await sleep(300 + Math.random() * 1200);
      if (!proc.alive) {
        const r = await proc.exited;
        assert.fail(`the server exited by itself under load (code ${r.code}, signal ${r.signal}):\n${proc.stderr.slice(-3000)}`);
      }
      await killAndRestart();
    }
  } finally {
    stopping = true;
    await Promise.allSettled(workers);
  }
  const loadMs = Date.now() - killStart;
  // One more kill with everything acknowledged so far, so nothing is checked against a process
  // that still holds it in memory.
  await killAndRestart(true);
  const c = getClient();

  // Self-test of the checker (CRASH_SELFTEST=1): record three facts the server never acknowledged;
  // each must come out as exactly one violation.
  const injected = [];
  if (SELFTEST) {
    clientTokens.push({ app: apps[0], token: `clt.never-issued-${randomBytes(8).toString('hex')}`, state: 'live' });
    injected.push('client token acknowledged at issuance is not active');
    const live = await c.token({ client_key: apps[0].client_key, client_secret: apps[0].client_secret, grant_type: 'client_credentials' });
    clientTokens.push({ app: apps[0], token: live.body.access_token, state: 'revoked' });
    injected.push('client token whose revocation was acknowledged is still active');
    const u = users.find((x) => x.revoke === 'none' && x.access.length);
    const fresh = (await c.authorizeCode(u.jar, u.app)).code;
    u.codes.push(fresh);
    injected.push('a code whose exchange was acknowledged was redeemed again');
  }

  // --- verification ------------------------------------------------------------------------------
  const checked = {
    ccActive: 0,
    ccRevoked: 0,
    userAccess: 0,
    userRefresh: 0,
    userRevoked: 0,
    rotationsIntrospected: 0,
    rotationsRefused: 0,
    codesRefused: 0,
    skippedUnknown: 0,
  };

  async function introspect(app, token) {
    const r = await c.postForm('/v2/oauth/introspect/', { client_key: app.client_key, client_secret: app.client_secret, token });
    assert.ok(r.json && typeof r.json.active === 'boolean', `introspect -> ${r.status} ${r.text.slice(0, 300)}`);
    return r.json.active;
  }
  async function userinfoOk(token) {
    const r = await c.userinfo(token, 'open_id');
    if (r.status === 200 && r.body?.error?.code === 'ok') return true;
    assert.equal(r.body?.error?.code, 'access_token_invalid', `user info -> ${r.status} ${r.text.slice(0, 300)}`);
    return false;
  }

  const jobs = [];
  for (const ct of clientTokens) {
    if (ct.state === 'live') {
      jobs.push(async () => {
        if (await introspect(ct.app, ct.token)) checked.ccActive++;
        else violation(`client token acknowledged at issuance is not active: ${ct.token.slice(0, 12)}…`);
      });
    } else if (ct.state === 'revoked') {
      jobs.push(async () => {
        if (!(await introspect(ct.app, ct.token))) checked.ccRevoked++;
        else violation(`client token whose revocation was acknowledged is still active: ${ct.token.slice(0, 12)}…`);
      });
    } else checked.skippedUnknown++;
  }
  for (const u of users) {
    if (u.revoke === 'unknown') {
      checked.skippedUnknown += u.access.length + u.refresh.length;
      // A rotation is final whatever happened to the user afterwards: checked below.
    } else if (u.revoke === 'acked') {
      for (const a of u.access) {
        jobs.push(async () => {
          if (!(await userinfoOk(a))) checked.userRevoked++;
          else violation(`${u.user.username}: access token works after an acknowledged revocation (disconnect)`);
        });
      }
      for (const e of u.refresh) {
        jobs.push(async () => {
          if (!(await introspect(u.app, e.token))) checked.userRevoked++;
          else violation(`${u.user.username}: refresh token active after an acknowledged revocation (disconnect)`);
        });
      }
    } else {
      for (const a of u.access) {
        jobs.push(async () => {
          if (await userinfoOk(a)) checked.userAccess++;
          else violation(`${u.user.username}: access token acknowledged at issuance does not work at user info`);
        });
      }
      for (const e of u.refresh) {
        if (e.status === 'live') {
          jobs.push(async () => {
            if (await introspect(u.app, e.token)) checked.userRefresh++;
            else violation(`${u.user.username}: refresh token acknowledged at issuance is not active`);
          });
        } else if (e.status === 'unknown') checked.skippedUnknown++;
      }
    }
    for (const e of u.refresh) {
      if (e.status !== 'rotated') continue;
      jobs.push(async () => {
        if (!(await introspect(u.app, e.token))) checked.rotationsIntrospected++;
        else violation(`${u.user.username}: refresh token whose rotation was acknowledged is still active`);
      });
    }
  }
  await pool(jobs, 8, (job) => job());

  // Destructive checks last: presenting a rotated refresh token or a used code revokes its family.
  const destructive = [];
  for (const u of users) {
    for (const e of u.refresh) {
      if (e.status !== 'rotated') continue;
      destructive.push(async () => {
        const r = await c.refresh(u.app, e.token);
        if (r.body?.error === 'invalid_grant') checked.rotationsRefused++;
        else violation(`${u.user.username}: rotated refresh token accepted again: ${r.status} ${r.text.slice(0, 200)}`);
      });
    }
    for (const code of u.codes) {
      destructive.push(async () => {
        const r = await c.exchangeCode(u.app, code);
        if (r.body?.error === 'invalid_grant') checked.codesRefused++;
        else violation(`${u.user.username}: a code whose exchange was acknowledged was redeemed again: ${r.status} ${r.text.slice(0, 200)}`);
      });
    }
  }
  await pool(destructive, 8, (job) => job());

  // The server must still be healthy after all that.
  const health = await c.token({ client_key: apps[0].client_key, client_secret: apps[0].client_secret, grant_type: 'client_credentials' });
  assert.equal(health.status, 200, `server answers after the verification: ${health.text}`);

  const verified =
    checked.ccActive +
    checked.ccRevoked +
    checked.userAccess +
    checked.userRefresh +
    checked.userRevoked +
    checked.rotationsIntrospected +
    checked.rotationsRefused +
    checked.codesRefused;
  const acknowledged = stats.ccIssued + stats.ccRevoked + stats.exchanges + stats.refreshes + stats.userRevokes;
  const avgRestart = restartMs.length ? Math.round(restartMs.reduce((a, b) => a + b, 0) / restartMs.length) : 0;
  const summary =
    `crash durability [${engine}]: survived ${kills} kills (+1 final) in ${(loadMs / 1000).toFixed(1)} s, ` +
    `${WORKERS} workers, ${stats.ops} operations attempted, ${acknowledged} acknowledged ` +
    `(client tokens ${stats.ccIssued}, client revocations ${stats.ccRevoked}, code exchanges ${stats.exchanges}, ` +
    `refresh rotations ${stats.refreshes}, user revocations ${stats.userRevokes}; codes minted ${stats.codesMinted}, ` +
    `users ${stats.usersProvisioned}), ${stats.unknown} unknown outcomes; ` +
    `verified ${verified} acknowledged facts (client tokens active ${checked.ccActive}, client revocations ${checked.ccRevoked}, ` +
    `user access tokens ${checked.userAccess}, live refresh tokens ${checked.userRefresh}, revoked user tokens ${checked.userRevoked}, ` +
    `rotations inactive ${checked.rotationsIntrospected} + refused ${checked.rotationsRefused}, codes not redeemable twice ${checked.codesRefused}); ` +
    `${checked.skippedUnknown} unknown tokens skipped; average restart ${avgRestart} ms; ` +
    `${violations.length} violations, ${unexpected.length} unexpected answers`;
  console.log(summary);

  if (SELFTEST) {
    assert.equal(violations.length, injected.length, `self-test: expected exactly the injected violations, got:\n${violations.join('\n')}`);
    for (const what of injected) assert.ok(violations.some((v) => v.includes(what)), `self-test: the checker missed "${what}"`);
    console.log(`crash durability [${engine}]: self-test found all ${injected.length} injected violations`);
    return { kills, verified, violations: 0 };
  }
  if (violations.length) assert.fail(`${violations.length} durability violations:\n${violations.slice(0, 50).join('\n')}`);
  if (unexpected.length) assert.fail(`${unexpected.length} unexpected answers:\n${unexpected.slice(0, 30).join('\n')}`);
  assert.ok(kills >= 1, 'at least one kill');
  assert.ok(stats.exchanges > 0 && stats.refreshes > 0 && stats.ccIssued > 0, 'the load did every kind of operation');
  return { kills, verified, violations: violations.length };
}

test('crash durability: SQLite, SIGKILL under load, then every acknowledged operation holds', async (t) => {
  await runEngine(t, 'sqlite');
});

test(
  'crash durability: PostgreSQL, SIGKILL under load, then every acknowledged operation holds',
  { skip: PG ? false : 'LOGINKIT_TEST_PG is not set' },
  async (t) => {
    await runEngine(t, 'postgres');
  },
);
