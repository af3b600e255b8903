// SPEC.md §1 registration rules for redirect URIs, through the admin API
// (docs/server-contract.md: 400 {"error":"invalid_redirect_uri","messages":[one per broken rule]},
// nothing saved on error, at most 10 per platform).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, uniq } from './lib/server.mjs';

const MSG = {
  length: 'Redirect URI must be shorter than 512 characters.',
  absolute: 'Redirect URI must be absolute (scheme://host/...).',
  https: 'Redirect URI must use https.',
  desktopScheme: 'Desktop redirect URI must use http or https.',
  desktopHost: 'Desktop redirect URI host must be localhost or 127.0.0.1.',
  desktopPort: 'Desktop redirect URI must name a port (a number or *).',
  query: 'Redirect URI must not contain a query (not even a bare "?").',
  fragment: 'Redirect URI must not contain a fragment ("#").',
  max: 'At most 10 redirect URIs per platform.',
  duplicate: 'Redirect URI is already registered.',
};

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** An app with Login Kit and no redirect URI at all. */
async function bareApp() {
  return server.createApp({ redirect_uris: { web: [], desktop: [], android: [], ios: [] } });
}

async function addUri(app, platform, uri) {
  return server.admin('POST', `/admin/v1/apps/${app.client_key}/redirect-uris`, { platform, uri });
}

async function getApp(app) {
  const r = await server.admin('GET', `/admin/v1/apps/${app.client_key}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** Asserts a 400 invalid_redirect_uri whose messages are exactly `messages` (any order). */
function assertRejected(r, messages, { exact = true } = {}) {
  assert.equal(r.status, 400, `expected 400, got ${r.status} ${r.text}`);
  assert.equal(r.body?.error, 'invalid_redirect_uri', r.text);
  assert.ok(Array.isArray(r.body.messages), 'messages is an array');
  if (exact) assert.deepEqual([...r.body.messages].sort(), [...messages].sort(), `messages: ${r.text}`);
  else for (const m of messages) assert.ok(r.body.messages.includes(m), `messages include ${JSON.stringify(m)}: ${r.text}`);
}

/** Adds a URI that must be refused, and checks that the app's lists did not change. */
async function rejectAndCheckUnchanged(app, platform, uri, messages, opts) {
  const beforeApp = await getApp(app);
  const r = await addUri(app, platform, uri);
  assertRejected(r, messages, opts);
  const afterApp = await getApp(app);
  assert.deepEqual(afterApp.redirect_uris, beforeApp.redirect_uris, 'nothing saved on error');
}

async function accept(app, platform, uri) {
  const r = await addUri(app, platform, uri);
  assert.equal(r.status, 200, `${platform} ${uri} should be accepted: ${r.status} ${r.text}`);
  assert.ok(r.body.redirect_uris[platform].includes(uri), `the answer lists ${uri} under ${platform}`);
  const stored = await getApp(app);
  assert.ok(stored.redirect_uris[platform].includes(uri), 'the URI is saved');
}

function uriOfLength(n, prefix = 'https://app.example.com/') {
  assert.ok(n > prefix.length);
  return prefix + 'a'.repeat(n - prefix.length);
}

test('admin API refuses calls without the admin bearer token', async () => {
  const r = await server.admin('GET', '/admin/v1/apps', undefined, { token: null });
  assert.equal(r.status, 401);
  const r2 = await server.admin('GET', '/admin/v1/apps', undefined, { token: 'wrong' });
  assert.equal(r2.status, 401);
});

test('web: a valid https URI without query or fragment is accepted', async () => {
  const app = await bareApp();
  await accept(app, 'web', 'https://app.example.com/callback');
  await accept(app, 'web', 'https://app.example.com:8443/other/path');
});

test('web: shorter than 512 characters (511 ok, 512 refused)', async () => {
  const app = await bareApp();
  await accept(app, 'web', uriOfLength(511));
  await rejectAndCheckUnchanged(app, 'web', uriOfLength(512), [MSG.length]);
  await rejectAndCheckUnchanged(app, 'web', uriOfLength(2000), [MSG.length]);
});

test('web: must be absolute', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'web', '/callback', [MSG.absolute], { exact: false });
  await rejectAndCheckUnchanged(app, 'web', 'app.example.com/callback', [MSG.absolute], { exact: false });
  await rejectAndCheckUnchanged(app, 'web', '//app.example.com/callback', [MSG.absolute], { exact: false });
});

test('web: must use https', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'web', 'http://app.example.com/callback', [MSG.https]);
  await rejectAndCheckUnchanged(app, 'web', 'myapp://callback/path', [MSG.https]);
});

test('web: no query, not even a bare "?"', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'web', 'https://app.example.com/callback?x=1', [MSG.query]);
  await rejectAndCheckUnchanged(app, 'web', 'https://app.example.com/callback?', [MSG.query]);
});

test('web: no fragment, not even a bare "#"', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'web', 'https://app.example.com/callback#frag', [MSG.fragment]);
  await rejectAndCheckUnchanged(app, 'web', 'https://app.example.com/callback#', [MSG.fragment]);
});

test('web: one message per broken rule', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'web', 'http://app.example.com/cb?a=1#f', [MSG.https, MSG.query, MSG.fragment]);
  await rejectAndCheckUnchanged(
    app,
    'web',
    uriOfLength(600, 'http://app.example.com/') + '?q',
    [MSG.length, MSG.https, MSG.query],
  );
});

test('web: a URI already registered is refused', async () => {
  const app = await bareApp();
  await accept(app, 'web', 'https://app.example.com/dup');
  await rejectAndCheckUnchanged(app, 'web', 'https://app.example.com/dup', [MSG.duplicate]);
});

test('web: at most 10 redirect URIs', async () => {
  const app = await bareApp();
  for (let i = 0; i < 10; i++) await accept(app, 'web', `https://app.example.com/cb${i}`);
  await rejectAndCheckUnchanged(app, 'web', 'https://app.example.com/cb10', [MSG.max]);
  const stored = await getApp(app);
  assert.equal(stored.redirect_uris.web.length, 10);
  // the limit is per platform: other platforms still take URIs
  await accept(app, 'ios', 'https://ios.example.com/cb');
  // after removing one, there is room again
  const del = await server.admin('DELETE', `/admin/v1/apps/${app.client_key}/redirect-uris`, {
    platform: 'web',
    uri: 'https://app.example.com/cb0',
  });
  assert.equal(del.status, 200, del.text);
  assert.ok(!del.body.redirect_uris.web.includes('https://app.example.com/cb0'));
  await accept(app, 'web', 'https://app.example.com/cb10');
});

