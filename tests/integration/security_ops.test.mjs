// Security of the HTTP shell and the operations surface:
// - one header writer refuses CR/LF/NUL in any response header (raw bytes: no injected line);
// - the admin API, /metrics and /readyz answer only on the operations listener;
// - a configured issuer is required off loopback, and Host-derived metadata is never cached
//   publicly (raw request with a forged Host);
// - Strict-Transport-Security on every public answer when the issuer is https.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, startServer, uniq } from './lib/server.mjs';
import { setClock, utc, createLegacyApp, V1_AUTHORIZE, V1_CONNECT } from './lib/v1.mjs';

const servers = [];
after(async () => {
  for (const s of servers) await s.stop();
});
async function start(options) {
  const s = await startServer(options);
  servers.push(s);
  return s;
}

/** GET `target` as raw bytes (extraHeaders: CRLF-terminated lines; host: the Host header). */
function rawGet(base, target, extraHeaders = '', host) {
  const { hostname, port } = new URL(base);
  const request = `GET ${target} HTTP/1.1\r\nHost: ${host ?? `${hostname}:${port}`}\r\n${extraHeaders}Connection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    const chunks = [];
    sock.setTimeout(10_000, () => sock.destroy(new Error('raw request timed out')));
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', reject);
    sock.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const end = all.indexOf('\r\n\r\n');
      const head = end < 0 ? all : all.slice(0, end);
      const [statusLine, ...lines] = head.split('\r\n');
      resolve({ raw: all, head, status: Number(statusLine.split(' ')[1]), lines, body: end < 0 ? '' : all.slice(end + 4) });
    });
    sock.write(Buffer.from(request, 'latin1'));
  });
}

const headerValues = (r, name) =>
  r.lines.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).map((l) => l.slice(l.indexOf(':') + 1).trim());

test('CR/LF in a redirect URI never becomes a header of its own (raw response bytes)', async () => {
  const s = await start();
  const domain = `${uniq('inj').toLowerCase()}.example`;
  await setClock(s, utc(2023, 1, 15, 12)); // legacy domains can still be registered
  const app = await createLegacyApp(s, { domains: [domain] });
  await setClock(s, utc(2025, 1, 15, 12)); // past the v1 end of life: the refusal redirects too
  for (const pathBase of [V1_AUTHORIZE, V1_CONNECT]) {
    for (const breakBytes of ['%0d%0a', '%0a', '%0d', '%00']) {
      const injected = `https://app.${domain}/x${breakBytes}Set-Cookie:%20lk_injected=1${breakBytes}X-Injected:%20yes`;
      const target = `${pathBase}?client_key=${app.client_key}&response_type=code&scope=user.info.basic&redirect_uri=${injected}&state=st`;
      const r = await rawGet(s.base, target);
      const what = `${pathBase} with ${breakBytes}: ${r.head}`;
      assert.ok(r.status > 0, `an HTTP answer: ${r.raw.slice(0, 200)}`);
      for (const line of r.lines) {
        assert.doesNotMatch(line, /^(set-cookie:\s*lk_injected|x-injected:)/i, `no injected header line; ${what}`);
        assert.ok(!/[\0\r]/.test(line), `no CR or NUL inside a header line; ${what}`);
      }
      assert.deepEqual(
        headerValues(r, 'set-cookie').filter((v) => v.includes('lk_injected')),
        [],
        `no injected cookie; ${what}`,
      );
      if (r.status === 500) {
        const body = JSON.parse(r.body);
        assert.equal(body.error, 'server_error', what);
        const line = await s.waitForLog((l) => l.log_id === body.log_id && l.status === 500);
        assert.equal(line.status, 500);
      }
    }
  }
  // The refusal is logged once, as JSON, naming the header.
  if (/refused to write an unsafe response header/.test(s.rawStderr)) {
    for (const line of s.rawStderr.split('\n').filter((l) => l.includes('unsafe response header'))) {
      assert.equal(JSON.parse(line).header, 'Location', line);
    }
  }
});

test('the public listener does not serve the admin API, /metrics or /readyz; the operations listener does', async () => {
  const s = await start();
  assert.ok(s.opsBase, 'the server printed "loginkit ops listening on URL"');
  assert.notEqual(s.opsBase, s.base);
  const token = { authorization: `Bearer ${s.adminToken}` };
  for (const p of ['/admin/v1/apps', '/metrics', '/readyz']) {
    const r = await s.get(p, { listener: 'public', headers: token });
    assert.equal(r.status, 404, `public ${p} -> ${r.status} ${r.text.slice(0, 200)}`);
  }
  const post = await s.request('POST', '/admin/v1/users', {
    listener: 'public',
    headers: { ...token, 'content-type': 'application/json' },
    body: JSON.stringify({ username: uniq('u'), password: 'pw-123456789', display_name: 'd' }),
  });
  assert.equal(post.status, 404, `public POST /admin/v1/users -> ${post.status}`);
  // Liveness stays public (load balancers probe the port they send traffic to).
  assert.equal((await s.get('/healthz', { listener: 'public' })).status, 200);

  assert.equal((await s.get('/admin/v1/apps', { listener: 'ops', headers: token })).status, 200);
  assert.equal((await s.get('/admin/v1/apps', { listener: 'ops' })).status, 401, 'the token is still needed');
  assert.equal((await s.get('/metrics', { listener: 'ops' })).status, 200);
  assert.deepEqual((await s.get('/readyz', { listener: 'ops' })).json, { status: 'ready' });
  assert.equal((await s.get('/healthz', { listener: 'ops' })).status, 200);
  // End-user pages are not on the operations listener.
  assert.equal((await s.get('/account/signin', { listener: 'ops' })).status, 404);
  assert.equal((await s.get('/.well-known/oauth-authorization-server', { listener: 'ops' })).status, 404);
});

