// Several loginkit nodes on one PostgreSQL behind haproxy (SPEC.md §2.2, §2.3):
//   (a) code flow, refresh and revoke through haproxy, requests spread over both nodes;
//   (b) one code redeemed at the same moment on node A and node B: one token answer, one invalid_grant
//       (and, SPEC §2.2, the replay revokes what the winner got);
//   (c) one refresh token presented at the same moment on A and B: one rotation, the loser
//       invalid_grant, and reuse detection then revokes the winner's new tokens too;
//   (d) a revoke answered by A is refused by B at once;
//   (e) every node reads the one server key file multinode-up.sh wrote (same open_id on A and B).
// The cluster comes from deploy/multinode-up.sh on a fresh database made from LOGINKIT_TEST_PG and is
// taken down by deploy/multinode-down.sh at the end, also on failure.
//
// Environment: LOGINKIT_TEST_PG (required; otherwise every test is skipped), LOGINKIT_BIN,
// MULTINODE_ITERATIONS (default 500 per concurrency case; the issue asks for hundreds), MULTINODE_PARALLEL (iterations in flight
// at once, each with its own user; default 4), MULTINODE_RUN_DIR (run directory; default a temp dir),
// LOGINKIT_KEEP_TMP=1 keeps the run directory (logs) afterwards.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, LoginkitServer, accessWorks } from '../integration/lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const UP = path.join(repo, 'deploy/multinode-up.sh');
const DOWN = path.join(repo, 'deploy/multinode-down.sh');

const PG = process.env.LOGINKIT_TEST_PG;
const ITERATIONS = Number(process.env.MULTINODE_ITERATIONS ?? 500);
const PARALLEL = Math.max(1, Number(process.env.MULTINODE_PARALLEL ?? 4));
const skip = PG ? false : 'LOGINKIT_TEST_PG is not set';

let runDir;
let ownRunDir = false;
let cluster; // { url, adminToken, nodeUrls }
let downDone = false;
let lb; // client through haproxy
let A; // node 1, direct
let B; // node 2, direct
let app;
const jars = []; // one signed-in user per parallel worker
let flowJar; // the user of case (a)

// --- cluster ----------------------------------------------------------------------------------

/** A client (all the harness helpers) for a server someone else started. */
function client(base, adminToken, opsBase) {
  const c = new LoginkitServer({ adminToken });
  c.base = base;
  c.opsBase = opsBase; // admin and ops paths go to the node's operations listener
  c.host = new URL(base).host;
  return c;
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port P with P .. P+count-1 free. */
async function freeBasePort(count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    let ok = true;
    for (let k = 0; k < count && ok; k++) ok = await portFree(base + k);
    if (ok) return base;
  }
  throw new Error('no free port range found');
}

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** KEY=VALUE lines as printed by multinode-up.sh (printf %q quoting of simple values). */
function parseEnv(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^([A-Z_]+)=(.*)$/);
    if (m) out[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/\\(.)/g, '$1');
  }
  return out;
}

function down() {
  if (downDone || !runDir) return;
  downDone = true;
  const r = spawnSync(DOWN, ['--run-dir', runDir], { encoding: 'utf8' });
  if (r.status !== 0) console.error(`multinode-down.sh failed (${r.status}):\n${r.stderr}`);
}
process.on('exit', down); // last resort when the process dies without running after()

/** Parsed JSON log lines of node k (1-based), from its stdout file. */
function nodeLog(k) {
  const text = readFileSync(path.join(runDir, `node-${k}.log`), 'utf8');
  const lines = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      // a line being written right now
    }
  }
  return lines;
}

/** Request counts of node k by endpoint (paths without their trailing slash). */
function endpointCounts(k) {
  const counts = {};
  for (const l of nodeLog(k)) {
    const p = String(l.path ?? '').replace(/\/+$/, '');
    counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}

function delta(after, before) {
  const d = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) d[k] = v - (before[k] ?? 0);
  return d;
}

