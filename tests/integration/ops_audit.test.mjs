// The audit trail. Every change to an app (created, secret rotated, redirect URI
// added, changed or removed, legacy domain added or removed, scopes changed, Login Kit toggled)
// and every grant or disconnect is recorded durably with who, when and what; visible per app
// through GET /admin/v1/apps/{key}/audit, the portal app page and `loginkit audit`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, parseForms, uniq } from './lib/server.mjs';
import { utc, EOL_DATE, setClock, atDate, createLegacyApp, v1Tokens, v1Revoke, assertV1Success, runCli } from './lib/v1.mjs';
import { portalSignUp, portalCreateApp, portalPost } from './lib/portal.mjs';

const T0 = utc(2023, 1, 15, 12); // before every sunset date: legacy domains may still be added

let server;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

async function audit(key) {
  const r = await server.admin('GET', `/admin/v1/apps/${key}/audit`);
  assert.equal(r.status, 200, `GET audit -> ${r.status} ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i);
  assert.deepEqual(Object.keys(r.body).sort(), ['client_key', 'events'], `audit answer keys: ${r.text}`);
  assert.equal(r.body.client_key, key);
  assert.ok(Array.isArray(r.body.events));
  for (const e of r.body.events) {
    assert.deepEqual(Object.keys(e).sort(), ['action', 'actor', 'at', 'detail'], `event keys: ${JSON.stringify(e)}`);
    assert.equal(typeof e.at, 'number');
    assert.equal(typeof e.actor, 'string');
    assert.equal(typeof e.action, 'string');
    assert.equal(typeof e.detail, 'string');
  }
  return r.body.events;
}

/** Runs the change at its own clock second and returns the clock value. */
let tick = T0;
async function at(fn) {
  tick += 60;
  await setClock(server, tick);
  await fn();
  return tick;
}

/** The test clock keeps running after it is set: an event is stamped within seconds of it. */
function assertAt(event, setTo) {
  assert.ok(event.at >= setTo && event.at <= setTo + 5, `${event.action} at ${event.at}, clock set to ${setTo}`);
}

function assertNoSecretIn(events, secrets) {
  for (const e of events) {
    for (const s of secrets) assert.ok(!JSON.stringify(e).includes(s), `audit event ${e.action} does not carry a secret`);
  }
}

test('admin API changes: each kind is recorded once, by "admin", at the clock time, newest first', async () => {
  await setClock(server, T0);
  tick = T0;
  const name = uniq('AuditApp');
  const u1 = `https://${name.toLowerCase()}.example.com/one`;
  const u2 = `https://${name.toLowerCase()}.example.com/two`;
  const d1 = `${name.toLowerCase()}-one.example`;
  const d2 = `${name.toLowerCase()}-two.example`;
  let app;
  let rotated;
  const expected = [];
  const key = () => app.client_key;
  expected.push(['app.created', await at(async () => {
    app = await server.createApp({ name, legacy_domains: [d1], redirect_uris: { web: [u1] } });
  }), `name=${name}`]);
  expected.push(['secret.rotated', await at(async () => {
    rotated = await server.adminOk('POST', `/admin/v1/apps/${key()}/rotate-secret`, undefined, 200);
  }), null]);
  expected.push(['redirect_uri.added', await at(() => server.adminOk('POST', `/admin/v1/apps/${key()}/redirect-uris`, { platform: 'web', uri: u2 }, 200)), `web ${u2}`]);
  expected.push(['redirect_uri.removed', await at(() => server.adminOk('DELETE', `/admin/v1/apps/${key()}/redirect-uris`, { platform: 'web', uri: u1 }, 200)), `web ${u1}`]);
  expected.push(['legacy_domain.added', await at(() => server.adminOk('POST', `/admin/v1/apps/${key()}/legacy-domains`, { domain: d2 }, 200)), d2]);
  expected.push(['legacy_domain.removed', await at(() => server.adminOk('DELETE', `/admin/v1/apps/${key()}/legacy-domains`, { domain: d1 }, 200)), d1]);
  expected.push(['scopes.changed', await at(() => server.adminOk('PUT', `/admin/v1/apps/${key()}/scopes`, { scopes: ['user.info.basic', 'user.info.stats'] }, 200)), null]);
  expected.push(['login_kit.changed', await at(() => server.adminOk('PUT', `/admin/v1/apps/${key()}/login-kit`, { login_kit: true, web: false, require_pkce_web: false }, 200)), null]);

  const events = await audit(key());
  assert.deepEqual(
    events.map((e) => [e.action, e.actor]),
    expected.map(([action]) => [action, 'admin']).reverse(),
    'one event per change, newest first, actor admin',
  );
  const times = [...expected].reverse().map(([, when]) => when);
  events.forEach((e, i) => assertAt(e, times[i]));
  const byAction = Object.fromEntries(events.map((e) => [e.action, e]));
  for (const [action, , detail] of expected) {
    if (detail !== null) assert.equal(byAction[action].detail, detail, `${action} detail`);
  }
  assert.match(byAction['scopes.changed'].detail, /user\.info\.basic/);
  assert.match(byAction['scopes.changed'].detail, /user\.info\.stats/);
  assert.doesNotMatch(byAction['scopes.changed'].detail, /user\.info\.profile/, 'the new scope set, not the old one');
  assert.match(byAction['login_kit.changed'].detail, /web=off/);
  assert.match(byAction['login_kit.changed'].detail, /login_kit=on/);
  assertNoSecretIn(events, [app.client_secret, rotated.client_secret]);
});

