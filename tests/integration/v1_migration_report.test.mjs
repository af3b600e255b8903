// SPEC.md §5 "Every refused v1 call is counted per app" and docs/server-contract.md
// GET /admin/v1/migration and `loginkit migration report --json`.
//
// The test makes known numbers of v1 calls on chosen test-clock days and checks the counters:
// v1_calls_7d / v1_calls_30d (every v1 call, accepted or refused), v1_refused_30d, status.
// Days are chosen well inside or well outside the 7- and 30-day windows. Counted-day calls avoid
// the consent page (each user consented on a day outside every window), so one authorize is
// exactly one GET.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import {
  DAY,
  utc,
  EOL_DATE,
  setClock,
  createLegacyApp,
  v1Params,
  v1Code,
  v1AccessToken,
  v1Refresh,
  v1Revoke,
  v1UserInfo,
  assertV1Success,
  assertV1TokenSuccess,
  assertV1Error,
  assertV1UserInfoOk,
  assertV1UserInfoError,
  assertErrorRedirect,
  runCli,
  migrationRow,
  V1_AUTHORIZE,
  V1_CONNECT,
} from './lib/v1.mjs';

const CREATED = utc(2023, 3, 1, 12);
const NEW_APP_CREATED = utc(2023, 5, 20, 12);
const CONSENT_DAY = utc(2023, 6, 1, 12); // outside every window below
const D = utc(2023, 9, 1, 12); // report day, before end of life
const D_MINUS_10 = D - 10 * DAY; // inside 30 days, outside 7 days

const WEB_URI = 'https://www.mig-web.example/cb';
const CUT_URI = 'https://www.mig-cut.example/cb';
const NEW_URI = 'https://www.mig-new.example/cb';
const ANDROID_URI = 'https://links.mig-mobile.example/android';

let server;
let user;
let webApp; // legacy web, with a v2 web URI: v1 web traffic before EOL -> at risk
let noUriApp; // web enabled, no redirect URI, no traffic -> at risk
let mobileApp; // android only, web off: v1 android traffic -> migrated
let quietApp; // v2 web URI, no v1 traffic -> migrated
let cutApp; // legacy web, refused after EOL -> cut off
let newApp; // created after 2023-05-12: its v1 calls are refused

before(async () => {
  server = await startServer();
  await setClock(server, CREATED);
  webApp = await createLegacyApp(server, { name: 'Mig Web', domains: ['mig-web.example'], webUris: ['https://v2.mig-web.example/cb'] });
  noUriApp = await createLegacyApp(server, { name: 'Mig NoUri', domains: ['mig-nouri.example'] });
  mobileApp = await createLegacyApp(server, { name: 'Mig Mobile', web: false, android: [ANDROID_URI] });
  quietApp = await createLegacyApp(server, { name: 'Mig Quiet', webUris: ['https://v2.mig-quiet.example/cb'] });
  cutApp = await createLegacyApp(server, { name: 'Mig Cut', domains: ['mig-cut.example'], webUris: ['https://v2.mig-cut.example/cb'] });
  await setClock(server, NEW_APP_CREATED);
  newApp = await createLegacyApp(server, { name: 'Mig New', domains: ['mig-new.example'], webUris: ['https://v2.mig-new.example/cb'] });

  // Consent day: the user approves the v1 apps once (these calls fall outside every window).
  await setClock(server, CONSENT_DAY);
  ({ user } = await server.newSignedInUser());
  const jar = await signIn();
  for (const [app, uri] of [[webApp, WEB_URI], [mobileApp, ANDROID_URI], [cutApp, CUT_URI]]) {
    const { result } = await v1Code(server, jar, app, uri);
    assert.ok(result.consent, 'first authorization shows the consent page');
  }
});
after(async () => {
  await server?.stop();
});

function signIn() {
  return server.signIn(user.username, user.password);
}

/** One v1 authorize GET that auto-approves (no consent page): exactly one counted call. */
async function autoCode(jar, app, uri, base = V1_AUTHORIZE) {
  const params = v1Params(app, uri);
  const r = await server.get(server.authorizePath(params, base), { jar });
  assert.equal(r.status, 302, `auto-approved v1 authorize expected (consent given earlier), got ${r.status} ${r.text.slice(0, 200)}`);
  const loc = new URL(r.location);
  assert.ok(loc.searchParams.get('code'), `a code came back: ${r.location}`);
  return loc.searchParams.get('code');
}

