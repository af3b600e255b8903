// Page cookies behind a TLS-terminating proxy: with an https issuer every cookie is
// `__Host-<name>; Secure; Path=/` without Domain, and only that name opens a session, so a cookie
// planted over plain http or by a sibling subdomain cannot fix or overwrite a session.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, CookieJar } from './lib/server.mjs';

let secure; // issuer https://…: the browser reaches it over https through a proxy
let plain; // issuer unset, plain http on loopback (local runs, tests)

before(async () => {
  secure = await startServer({ env: { LOGINKIT_ISSUER: 'https://login.example.test' } });
  plain = await startServer();
});
after(async () => {
  await secure?.stop();
  await plain?.stop();
});

function setCookies(res) {
  return res.headers.getSetCookie();
}

function attrs(line) {
  const [pair, ...rest] = line.split(';').map((s) => s.trim());
  const map = new Map(rest.map((a) => [a.split('=')[0].toLowerCase(), a.split('=')[1] ?? '']));
  return { name: pair.slice(0, pair.indexOf('=')), map };
}

function assertHostCookie(line, base) {
  const { name, map } = attrs(line);
  assert.equal(name, `__Host-${base}`, `cookie ${line} carries the __Host- prefix`);
  assert.ok(map.has('secure'), `${line} is Secure`);
  assert.equal(map.get('path'), '/', `${line} has Path=/`);
  assert.ok(!map.has('domain'), `${line} has no Domain`);
  assert.ok(map.has('httponly'), `${line} is HttpOnly`);
}

test('https issuer: sign-in page and session cookies are __Host- and Secure', async () => {
  const u = await secure.createUser();
  const jar = new CookieJar();
  const page = await secure.get('/account/signin?next=/account/apps', { jar });
  assert.equal(page.status, 200);
  const pre = setCookies(page.res).find((l) => l.includes('lk_pre='));
  assert.ok(pre, 'sign-in page sets its pre-session cookie');
  assertHostCookie(pre, 'lk_pre');

  const signedIn = await secure.signIn(u.username, u.password, { jar });
  assert.ok(signedIn.get('__Host-lk_session'), 'the session cookie is __Host-lk_session');
  assert.equal(signedIn.get('lk_session'), undefined, 'no unprefixed session cookie');
  const apps = await secure.get('/account/apps', { jar: signedIn });
  assert.equal(apps.status, 200, 'the __Host- session opens the connected-apps page');
});

test('https issuer: an unprefixed (plantable) session cookie opens nothing', async () => {
  const u = await secure.createUser();
  const jar = await secure.signIn(u.username, u.password);
  const token = jar.get('__Host-lk_session');
  const planted = await secure.get('/account/apps', { headers: { cookie: `lk_session=${token}` } });
  assert.notEqual(planted.status, 200, 'lk_session without the prefix is not a session');
  assert.match(planted.location ?? '', /\/account\/signin/, 'it is sent to sign in');
});

test('https issuer: the developer portal cookie is __Host- and Secure too', async () => {
  const page = await secure.get('/portal/signup');
  const pre = setCookies(page.res).find((l) => l.includes('lk_pre='));
  assert.ok(pre, 'portal sign-up page sets its pre-session cookie');
  assertHostCookie(pre, 'lk_pre');
});

test('plain http without an https issuer keeps unprefixed cookies (local runs)', async () => {
  const page = await plain.get('/account/signin?next=/account/apps');
  const pre = setCookies(page.res).find((l) => l.includes('lk_pre='));
  assert.ok(pre);
  const { name, map } = attrs(pre);
  assert.equal(name, 'lk_pre');
  assert.ok(!map.has('secure'), 'no Secure over plain http: the browser would drop it');
});