test('refused changes record nothing', async () => {
  await setClock(server, T0);
  const app = await server.createApp({ legacy_domains: [`${uniq('d')}.example`] });
  const beforeEvents = await audit(app.client_key);
  const bad = [
    ['POST', 'redirect-uris', { platform: 'web', uri: 'http://insecure.example/cb' }, 400],
    ['POST', 'redirect-uris', { platform: 'web', uri: app.redirect_uris.web[0] }, 400],
    ['DELETE', 'redirect-uris', { platform: 'web', uri: 'https://never-registered.example/cb' }, 404],
    ['PUT', 'scopes', { scopes: ['user.info.basic', 'no.such.scope'] }, 400],
    ['DELETE', 'legacy-domains', { domain: 'never-registered.example' }, 404],
  ];
  for (const [method, suffix, body, status] of bad) {
    const r = await server.admin(method, `/admin/v1/apps/${app.client_key}/${suffix}`, body);
    assert.equal(r.status, status, `${method} ${suffix} ${JSON.stringify(body)} -> ${r.status} ${r.text}`);
  }
  await setClock(server, utc(2023, 7, 1)); // after the domain freeze
  const frozen = await server.admin('POST', `/admin/v1/apps/${app.client_key}/legacy-domains`, { domain: `${uniq('late')}.example` });
  assert.equal(frozen.status, 400, frozen.text);
  assert.equal(frozen.body?.error, 'legacy_domains_frozen');
  assert.deepEqual(await audit(app.client_key), beforeEvents, 'no event for a refused change');
});

test('grants and disconnects: grant.created by the user; grant.disconnected via revoke, connected apps and v1 revoke', async () => {
  await setClock(server, T0);
  const app = await server.createApp({ name: uniq('AuditGrants') });
  const other = await server.createApp({ name: uniq('AuditOther') });
  const otherBefore = await audit(other.client_key);
  const { user, jar } = await atDate(server, T0 + 3600);
  const actor = `user:${user.id}`;
  assert.ok(user.id !== undefined, 'the admin API returned the user id');

  // 1. consent, code, tokens; then the app revokes.
  const t = await server.obtainTokens(jar, app, { scope: 'user.info.basic,user.info.profile' });
  let events = await audit(app.client_key);
  assert.equal(events[0].action, 'grant.created');
  assert.equal(events[0].actor, actor);
  assertAt(events[0], T0 + 3600);
  assert.match(events[0].detail, /^v2 web /, `detail names the API version and platform: ${events[0].detail}`);
  assert.match(events[0].detail, /user\.info\.basic/);
  assert.match(events[0].detail, /user\.info\.profile/);
  await setClock(server, T0 + 3700);
  assert.deepEqual((await server.revoke({ client_key: app.client_key, client_secret: app.client_secret, token: t.access_token })).body, {});
  events = await audit(app.client_key);
  assert.equal(events[0].action, 'grant.disconnected');
  assert.equal(events[0].actor, `client:${app.client_key}`);
  assertAt(events[0], T0 + 3700);
  assert.match(events[0].detail, new RegExp(`\\b${user.id}\\b`), `detail names the user: ${events[0].detail}`);
  assert.match(events[0].detail, /revoke/);

  // 2. consent again; then the user disconnects the app on the connected-apps page.
  await server.obtainTokens(jar, app);
  assert.equal((await audit(app.client_key))[0].action, 'grant.created');
  const page = await server.get('/account/apps', { jar });
  assert.equal(page.status, 200);
  const form = parseForms(page.text).find((f) => f.attrs.action === '/account/apps/disconnect' && f.inputs.some((i) => i.name === 'client_key' && i.value === app.client_key));
  assert.ok(form, 'a Disconnect form for the app');
  const fields = Object.fromEntries(form.inputs.filter((i) => i.name).map((i) => [i.name, i.value ?? '']));
  await setClock(server, T0 + 3800);
  const res = await server.postForm('/account/apps/disconnect', fields, { jar });
  assert.equal(res.status, 303, res.text.slice(0, 200));
  events = await audit(app.client_key);
  assert.equal(events[0].action, 'grant.disconnected');
  assert.equal(events[0].actor, actor);
  assertAt(events[0], T0 + 3800);
  assert.match(events[0].detail, /connected apps/);

  // The whole history of this app, newest first; the other app saw none of it.
  assert.deepEqual(
    events.map((e) => e.action),
    ['grant.disconnected', 'grant.created', 'grant.disconnected', 'grant.created', 'app.created'],
  );
  assert.deepEqual(await audit(other.client_key), otherBefore, 'another app\'s trail is untouched');
});

