// Reload on SIGHUP (docs/configuration.md "Reloading"): the TLS certificate, rate limits and
// sunset dates change without a restart and without dropping a connection; a bad new
// configuration is refused, logged, and the running one stays.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './lib/server.mjs';
import {
  utc,
  setClock,
  atDate,
  createLegacyApp,
  v1Params,
  v1Tokens,
  v1UserInfo,
  assertV1UserInfoOk,
  assertV1UserInfoError,
  assertErrorRedirect,
  V1_AUTHORIZE,
} from './lib/v1.mjs';

/** A self-signed certificate and key for 127.0.0.1 with the given common name. */
function makeCert(dir, name) {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** GET over TLS with `agent`; resolves with {status, cn (the server certificate's CN), socket}. */
function tlsGet(base, p, agent) {
  return new Promise((resolve, reject) => {
    const req = https.get(`${base}${p}`, { agent, rejectUnauthorized: false }, (res) => {
      const cn = res.socket.getPeerCertificate().subject?.CN;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, cn, socket: res.socket, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

test('TLS: after a reload new connections get the new certificate; a kept-alive connection goes on', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-reload-tls-'));
  let server;
  try {
    const a = makeCert(dir, 'cert-a');
    const b = makeCert(dir, 'cert-b');
    const other = makeCert(dir, 'cert-other');
    const live = { cert: path.join(dir, 'live.crt'), key: path.join(dir, 'live.key') };
    copyFileSync(a.cert, live.cert);
    copyFileSync(a.key, live.key);
    server = await startServer({ args: ['--tls-cert', live.cert, '--tls-key', live.key] });
    assert.match(server.base, /^https:/);

    const keepAlive = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await tlsGet(server.base, '/healthz', keepAlive);
    assert.equal(first.status, 200);
    assert.equal(first.cn, 'cert-a');

    copyFileSync(b.cert, live.cert);
    copyFileSync(b.key, live.key);
    const reloaded = await server.reload();
    assert.equal(reloaded.what, 'configuration reloaded', JSON.stringify(reloaded));

    const fresh = await tlsGet(server.base, '/healthz', false);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.cn, 'cert-b', 'a new connection sees the new certificate');
    const again = await tlsGet(server.base, '/healthz', keepAlive);
    assert.equal(again.status, 200, 'the connection opened before the reload still serves');
    assert.ok(again.reused && again.socket === first.socket, 'the same connection, not a new one');
    assert.equal(again.cn, 'cert-a', 'with the certificate it was opened with');

    // A key that is not the certificate's: refused, the running certificate stays.
    copyFileSync(other.key, live.key);
    const refused = await server.reload();
    assert.match(refused.what, /^reload refused/, JSON.stringify(refused));
    assert.match(refused.reason, /does not match|mismatch/i, refused.reason);
    assert.equal((await tlsGet(server.base, '/healthz', false)).cn, 'cert-b');
    // An unreadable certificate file: refused too.
    rmSync(live.cert);
    const missing = await server.reload();
    assert.match(missing.what, /^reload refused/);
    assert.match(missing.reason, /certificate/, missing.reason);
    assert.equal((await tlsGet(server.base, '/healthz', false)).cn, 'cert-b');
    keepAlive.destroy();
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reload changes the sunset dates and a rate limit on the wire; counts already made stay', async () => {
  const server = await startServer({ tables: { limits: { admin_token_failures: 100 } } });
  try {
    const webUri = 'https://app.reload-sunset.example/v1/callback';
    await setClock(server, utc(2023, 1, 15, 12));
    const app = await createLegacyApp(server, { domains: ['reload-sunset.example'] });
    // 2023-03-01: before every default sunset date, v1 web works.
    const { jar } = await atDate(server, utc(2023, 3, 1));
    const tokens = await v1Tokens(server, jar, app, webUri);
    assertV1UserInfoOk(await v1UserInfo(server, { access_token: tokens.access_token, fields: ['open_id'] }));
    const wrong = 'wrong-admin-token-0123456789abcdef';
    for (let i = 0; i < 3; i++) {
      assert.equal((await server.admin('GET', '/admin/v1/apps', undefined, { token: wrong })).status, 401);
    }

    server.writeConfig({
      tables: {
        limits: { admin_token_failures: 3 },
        sunset: { v2_for_new_apps: '2023-02-01', domain_freeze: '2023-02-10', v1_web_end_of_life: '2023-02-20' },
      },
    });
    const reloaded = await server.reload();
    assert.equal(reloaded.what, 'configuration reloaded', JSON.stringify(reloaded));

    // v1 web is past its (new) end of life: the same token now gets the sunset envelope, and
    // authorize refuses, naming the new date.
    assertV1UserInfoError(await v1UserInfo(server, { access_token: tokens.access_token, fields: ['open_id'] }), 10004);
    const params = v1Params(app, webUri);
    const r = await server.get(server.authorizePath(params, V1_AUTHORIZE), { jar });
    const q = assertErrorRedirect(server, r, webUri, 'unauthorized_client', params.state);
    assert.ok(q.get('error_description').includes('2023-02-20'), q.get('error_description'));

    // The new limit (3) counts the three failures made before the reload.
    const limited = await server.admin('GET', '/admin/v1/apps', undefined, { token: wrong });
    assert.equal(limited.status, 429, `the fourth wrong token after the reload: ${limited.text}`);
  } finally {
    await server.stop();
  }
});

test('a bad configuration is refused with its reason and changes nothing; fixed keys need a restart', async () => {
  const tables = { limits: { admin_token_failures: 2 } };
  const server = await startServer({ tables });
  try {
    const wrong = 'wrong-admin-token-0123456789abcdef';
    const assertRefused = async (what, reasonRe) => {
      const r = await server.reload();
      assert.match(r.what, /^reload refused/, `${what}: ${JSON.stringify(r)}`);
      assert.equal(r.level, 'error');
      assert.match(r.reason, reasonRe, `${what}: ${r.reason}`);
      assert.equal((await server.get('/healthz')).status, 200, `${what}: the process still serves`);
    };

    server.writeConfig({ toml: '[limits\nthis is = = not toml\n' });
    await assertRefused('unparsable file', /loginkit\.toml/);
    server.writeConfig({ tables: { limits: { admin_token_failures: 50, window_seconds: -5 } } });
    await assertRefused('a bad value', /limits\.window_seconds must be positive/);
    server.writeConfig({
      tables: { limits: { admin_token_failures: 50 }, sunset: { v2_for_new_apps: '2024-01-01', domain_freeze: '2023-01-01' } },
    });
    await assertRefused('sunset dates out of order', /sunset dates must be in order/);
    server.writeConfig({ tables: { limits: { admin_token_failures: 50 } }, toml: '[http]\nsurely_not_a_key = 1\n' });
    await assertRefused('an unknown key', /surely_not_a_key/);
    // The old limit (2) still holds after every refusal.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await server.admin('GET', '/admin/v1/apps', undefined, { token: wrong })).status);
    assert.deepEqual(statuses, [401, 401, 429], 'the running limit stays');

    // Keys fixed at start are named and ignored; the rest of the file applies.
    server.writeConfig({
      tables: { limits: { admin_token_failures: 2 }, http: { max_body_bytes: 64, threads: 3 }, housekeeping: { batch: 7 } },
    });
    const r = await server.reload();
    assert.equal(r.what, 'configuration reloaded', JSON.stringify(r));
    const restart = r.lines.find((l) => /needs a restart/.test(String(l.what)));
    assert.ok(restart, `a 'needs a restart' line: ${JSON.stringify(r.lines)}`);
    assert.deepEqual([...restart.keys].sort(), ['housekeeping.batch', 'http.max_body_bytes', 'http.threads']);
    const big = await server.postForm('/v2/oauth/token/', { grant_type: 'client_credentials', padding: 'x'.repeat(200) });
    assert.notEqual(big.status, 413, 'max_body_bytes did not change while serving');
  } finally {
    await server.stop();
  }
});