/** One refused v1 authorize GET (sunset policy). */
async function refusedAuthorize(jar, app, uri, base = V1_AUTHORIZE) {
  const params = v1Params(app, uri);
  const r = await server.get(server.authorizePath(params, base), { jar });
  assertErrorRedirect(server, r, uri, 'unauthorized_client', params.state);
}

async function report() {
  const r = await server.admin('GET', '/admin/v1/migration');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body?.apps), `apps list: ${r.text.slice(0, 300)}`);
  return r.body;
}

function assertRow(rep, app, { d7, d30, refused, status }, what) {
  const row = migrationRow(rep, app);
  const got = { d7: row.v1_calls_7d, d30: row.v1_calls_30d, refused: row.v1_refused_30d, status: row.status };
  assert.deepEqual(got, { d7, d30, refused, status }, `${what}: ${app.name} row ${JSON.stringify(row)}`);
  return row;
}

test('before end of life: exact 7/30-day counts; web v1 traffic and a web app without redirect URI are "at risk"', async () => {
  // Ten days before the report day.
  await setClock(server, D_MINUS_10);
  let jar = await signIn();
  assertV1TokenSuccess(await v1AccessToken(server, webApp, await autoCode(jar, webApp, WEB_URI))); // 2 calls
  assertV1TokenSuccess(await v1AccessToken(server, mobileApp, await autoCode(jar, mobileApp, ANDROID_URI))); // 2 calls

  // The report day.
  await setClock(server, D);
  jar = await signIn();
  // webApp: authorize, token, refresh, user info, revoke = 5 accepted
  const t = assertV1TokenSuccess(await v1AccessToken(server, webApp, await autoCode(jar, webApp, WEB_URI, V1_CONNECT)));
  const t2 = assertV1TokenSuccess(await v1Refresh(server, webApp, t.refresh_token));
  assertV1UserInfoOk(await v1UserInfo(server, { access_token: t2.access_token, fields: ['open_id'] }));
  assertV1Success(await v1Revoke(server, t2.open_id, t2.access_token));
  // mobileApp: authorize, token, user info = 3 accepted
  const m = assertV1TokenSuccess(await v1AccessToken(server, mobileApp, await autoCode(jar, mobileApp, ANDROID_URI)));
  assertV1UserInfoOk(await v1UserInfo(server, { access_token: m.access_token, fields: ['open_id'] }));
  // newApp: one refused authorize (created after 2023-05-12)
  await refusedAuthorize(jar, newApp, NEW_URI);

  const rep = await report();
  assert.ok(Math.abs(rep.generated_at - D) < 60, `generated_at ${rep.generated_at} is the test clock's now (${D})`);
  const w = assertRow(rep, webApp, { d7: 5, d30: 7, refused: 0, status: 'at risk' }, 'web v1 traffic before EOL');
  assert.equal(w.name, 'Mig Web');
  assert.equal(w.web_enabled, true);
  assert.equal(w.redirect_uri_count, 1);
  assert.deepEqual(w.legacy_domains, ['mig-web.example']);
  assert.ok(w.platforms.includes('web'), `platforms ${JSON.stringify(w.platforms)}`);
  assert.equal(typeof w.reason, 'string');
  const mo = assertRow(rep, mobileApp, { d7: 3, d30: 5, refused: 0, status: 'migrated' }, 'android v1 traffic');
  assert.equal(mo.web_enabled, false);
  assert.ok(mo.platforms.includes('android'), `platforms ${JSON.stringify(mo.platforms)}`);
  const nu = assertRow(rep, noUriApp, { d7: 0, d30: 0, refused: 0, status: 'at risk' }, 'web enabled without redirect URI');
  assert.equal(nu.redirect_uri_count, 0);
  assert.equal(nu.web_enabled, true);
  assert.ok(nu.reason, 'an at-risk row says why');
  assertRow(rep, quietApp, { d7: 0, d30: 0, refused: 0, status: 'migrated' }, 'no v1 traffic');
  assertRow(rep, cutApp, { d7: 0, d30: 0, refused: 0, status: 'migrated' }, 'consent-day calls are outside the window');
  const nw = migrationRow(rep, newApp);
  assert.deepEqual([nw.v1_calls_7d, nw.v1_calls_30d, nw.v1_refused_30d], [1, 1, 1], `new app refused call counted: ${JSON.stringify(nw)}`);
});