test('http.public_ops = true serves the operations routes on the public listener too', async () => {
  const s = await start({ opsListen: '', toml: '[http]\npublic_ops = true\n' });
  assert.equal(s.opsBase, undefined, 'no operations listener with ops_listen ""');
  assert.equal((await s.get('/metrics')).status, 200);
  assert.equal((await s.get('/readyz')).status, 200);
  assert.equal((await s.get('/admin/v1/apps', { headers: { authorization: `Bearer ${s.adminToken}` } })).status, 200);
});

function runServe(args, env = {}) {
  return new Promise((resolve) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOGINKIT_')));
    execFile(BIN, args, { env: { ...base, ...env }, timeout: 5_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, signal: err?.signal, stdout, stderr });
    });
  });
}

test('serve refuses a non-loopback listen address without a configured issuer', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-issuer-'));
  try {
    const r = await runServe(['serve', '--listen', '0.0.0.0:0', '--ops-listen', '', '--data', dir]);
    assert.equal(r.code, 1, `exit 1 (stdout ${r.stdout}, stderr ${r.stderr}, signal ${r.signal})`);
    assert.match(r.stderr, /issuer/, `the message names issuer: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, /listening on/);
    const ok = await runServe(['config', 'check', '--listen', '0.0.0.0:8080', '--data', dir], { LOGINKIT_ISSUER: 'https://login.example.com' });
    assert.equal(ok.code, 0, `with an issuer the configuration is accepted: ${ok.stderr}`);
    const loop = await runServe(['config', 'check', '--listen', '127.0.0.1:8080', '--data', dir]);
    assert.equal(loop.code, 0, `loopback needs no issuer: ${loop.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('metadata built from a forged Host is never cached publicly; a configured issuer may be', async () => {
  const META = '/.well-known/oauth-authorization-server';
  const s = await start();
  // A Host of the attacker's choosing: the answer names it, so no shared cache may keep it.
  const forged = await rawGet(s.base, META, '', 'evil.example');
  assert.equal(forged.status, 200, forged.head);
  assert.equal(JSON.parse(forged.body).issuer, 'http://evil.example', 'derived from Host (no issuer configured)');
  const cache = headerValues(forged, 'cache-control');
  assert.equal(cache.length, 1, forged.head);
  assert.match(cache[0], /no-store/i, `Host-derived metadata: ${forged.head}`);
  assert.doesNotMatch(cache[0], /public|max-age/i, forged.head);

  const configured = await start({ env: { LOGINKIT_ISSUER: 'https://login.example.com' } });
  const r = await rawGet(configured.base, META, '', 'evil.example');
  assert.equal(JSON.parse(r.body).issuer, 'https://login.example.com', 'the configured issuer, whatever the Host');
  assert.deepEqual(headerValues(r, 'cache-control'), ['public, max-age=3600'], r.head);
});

test('Strict-Transport-Security on every public answer with an https issuer, none with http', async () => {
  const https = await start({ env: { LOGINKIT_ISSUER: 'https://login.example.com' } });
  for (const p of ['/healthz', '/account/signin', '/no-such-page', '/v2/user/info/', '/.well-known/oauth-authorization-server']) {
    const r = await rawGet(https.base, p);
    assert.deepEqual(headerValues(r, 'strict-transport-security'), ['max-age=31536000'], `${p}: ${r.head}`);
  }
  // A request the parser refuses gets it too.
  const bad = await rawGet(https.base, '/healthz', `X-Big: ${'a'.repeat(20_000)}\r\n`);
  assert.equal(bad.status, 431);
  assert.deepEqual(headerValues(bad, 'strict-transport-security'), ['max-age=31536000'], bad.head);

  const plain = await start({ env: { LOGINKIT_ISSUER: 'http://127.0.0.1' } });
  for (const p of ['/healthz', '/account/signin']) {
    const r = await rawGet(plain.base, p);
    assert.deepEqual(headerValues(r, 'strict-transport-security'), [], `${p} with an http issuer: ${r.head}`);
  }
  const none = await start();
  assert.deepEqual(headerValues(await rawGet(none.base, '/account/signin'), 'strict-transport-security'), []);
});

test('Strict-Transport-Security when loginkit serves TLS itself; the operations listener stays plain HTTP', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const s = await start({ args: ['--tls-cert', cert, '--tls-key', key] });
    assert.match(s.base, /^https:/);
    const headers = await new Promise((resolve, reject) => {
      const req = https.get(`${s.base}/account/signin`, { rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      });
      req.on('error', reject);
    });
    assert.equal(headers['strict-transport-security'], 'max-age=31536000');
    const ops = await rawGet(s.opsBase, '/readyz');
    assert.equal(ops.status, 200, ops.head);
    assert.deepEqual(headerValues(ops, 'strict-transport-security'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