before(async () => {
  if (skip) return;
  if (process.env.MULTINODE_RUN_DIR) {
    runDir = path.resolve(process.env.MULTINODE_RUN_DIR);
    mkdirSync(runDir, { recursive: true });
  } else {
    runDir = mkdtempSync(path.join(tmpdir(), 'loginkit-multinode-'));
    ownRunDir = true;
  }
  let up;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const base = await freeBasePort(5); // haproxy, 2 nodes, 2 operations listeners
    up = await run(UP, ['--nodes', '2', '--base-port', String(base), '--run-dir', runDir, '--timeout', '30'], {
      LK_PG: PG,
      LOGINKIT_BIN: BIN,
    });
    if (up.code === 0) break;
    if (!/is in use/.test(up.stderr)) break; // only a lost port race is worth another try
  }
  assert.equal(up.code, 0, `multinode-up.sh failed:\n${up.stderr}`);
  const env = parseEnv(up.stdout);
  cluster = {
    url: env.LOGINKIT_URL,
    adminToken: env.LOGINKIT_ADMIN_TOKEN,
    nodeUrls: env.LOGINKIT_NODE_URLS.split(' '),
    nodeOpsUrls: env.LOGINKIT_NODE_OPS_URLS.split(' '),
  };
  assert.ok(cluster.url && cluster.adminToken && cluster.nodeUrls.length === 2, `multinode-up.sh output:\n${up.stdout}`);
  console.log(`# cluster: haproxy ${cluster.url}, nodes ${cluster.nodeUrls.join(' ')}, run dir ${runDir}`);

  // The admin API is not behind the balancer: the balancer's client sends it to node 1.
  lb = client(cluster.url, cluster.adminToken, cluster.nodeOpsUrls[0]);
  A = client(cluster.nodeUrls[0], cluster.adminToken, cluster.nodeOpsUrls[0]);
  B = client(cluster.nodeUrls[1], cluster.adminToken, cluster.nodeOpsUrls[1]);

  app = await lb.createApp();
  ({ jar: flowJar } = await lb.newSignedInUser());
  for (let w = 0; w < PARALLEL; w++) jars.push((await lb.newSignedInUser()).jar);
});

after(() => {
  down();
  if (ownRunDir && runDir && !process.env.LOGINKIT_KEEP_TMP) rmSync(runDir, { recursive: true, force: true });
});

// --- helpers ----------------------------------------------------------------------------------

const servedBy = (r) => r.headers?.get('x-served-by') ?? '?';
const short = (r) => (r instanceof Error ? `threw ${r.message}` : `HTTP ${r.status} ${String(r.text).slice(0, 160)}`);
const isTokens = (r) => !(r instanceof Error) && r.status === 200 && typeof r.body?.access_token === 'string';
const isInvalidGrant = (r) => !(r instanceof Error) && r.body?.error === 'invalid_grant';

/**
 * Both requests started in the same tick (B's first when bFirst, so neither node always gets the
 * head start); answers come back as [A's, B's], a rejection as an Error value.
 */
async function together(fa, fb, bFirst = false) {
  if (bFirst) {
    const pb = fb().catch((e) => e);
    const pa = fa().catch((e) => e);
    return Promise.all([pa, pb]);
  }
  return Promise.all([fa().catch((e) => e), fb().catch((e) => e)]);
}

/** True/false like accessWorks; a third answer becomes a string describing it. */
async function accessState(server, accessToken) {
  try {
    return await accessWorks(server, accessToken);
  } catch (e) {
    return `neither ok nor access_token_invalid: ${e.message.split('\n')[0]}`;
  }
}

/**
 * Runs `iteration(i, jar)` ITERATIONS times, PARALLEL at once (each worker its own user). Returns
 * {ran, violations:[{i, what}], ...tallies}; an iteration reports problems by returning strings.
 */
async function repeat(iteration) {
  let next = 0;
  let ran = 0;
  const violations = [];
  const tallies = {};
  const tally = (k) => (tallies[k] = (tallies[k] ?? 0) + 1);
  async function worker(jar) {
    while (next < ITERATIONS) {
      const i = next++;
      let problems;
      try {
        problems = await iteration(i, jar, tally);
      } catch (e) {
        problems = [`iteration threw: ${e.message.split('\n').slice(0, 3).join(' | ')}`];
      }
      ran += 1;
      for (const what of problems ?? []) violations.push({ i, what });
    }
  }
  await Promise.all(jars.map((jar) => worker(jar)));
  return { ran, violations, tallies };
}