test('v1 grants and v1 revoke are recorded too', async () => {
  const domain = `${uniq('a').toLowerCase()}.example`;
  await setClock(server, T0);
  const legacy = await createLegacyApp(server, { domains: [domain] });
  const { user, jar } = await atDate(server, EOL_DATE - 7200);
  const tokens = await v1Tokens(server, jar, legacy, `https://www.${domain}/cb`);
  let events = await audit(legacy.client_key);
  assert.equal(events[0].action, 'grant.created');
  assert.equal(events[0].actor, `user:${user.id}`);
  assert.match(events[0].detail, /^v1 web /, events[0].detail);
  assertV1Success(await v1Revoke(server, tokens.open_id, tokens.access_token), undefined, 'v1 revoke');
  events = await audit(legacy.client_key);
  assert.equal(events[0].action, 'grant.disconnected');
  assert.equal(events[0].actor, `client:${legacy.client_key}`);
  assert.match(events[0].detail, /revoke/);
});

test('portal changes: recorded with the developer as actor (redirect_uri.changed included); the app page shows the history', async () => {
  await setClock(server, T0);
  const dev = await portalSignUp(server);
  const created = await portalCreateApp(server, dev.jar, uniq('PortalAudit'));
  const key = created.client_key;
  const actor = `developer:${dev.email}`;
  const u1 = `https://${uniq('p').toLowerCase()}.example.com/cb`;
  const u2 = `https://${uniq('q').toLowerCase()}.example.com/cb`;
  const d1 = `${uniq('dom').toLowerCase()}.example`;
  const steps = [
    ['login-kit', { action: 'add' }, 'login_kit.changed', 'login_kit=on web=off require_pkce_web=off'],
    ['login-kit', { action: 'web', web: 'on' }, 'login_kit.changed', 'login_kit=on web=on require_pkce_web=off'],
    ['redirect-uris', { platform: 'web', uri: u1 }, 'redirect_uri.added', `web ${u1}`],
    ['redirect-uris/edit', { platform: 'web', old_uri: u1, uri: u2 }, 'redirect_uri.changed', null],
    ['scopes', [['scope', 'user.info.basic'], ['scope', 'user.info.profile']], 'scopes.changed', null],
    ['legacy-domains', { domain: d1 }, 'legacy_domain.added', d1],
    ['legacy-domains/remove', { domain: d1 }, 'legacy_domain.removed', d1],
    ['redirect-uris/remove', { platform: 'web', uri: u2 }, 'redirect_uri.removed', `web ${u2}`],
    ['rotate-secret', { confirm: 'yes' }, 'secret.rotated', null],
  ];
  const expected = ['app.created'];
  let newSecret;
  for (const [suffix, fields, action, detail] of steps) {
    const r = await portalPost(server, dev.jar, key, suffix, fields);
    if (suffix === 'rotate-secret') {
      assert.equal(r.status, 200, `rotate-secret -> ${r.status}`);
      newSecret = r.text.match(/id="client-secret"[^>]*>([^<]+)</)?.[1];
      assert.ok(newSecret, 'the new secret is shown once');
    } else {
      assert.equal(r.status, 303, `portal ${suffix} -> ${r.status} ${r.text.slice(0, 300)}`);
    }
    expected.push(action);
    const [last] = await audit(key);
    assert.equal(last.action, action, `portal ${suffix} records ${action}`);
    assert.equal(last.actor, actor, `portal ${suffix}: actor is the developer`);
    if (detail !== null) assert.equal(last.detail, detail, `${action} detail`);
    if (action === 'redirect_uri.changed') {
      assert.ok(last.detail.includes(u1) && last.detail.includes(u2), `detail names the old and new URI: ${last.detail}`);
    }
  }
  const events = await audit(key);
  assert.deepEqual(events.map((e) => e.action), [...expected].reverse());
  assert.equal(events.at(-1).actor, actor, 'app.created by the developer');
  assertNoSecretIn(events, [created.client_secret, newSecret]);

  // The app page's History section lists the same events.
  const page = await server.get(`/portal/apps/${key}`, { jar: dev.jar });
  assert.equal(page.status, 200);
  const history = page.text.match(/<section id="history"[\s\S]*?<\/section>/)?.[0];
  assert.ok(history, 'the app page has a history section');
  for (const action of new Set(expected)) assert.ok(history.includes(action), `history shows ${action}`);
  assert.ok(history.includes(actor), 'history shows who');
  assert.ok(!history.includes(created.client_secret) && !history.includes(newSecret), 'history shows no secret');
});