test('desktop: http or https on localhost / 127.0.0.1 with a port or * is accepted', async () => {
  const app = await bareApp();
  await accept(app, 'desktop', 'http://localhost:8080/callback');
  await accept(app, 'desktop', 'https://localhost:8443/callback');
  await accept(app, 'desktop', 'http://127.0.0.1:3000/cb');
  await accept(app, 'desktop', 'http://localhost:*/callback');
  await accept(app, 'desktop', 'https://127.0.0.1:*/cb');
});

test('desktop: scheme must be http or https', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'desktop', 'ftp://localhost:21/cb', [MSG.desktopScheme]);
  await rejectAndCheckUnchanged(app, 'desktop', 'myapp://localhost:8080/cb', [MSG.desktopScheme]);
});

test('desktop: host must be exactly localhost or 127.0.0.1', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'desktop', 'http://example.com:8080/cb', [MSG.desktopHost]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost.example.com:8080/cb', [MSG.desktopHost]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://127.0.0.2:8080/cb', [MSG.desktopHost]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://[::1]:8080/cb', [MSG.desktopHost]);
});

test('desktop: a port is required', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost/cb', [MSG.desktopPort]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://127.0.0.1/cb', [MSG.desktopPort]);
});

test('desktop: no query, no fragment', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost:8080/cb?x=1', [MSG.query]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost:8080/cb?', [MSG.query]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost:8080/cb#f', [MSG.fragment]);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost:8080/cb#', [MSG.fragment]);
});

test('desktop: one message per broken rule, and the length rule', async () => {
  const app = await bareApp();
  await rejectAndCheckUnchanged(app, 'desktop', 'http://example.com/cb?a#b', [
    MSG.desktopHost,
    MSG.desktopPort,
    MSG.query,
    MSG.fragment,
  ]);
  await rejectAndCheckUnchanged(app, 'desktop', uriOfLength(512, 'http://localhost:8080/'), [MSG.length]);
  await rejectAndCheckUnchanged(app, 'desktop', '/callback', [MSG.absolute], { exact: false });
});