function report(t, name, started, { ran, violations, tallies }, extra = '') {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const failedIterations = new Set(violations.map((v) => v.i)).size;
  const line =
    `${name}: ran ${ran} iterations in ${secs}s, ${violations.length} violation(s) in ${failedIterations} iteration(s)` +
    (Object.keys(tallies).length ? `; ${Object.entries(tallies).map(([k, v]) => `${k}=${v}`).join(', ')}` : '') +
    extra;
  t.diagnostic(line);
  const byKind = {};
  for (const v of violations) {
    const kind = v.what.split(/[;(]/)[0].trim().slice(0, 120);
    (byKind[kind] ??= []).push(v);
  }
  for (const [kind, list] of Object.entries(byKind)) {
    const msg = `  ${list.length}× ${kind} — e.g. #${list[0].i}: ${list[0].what}`;
    t.diagnostic(msg);
  }
  assert.ok(ran >= ITERATIONS, `ran ${ran} of ${ITERATIONS}`);
  assert.equal(
    violations.length,
    0,
    `${name}: ${violations.length} violation(s) in ${ran} iterations; first ones:\n` +
      violations
        .slice(0, 8)
        .map((v) => `  #${v.i}: ${v.what}`)
        .join('\n'),
  );
}

// --- (a) through haproxy ----------------------------------------------------------------------

test('(a) code flow, refresh and revoke through haproxy, spread over both nodes', { skip, timeout: 60_000 }, async (t) => {
  const before1 = endpointCounts(1);
  const before2 = endpointCounts(2);
  const crossNode = { code: 0, refresh: 0 };
  const FLOWS = 12;
  for (let i = 0; i < FLOWS; i++) {
    // The number of requests per flow can be even; one extra request on odd flows shifts
    // roundrobin's phase so every endpoint meets both nodes.
    if (i % 2) await lb.userinfo(undefined, 'open_id');

    const authz = await lb.authorizeCode(flowJar, app);
    const codeFrom = servedBy(authz.result.final);
    const ex = await lb.exchangeCode(app, authz.code, authz.redirectUri);
    assert.equal(ex.status, 200, `flow ${i}: code exchange through haproxy: ${ex.text}`);
    assert.match(ex.body?.access_token ?? '', /^act\./, `flow ${i}: ${ex.text}`);
    if (servedBy(ex) !== codeFrom) crossNode.code += 1;
    // Likewise, on half of the flows the refresh goes to the other node than the exchange.
    if (i % 4 >= 2) await lb.userinfo(undefined, 'open_id');

    const ui = await lb.userinfo(ex.body.access_token, 'open_id,display_name');
    assert.equal(ui.status, 200, `flow ${i}: user info: ${ui.text}`);
    assert.equal(ui.body?.data?.user?.open_id, ex.body.open_id);

    const rf = await lb.refresh(app, ex.body.refresh_token);
    assert.equal(rf.status, 200, `flow ${i}: refresh through haproxy: ${rf.text}`);
    assert.notEqual(rf.body?.refresh_token, ex.body.refresh_token, 'the refresh token rotated');
    if (servedBy(rf) !== servedBy(ex)) crossNode.refresh += 1;
    assert.equal(await accessWorks(lb, rf.body.access_token), true, `flow ${i}: rotated access token works`);

    const rv = await lb.revoke({ client_key: app.client_key, client_secret: app.client_secret, token: rf.body.access_token });
    assert.equal(rv.status, 200, `flow ${i}: revoke: ${rv.text}`);
    assert.deepEqual(rv.body, {}, `flow ${i}: revoke answers {}`);
    // Both nodes refuse the revoked grant (checked on each, not just through the balancer).
    for (const [name, node] of [['A', A], ['B', B]]) {
      assert.equal(await accessWorks(node, rf.body.access_token), false, `flow ${i}: node ${name} still accepts the revoked access token`);
    }
    const again = await lb.refresh(app, rf.body.refresh_token);
    assert.equal(again.body?.error, 'invalid_grant', `flow ${i}: refresh after revoke: ${again.text}`);
  }
  const d1 = delta(endpointCounts(1), before1);
  const d2 = delta(endpointCounts(2), before2);
  const line = `(a) ${FLOWS} flows through haproxy; node1 served ${JSON.stringify(d1)}; node2 served ${JSON.stringify(d2)}; code issued and redeemed on different nodes in ${crossNode.code} flows, refresh on a different node than the exchange in ${crossNode.refresh}`;
  t.diagnostic(line);
  for (const [name, d] of [['node1', d1], ['node2', d2]]) {
    for (const p of ['/v2/auth/authorize', '/v2/oauth/token', '/v2/oauth/revoke', '/v2/user/info']) {
      assert.ok((d[p] ?? 0) > 0, `${name} served no ${p} request through haproxy (its log: ${JSON.stringify(d)})`);
    }
  }
  assert.ok(crossNode.code > 0, 'at least one code was redeemed on another node than the one that issued it');
  assert.ok(crossNode.refresh > 0, 'at least one refresh went to another node than the code exchange');
});

// --- (b) one code, two nodes, same moment -----------------------------------------------------

test('(b) the same code redeemed concurrently on A and B: exactly one token answer', { skip, timeout: 120_000 }, async (t) => {
  const started = Date.now();
  const result = await repeat(async (i, jar, tally) => {
    const { code, redirectUri } = await lb.authorizeCode(jar, app);
    const [ra, rb] = await together(
      () => A.exchangeCode(app, code, redirectUri),
      () => B.exchangeCode(app, code, redirectUri),
      i % 2 === 1,
    );
    const ok = [ra, rb].filter(isTokens).length;
    const ig = [ra, rb].filter(isInvalidGrant).length;
    if (!(ok === 1 && ig === 1)) {
      return [`expected one token answer and one invalid_grant, got ${ok} token answer(s), ${ig} invalid_grant; A: ${short(ra)}; B: ${short(rb)}`];
    }
    const [winner, loserNode] = isTokens(ra) ? [ra, B] : [rb, A];
    tally(isTokens(ra) ? 'A_won' : 'B_won');
    // SPEC §2.2: a replayed code revokes every token issued from it, the winner's included.
    const state = await accessState(loserNode, winner.body.access_token);
    if (state !== false) return [`the replay did not revoke the winner's access token (user info on the other node: ${state})`];
    return [];
  });
  report(t, '(b) code redeemed on A and B at once', started, result);
});

// --- (c) one refresh token, two nodes, same moment --------------------------------------------

test('(c) the same refresh token presented concurrently on A and B: one rotation, then reuse detection', { skip, timeout: 120_000 }, async (t) => {
  const started = Date.now();
  const result = await repeat(async (i, jar, tally) => {
    const first = await lb.obtainTokens(jar, app);
    const [ra, rb] = await together(
      () => A.refresh(app, first.refresh_token),
      () => B.refresh(app, first.refresh_token),
      i % 2 === 1,
    );
    const ok = [ra, rb].filter(isTokens).length;
    const ig = [ra, rb].filter(isInvalidGrant).length;
    if (!(ok === 1 && ig === 1)) {
      return [`expected one rotation and one invalid_grant, got ${ok} rotation(s), ${ig} invalid_grant; A: ${short(ra)}; B: ${short(rb)}`];
    }
    tally(isTokens(ra) ? 'A_won' : 'B_won');
    const winner = (isTokens(ra) ? ra : rb).body;
    const problems = [];
    // The loser presented an already rotated token: the whole family is revoked (SPEC §2.2).
    for (const [name, node] of [['A', A], ['B', B]]) {
      const s = await accessState(node, winner.access_token);
      if (s !== false) problems.push(`reuse detection: the winner's new access token still works on node ${name} (${s})`);
    }
    const s0 = await accessState(lb, first.access_token);
    if (s0 !== false) problems.push(`reuse detection: the original access token still works (${s0})`);
    const again = await (isTokens(ra) ? B : A).refresh(app, winner.refresh_token);
    if (!isInvalidGrant(again)) problems.push(`reuse detection: the winner's new refresh token still refreshes: ${short(again)}`);
    return problems;
  });
  report(t, '(c) refresh token presented on A and B at once', started, result);
});

// --- (d) revoke on A, refused on B at once ----------------------------------------------------

test('(d) a revoke answered by node A is refused by node B at once', { skip, timeout: 120_000 }, async (t) => {
  const started = Date.now();
  const result = await repeat(async (i, jar, tally) => {
    const tk = await lb.obtainTokens(jar, app);
    // B has seen the token working (whatever B might cache, it has it now).
    const warm = await accessState(B, tk.access_token);
    if (warm !== true) return [`fresh access token not accepted by node B before the revoke (${warm})`];
    // Revoke the access token on even iterations, the refresh token on odd ones (SPEC §2.3: either
    // disconnects the whole grant).
    const which = i % 2 ? 'refresh_token' : 'access_token';
    tally(`revoked_${which}`);
    const rv = await A.revoke({ client_key: app.client_key, client_secret: app.client_secret, token: tk[which] });
    if (rv.status !== 200 || JSON.stringify(rv.body) !== '{}') return [`revoke on A: ${short(rv)}`];
    const problems = [];
    const s = await accessState(B, tk.access_token);
    if (s !== false) problems.push(`node B still accepts the access token right after A revoked the ${which} (${s})`);
    const rf = await B.refresh(app, tk.refresh_token);
    if (!isInvalidGrant(rf)) problems.push(`node B still refreshes right after A revoked the ${which}: ${short(rf)}`);
    return problems;
  });
  report(t, '(d) revoke on A, refused on B', started, result);
});

// --- (e) one server key on every node ---------------------------------------------------------

test('(e) every node holds the one server key file: the same open_id on A and B, no key in the database', { skip, timeout: 60_000 }, async () => {
  // multinode-up.sh made one key file and gave it to every node (a node with another key, or
  // none, refuses to start on a database set up with this one).
  const keyFile = path.join(runDir, 'server.key');
  assert.ok(existsSync(keyFile), 'multinode-up.sh wrote the shared key file');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'key file mode');
  const ids = [];
  for (const node of [A, B]) {
    const tokens = await node.obtainTokens(flowJar, app);
    const ui = await node.userinfo(tokens.access_token, 'open_id');
    assert.equal(ui.body?.data?.user?.open_id, tokens.open_id);
    ids.push(tokens.open_id);
  }
  assert.equal(ids[0], ids[1], 'nodes A and B derive different open_ids for one user and app');
  const [conninfo, db] = readFileSync(path.join(runDir, 'created-db'), 'utf8').trim().split('\n');
  const url = new URL(conninfo);
  url.pathname = `/${db}`;
  const q = spawnSync('psql', ['-qAtX', url.toString(), '-c', "SELECT count(*) FROM meta WHERE key = 'server_key'"], { encoding: 'utf8' });
  assert.equal(q.status, 0, q.stderr);
  assert.equal(q.stdout.trim(), '0', 'the server key is in the database');
});