test('GET /admin/v1/apps/{key}/audit needs the admin token; an unknown app is 404', async () => {
  const app = await server.createApp();
  const anon = await server.admin('GET', `/admin/v1/apps/${app.client_key}/audit`, undefined, { token: null });
  assert.equal(anon.status, 401);
  const wrong = await server.admin('GET', `/admin/v1/apps/${app.client_key}/audit`, undefined, { token: 'not-the-admin-token-at-all' });
  assert.equal(wrong.status, 401);
  const missing = await server.admin('GET', '/admin/v1/apps/lkNoSuchAppKey0000/audit');
  assert.equal(missing.status, 404);
});

test('loginkit audit --app KEY --json reads the same trail from the data directory (durable, newest first)', { skip: process.env.LOGINKIT_STORE === 'memory:' ? 'the CLI runs in another process, which the memory engine shares nothing with' : false }, async () => {
  await setClock(server, T0);
  const app = await server.createApp({ name: uniq('AuditCli') });
  await setClock(server, T0 + 60);
  await server.adminOk('PUT', `/admin/v1/apps/${app.client_key}/scopes`, { scopes: ['user.info.basic'] }, 200);
  await setClock(server, T0 + 120);
  await server.adminOk('POST', `/admin/v1/apps/${app.client_key}/rotate-secret`, undefined, 200);
  const viaApi = await audit(app.client_key);
  assert.equal(viaApi.length, 3);

  const r = await runCli(['audit', '--app', app.client_key, '--json', '--data', server.dataDir]);
  assert.equal(r.code, 0, `loginkit audit exit code; stderr: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  const rows = lines.map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      assert.fail(`each line of --json output is JSON: ${l}`);
    }
  });
  assert.deepEqual(
    rows.map(({ at, actor, action, detail }) => ({ at, actor, action, detail })),
    viaApi.map(({ at, actor, action, detail }) => ({ at, actor, action, detail })),
    'the CLI shows the same events as the admin API, in the same order',
  );

  const limited = await runCli(['audit', '--app', app.client_key, '--json', '--limit', '2', '--data', server.dataDir]);
  assert.equal(limited.code, 0, limited.stderr);
  assert.equal(limited.stdout.split('\n').filter((l) => l.trim()).length, 2, '--limit 2');
  assert.equal(JSON.parse(limited.stdout.split('\n')[0]).action, 'secret.rotated', 'newest first');

  const text = await runCli(['audit', '--app', app.client_key, '--data', server.dataDir]);
  assert.equal(text.code, 0, text.stderr);
  for (const action of ['app.created', 'scopes.changed', 'secret.rotated']) assert.ok(text.stdout.includes(action), `text output lists ${action}`);

  const all = await runCli(['audit', '--json', '--limit', '1000', '--data', server.dataDir]);
  assert.equal(all.code, 0, all.stderr);
  assert.ok(all.stdout.split('\n').filter((l) => l.trim()).length > rows.length, 'without --app: every app\'s events');

  const unknown = await runCli(['audit', '--app', 'lkNoSuchAppKey0000', '--data', server.dataDir]);
  assert.equal(unknown.code, 1, 'unknown app: exit 1');
  assert.match(unknown.stderr, /lkNoSuchAppKey0000/, 'the error names the key');
});