test('desktop: http is not refused with the web https message', async () => {
  const app = await bareApp();
  await accept(app, 'desktop', 'http://localhost:9000/cb');
  const r = await addUri(app, 'desktop', 'http://localhost:9001/cb?x');
  assertRejected(r, [MSG.query]);
  assert.ok(!r.body.messages.includes(MSG.https));
});

test('desktop: at most 10 redirect URIs, and duplicates are refused', async () => {
  const app = await bareApp();
  for (let i = 0; i < 10; i++) await accept(app, 'desktop', `http://localhost:${8000 + i}/cb`);
  await rejectAndCheckUnchanged(app, 'desktop', 'http://localhost:9999/cb', [MSG.max]);
  const app2 = await bareApp();
  await accept(app2, 'desktop', 'http://localhost:*/cb');
  await rejectAndCheckUnchanged(app2, 'desktop', 'http://localhost:*/cb', [MSG.duplicate]);
});

for (const platform of ['android', 'ios']) {
  test(`${platform}: https URIs accepted, other schemes refused`, async () => {
    const app = await bareApp();
    await accept(app, platform, `https://${platform}.example.com/callback`);
    await rejectAndCheckUnchanged(app, platform, `http://${platform}.example.com/callback`, [MSG.https]);
    await rejectAndCheckUnchanged(app, platform, 'myapp://oauth/callback', [MSG.https]);
  });

  test(`${platform}: length, absolute and duplicate rules`, async () => {
    const app = await bareApp();
    await rejectAndCheckUnchanged(app, platform, uriOfLength(512, `https://${platform}.example.com/`), [MSG.length]);
    await rejectAndCheckUnchanged(app, platform, '/callback', [MSG.absolute], { exact: false });
    await accept(app, platform, `https://${platform}.example.com/dup`);
    await rejectAndCheckUnchanged(app, platform, `https://${platform}.example.com/dup`, [MSG.duplicate]);
  });

  test(`${platform}: at most 10 redirect URIs`, async () => {
    const app = await bareApp();
    for (let i = 0; i < 10; i++) await accept(app, platform, `https://${platform}.example.com/cb${i}`);
    await rejectAndCheckUnchanged(app, platform, `https://${platform}.example.com/cb10`, [MSG.max]);
  });
}

test('the same URI may be registered on two platforms', async () => {
  const app = await bareApp();
  await accept(app, 'android', 'https://links.example.com/cb');
  await accept(app, 'ios', 'https://links.example.com/cb');
});

test('app creation with a broken URI is refused and creates no app', async () => {
  const name = uniq('broken');
  const r = await server.admin('POST', '/admin/v1/apps', {
    name,
    scopes: ['user.info.basic'],
    login_kit: true,
    web: true,
    require_pkce_web: false,
    redirect_uris: { web: ['https://ok.example.com/cb', 'http://bad.example.com/cb'], desktop: [], android: [], ios: [] },
  });
  assertRejected(r, [MSG.https], { exact: false });
  const list = await server.admin('GET', '/admin/v1/apps');
  assert.equal(list.status, 200, list.text);
  assert.ok(!list.body.apps.some((a) => a.name === name), 'no app was created');
});

test('app creation with more than 10 URIs on one platform is refused and creates no app', async () => {
  const name = uniq('many');
  const desktop = Array.from({ length: 11 }, (_, i) => `http://localhost:${7000 + i}/cb`);
  const r = await server.admin('POST', '/admin/v1/apps', {
    name,
    scopes: ['user.info.basic'],
    login_kit: true,
    web: false,
    require_pkce_web: false,
    redirect_uris: { web: [], desktop, android: [], ios: [] },
  });
  assertRejected(r, [MSG.max], { exact: false });
  const list = await server.admin('GET', '/admin/v1/apps');
  assert.ok(!list.body.apps.some((a) => a.name === name), 'no app was created');
});

test('app creation with exactly 10 URIs per platform succeeds and stores them in order', async () => {
  const web = Array.from({ length: 10 }, (_, i) => `https://ten.example.com/cb${i}`);
  const app = await server.createApp({ redirect_uris: { web, desktop: [], android: [], ios: [] } });
  const stored = await getApp(app);
  assert.deepEqual(stored.redirect_uris.web, web);
  assert.equal(stored.client_secret, undefined, 'GET app does not show the client secret');
});