// --- traffic really reached both nodes directly -------------------------------------------------

test('both nodes logged the concurrency traffic', { skip }, (t) => {
  const c1 = endpointCounts(1);
  const c2 = endpointCounts(2);
  const line = `node1 log: ${c1['/v2/oauth/token'] ?? 0} token, ${c1['/v2/oauth/revoke'] ?? 0} revoke, ${c1['/v2/user/info'] ?? 0} user info requests; node2 log: ${c2['/v2/oauth/token'] ?? 0} token, ${c2['/v2/oauth/revoke'] ?? 0} revoke, ${c2['/v2/user/info'] ?? 0} user info requests`;
  t.diagnostic(line);
  // (b) and (c) send one token request per iteration to each node.
  assert.ok((c1['/v2/oauth/token'] ?? 0) >= 2 * ITERATIONS, 'node1 token requests');
  assert.ok((c2['/v2/oauth/token'] ?? 0) >= 2 * ITERATIONS, 'node2 token requests');
  const errs = [1, 2].map((k) => {
    const f = path.join(runDir, `node-${k}.err`);
    return existsSync(f) ? readFileSync(f, 'utf8').trim() : '';
  });
  if (errs.some(Boolean)) t.diagnostic(`node stderr: ${errs.map((e, k) => `node${k + 1}: ${e.slice(-500)}`).join(' / ')}`);
});