test('after end of life: refused web v1 calls are counted and make the app "cut off"; android stays "migrated"', async () => {
  // An hour before end of life (2024-02-28): cutApp gets a token and a spare code = 3 accepted.
  await setClock(server, EOL_DATE - 3600);
  let jar = await signIn();
  const t = assertV1TokenSuccess(await v1AccessToken(server, cutApp, await autoCode(jar, cutApp, CUT_URI)));
  await setClock(server, EOL_DATE - 120);
  const spare = await autoCode(jar, cutApp, CUT_URI);

  // After end of life (2024-02-29): cutApp makes 5 refused calls.
  await setClock(server, EOL_DATE + 60);
  assertV1Error(await v1AccessToken(server, cutApp, spare), 10004, 'token for a pre-EOL web code');
  await setClock(server, EOL_DATE + 3600);
  jar = await signIn();
  await refusedAuthorize(jar, cutApp, CUT_URI);
  assertV1Error(await v1Refresh(server, cutApp, t.refresh_token), 10004, 'refresh of a pre-EOL web token');
  assertV1UserInfoError(await v1UserInfo(server, { access_token: t.access_token, fields: ['open_id'] }), 10004);
  assertV1Error(await v1Revoke(server, t.open_id, t.access_token), 10004, 'revoke of a pre-EOL web token');
  // webApp: 1 refused authorize. mobileApp: authorize + token = 2 accepted.
  await refusedAuthorize(jar, webApp, WEB_URI, V1_CONNECT);
  assertV1TokenSuccess(await v1AccessToken(server, mobileApp, await autoCode(jar, mobileApp, ANDROID_URI)));

  const rep = await report();
  assertRow(rep, cutApp, { d7: 8, d30: 8, refused: 5, status: 'cut off' }, 'refused web v1 calls after EOL');
  assertRow(rep, webApp, { d7: 1, d30: 1, refused: 1, status: 'cut off' }, 'refused web v1 authorize after EOL');
  assertRow(rep, mobileApp, { d7: 2, d30: 2, refused: 0, status: 'migrated' }, 'android v1 after EOL');
  assertRow(rep, noUriApp, { d7: 0, d30: 0, refused: 0, status: 'at risk' }, 'web enabled without redirect URI');
  assertRow(rep, quietApp, { d7: 0, d30: 0, refused: 0, status: 'migrated' }, 'no v1 traffic');
  assertRow(rep, newApp, { d7: 0, d30: 0, refused: 0, status: 'migrated' }, 'old refused call outside the window');
});

test('CLI `migration report --json --data DIR` (system clock) shows calls made at real time', { skip: process.env.LOGINKIT_STORE === 'memory:' ? 'the CLI runs in another process, which the memory engine shares nothing with' : false }, async () => {
  const now = Math.floor(Date.now() / 1000);
  await setClock(server, now);
  const jar = await signIn();
  // mobileApp: authorize + token = 2 accepted. webApp: 1 refused authorize (real time is after EOL).
  assertV1TokenSuccess(await v1AccessToken(server, mobileApp, await autoCode(jar, mobileApp, ANDROID_URI)));
  await refusedAuthorize(jar, webApp, WEB_URI);

  const expected = [
    [mobileApp, { d7: 2, d30: 2, refused: 0, status: 'migrated' }],
    [webApp, { d7: 1, d30: 1, refused: 1, status: 'cut off' }],
    [cutApp, { d7: 0, d30: 0, refused: 0, status: 'migrated' }],
    [noUriApp, { d7: 0, d30: 0, refused: 0, status: 'at risk' }],
  ];
  const rep = await report();
  for (const [app, want] of expected) assertRow(rep, app, want, 'admin report at real time');

  const cli = await runCli(['migration', 'report', '--json', '--data', server.dataDir]);
  assert.equal(cli.code, 0, `CLI exit code; stderr: ${cli.stderr}`);
  let json;
  try {
    json = JSON.parse(cli.stdout);
  } catch (e) {
    assert.fail(`CLI --json output is not JSON: ${cli.stdout.slice(0, 500)}`);
  }
  assert.ok(Math.abs(json.generated_at - Date.now() / 1000) < 120, `CLI generated_at ${json.generated_at} is real time`);
  // Other test files share this server and may add apps (and their calls) between the two reads:
  // the CLI must list every app the admin API listed, and agree row for row on this file's apps.
  for (const a of rep.apps) {
    assert.ok(json.apps.some((row) => row.client_key === a.client_key), `CLI lists ${a.name}`);
  }
  for (const [app, want] of expected) {
    const row = assertRow(json, app, want, 'CLI report');
    assert.deepEqual(row, migrationRow(rep, app), `CLI row equals the admin API row for ${app.name}`);
  }
});
