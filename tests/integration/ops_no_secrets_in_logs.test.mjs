// One structured JSON line per request (time, log_id, method, path without its query,
// status, latency, client key, API version), and never a secret, code, token or password in any
// log at any level: "a test greps the logs of a full test run for every secret it used".
//
// lib/server.mjs remembers every secret the harness sees (client secrets in admin answers and
// portal pages, passwords and client secrets it sends, codes in redirects, tokens in token
// answers, cookie values, the admin token) and its stop() scans that server's stdout+stderr for
// them, so every test file's servers are scanned. This file runs one full flow through every API
// and asserts the scan explicitly, with a check that the harvesting and the scan work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, pkceVerifier, challengeBase64url, basicAuth, CookieJar, LOG_ID_RE, uniq } from './lib/server.mjs';
import {
  utc,
  EOL_DATE,
  setClock,
  atDate,
  createLegacyApp,
  v1Code,
  v1AccessToken,
  v1Refresh,
  v1Revoke,
  v1UserInfo,
  assertV1TokenSuccess,
  assertV1Success,
  assertV1UserInfoOk,
  assertV1Error,
} from './lib/v1.mjs';
import { portalSignUp, portalSignIn, portalCreateApp, portalPost } from './lib/portal.mjs';

const LOG_FIELDS = ['api_version', 'client_key', 'log_id', 'method', 'ms', 'path', 'status', 'time'];

/** Every kind of secret the full flow must have shown the harness. */
const KINDS = [
  'admin_token',
  'client_secret', // admin answers
  'page client_secret', // portal pages
  'access_token',
  'refresh_token',
  'redirect code',
  'sent password',
  'sent client_secret',
  'sent code_verifier',
  'cookie lk_session',
  'cookie lk_dev',
];

async function fullFlow(server) {
  // --- v2: admin-made app and user; sign-in page; PKCE code flow; token; refresh; user info; revoke
  const app = await server.createApp({ name: uniq('NoSecrets'), scopes: ['user.info.basic', 'user.info.profile', 'user.info.stats'] });
  const { user, jar } = await server.newSignedInUser();
  const wrong = await server.postForm('/account/signin', { username: user.username, password: 'a-wrong-password-typed', next: '/account/apps' }, { jar: new CookieJar() });
  assert.ok(wrong.status >= 400, `wrong password refused: ${wrong.status}`);
  const verifier = pkceVerifier();
  const { code, redirectUri } = await server.authorizeCode(jar, app, {
    scope: 'user.info.basic,user.info.profile',
    code_challenge: challengeBase64url(verifier),
    code_challenge_method: 'S256',
  });
  const tok = await server.exchangeCode(app, code, redirectUri, { code_verifier: verifier });
  assert.equal(tok.status, 200, tok.text);
  const ref = await server.refresh(app, tok.body.refresh_token);
  assert.equal(ref.status, 200, ref.text);
  const info = await server.userinfo(ref.body.access_token, 'open_id,display_name,username');
  assert.equal(info.status, 200, info.text);
  assert.equal((await server.userinfo(tok.body.access_token, 'open_id')).status, 200, 'earlier access token');
  assert.equal((await server.refresh(app, tok.body.refresh_token)).body?.error, 'invalid_grant', 'refresh reuse');
  const t2 = await server.obtainTokens(jar, app, { scope: 'user.info.basic' });
  const intro = await server.postForm('/v2/oauth/introspect/', { token: t2.access_token }, { headers: { authorization: basicAuth(app.client_key, app.client_secret) } });
  assert.equal(intro.json?.active, true, intro.text);
  assert.deepEqual((await server.revoke({ client_key: app.client_key, client_secret: app.client_secret, token: t2.refresh_token })).body, {});
  assert.equal((await server.userinfo(t2.access_token, 'open_id')).status, 401, 'revoked');
  const c3 = await server.authorizeCode(jar, app);
  assert.equal((await server.exchangeCode(app, c3.code, c3.redirectUri)).status, 200);
  assert.equal((await server.exchangeCode(app, c3.code, c3.redirectUri)).body?.error, 'invalid_grant', 'code replay');
  // Bearer token in a query string (some clients do it): must not be logged either.
  await server.get(`/v2/user/info/?fields=open_id&access_token=${encodeURIComponent(ref.body.access_token)}`);

  // --- client_credentials, with the secret in the body and in HTTP Basic; a wrong secret
  const cc = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
  assert.equal(cc.status, 200, cc.text);
  const cc2 = await server.token({ grant_type: 'client_credentials' }, { headers: { authorization: basicAuth(app.client_key, app.client_secret) } });
  assert.equal(cc2.status, 200, cc2.text);
  assert.equal((await server.token({ client_key: app.client_key, client_secret: 'wrong-client-secret-typed', grant_type: 'client_credentials' })).body?.error, 'invalid_client');
  assert.deepEqual((await server.revoke({ client_key: app.client_key, client_secret: app.client_secret, token: cc.body.access_token })).body, {});
  const rotated = await server.adminOk('POST', `/admin/v1/apps/${app.client_key}/rotate-secret`, undefined, 200);
  assert.ok(rotated.client_secret);

  // --- portal: sign up, create an app (secret shown once), rotate, sign in again, use the secret
  const dev = await portalSignUp(server);
  const papp = await portalCreateApp(server, dev.jar, uniq('NoSecretsPortal'));
  assert.equal((await portalPost(server, dev.jar, papp.client_key, 'login-kit', { action: 'add' })).status, 303);
  const rot = await portalPost(server, dev.jar, papp.client_key, 'rotate-secret', { confirm: 'yes' });
  assert.equal(rot.status, 200);
  const newSecret = rot.text.match(/id="client-secret"[^>]*>([^<]+)</)?.[1];
  assert.ok(newSecret, 'rotated secret shown');
  await portalSignIn(server, dev.email, dev.password);
  const pcc = await server.token({ client_key: papp.client_key, client_secret: newSecret, grant_type: 'client_credentials' });
  assert.equal(pcc.status, 200, pcc.text);
  const badPortal = await server.get('/portal/signin', { jar: new CookieJar() });
  assert.equal(badPortal.status, 200);

  // --- v1 before end of life: query-string and form modes, user info, refresh, revoke
  const domain = `${uniq('ns').toLowerCase()}.example`;
  await setClock(server, utc(2023, 1, 15, 12));
  const legacy = await createLegacyApp(server, { domains: [domain] });
  const { jar: v1jar } = await atDate(server, EOL_DATE - 86400 / 2);
  const webUri = `https://www.${domain}/callback`;
  const c1 = await v1Code(server, v1jar, legacy, webUri);
  const v1t = assertV1TokenSuccess(await v1AccessToken(server, legacy, c1.code), { what: 'v1 query-string exchange' });
  assertV1UserInfoOk(await v1UserInfo(server, { access_token: v1t.access_token, fields: ['open_id', 'display_name'] }));
  const v1r = assertV1TokenSuccess(await v1Refresh(server, legacy, v1t.refresh_token), { what: 'v1 refresh' });
  const c2 = await v1Code(server, v1jar, legacy, webUri);
  const v1f = assertV1TokenSuccess(await v1AccessToken(server, legacy, c2.code, { mode: 'form' }), { what: 'v1 form exchange' });
  assertV1TokenSuccess(await v1Refresh(server, legacy, v1f.refresh_token, { mode: 'form' }), { what: 'v1 refresh (form)' });
  // (v1 revoke disconnects the app from the user: every v1 token of this user and app dies)
  assertV1Success(await v1Revoke(server, v1r.open_id, v1r.access_token, { mode: 'form' }), undefined, 'v1 revoke (form)');
  const c4 = await v1Code(server, v1jar, legacy, webUri);
  assertV1TokenSuccess(await v1AccessToken(server, legacy, c4.code), { what: 'v1 exchange before replay' });
  assertV1Error(await v1AccessToken(server, legacy, c4.code), 10007, 'v1 code replay');
  assertV1Error(await v1AccessToken(server, legacy, 'no-such-code-value', { clientSecret: 'wrong-v1-secret-typed' }), 10013, 'v1 wrong secret');
  return { app, legacy, papp };
}

test('a full flow through every API: no secret, code, token, password or session cookie appears in stdout or stderr', async () => {
  const server = await startServer({ scanLogs: false }); // scanned here, explicitly
  let apps;
  try {
    apps = await fullFlow(server);
  } finally {
    await server.stop();
  }

  // The harness saw every kind of secret (so the scan below means something).
  const kinds = new Set(server.secrets.values());
  for (const kind of KINDS) assert.ok(kinds.has(kind), `the harness remembered a ${kind} (kinds seen: ${[...kinds].join(', ')})`);
  assert.ok(server.secrets.size >= 30, `${server.secrets.size} secrets remembered`);
  // The logs are there and name things (client keys, paths) — just never secrets.
  assert.ok(server.logs.length > 50, `${server.logs.length} log lines`);
  for (const a of [apps.app, apps.legacy, apps.papp]) {
    assert.ok(server.rawStdout.includes(a.client_key), `the log names the client key ${a.client_key}`);
  }

  const found = server.secretsInLogs();
  assert.deepEqual(
    found.map((f) => `${f.kind} in ${f.where}: …${f.excerpt}…`),
    [],
    'no remembered secret appears in the server output',
  );

  // The scan does find a value that is in the output (self-check of the scanner).
  server.secrets.set(apps.app.client_key, 'probe');
  assert.ok(server.secretsInLogs().some((f) => f.kind === 'probe'), 'the scanner finds a value that is in the log');
  server.secrets.delete(apps.app.client_key);
});

test('access log: one JSON line per request with exactly time, log_id, method, path (no query), status, ms, client_key, api_version', async () => {
  const server = await startServer();
  const app = await server.createApp();
  const { jar } = await server.newSignedInUser();
  const t = await server.obtainTokens(jar, app, { state: 'state-with-secret-looking-value' });
  const r = await server.token({ client_key: app.client_key, client_secret: 'wrong-secret-xyz', grant_type: 'client_credentials' });
  const info = await server.userinfo(t.access_token, 'open_id');
  await server.get(`/v2/auth/authorize/?client_key=${app.client_key}&response_type=code&state=abc`);
  await server.request('POST', '/oauth/access_token/?client_key=k&client_secret=s3cr3t-in-query&code=c0de-in-query&grant_type=authorization_code');
  await server.get('/healthz');
  await server.get('/no/such/page?with=query');
  const sent = server.requestCount;
  const deadline = Date.now() + 5000;
  while (server.logs.length < sent && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
  await server.stop();

  assert.equal(server.logs.length, sent, 'exactly one log line per request');
  assert.deepEqual(server.otherLines.filter((l) => l !== 'loginkit stopped'), [], 'stdout holds only the listening line, JSON log lines and the stop line');
  for (const line of server.logs) {
    assert.deepEqual(Object.keys(line).sort(), LOG_FIELDS, `fields of ${JSON.stringify(line)}`);
    assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, `time is ISO 8601 UTC: ${line.time}`);
    assert.match(line.log_id, LOG_ID_RE);
    assert.match(line.method, /^[A-Z]+$/);
    assert.ok(line.path.startsWith('/') && !line.path.includes('?'), `path without query: ${line.path}`);
    assert.equal(typeof line.status, 'number');
    assert.equal(typeof line.ms, 'number');
    assert.ok(line.ms >= 0);
    assert.equal(typeof line.client_key, 'string');
    assert.ok(['v1', 'v2', '-'].includes(line.api_version), `api_version ${line.api_version}`);
  }
  // (lines come in the order requests finish, so look the lines up rather than count them)
  const late = server.logs;
  const tokenLine = late.find((l) => l.log_id === r.body.log_id);
  assert.ok(tokenLine, 'the token answer\'s log_id is in the log');
  assert.equal(tokenLine.client_key, app.client_key, 'the client key of a token request is logged');
  assert.equal(tokenLine.api_version, 'v2');
  assert.equal(tokenLine.method, 'POST');
  assert.match(tokenLine.path, /^\/v2\/oauth\/token\/?$/);
  const infoLine = late.find((l) => l.log_id === info.body.error.log_id);
  assert.ok(infoLine);
  assert.equal(infoLine.status, 200);
  assert.ok(late.some((l) => /^\/oauth\/access_token\/?$/.test(l.path) && l.api_version === 'v1'), 'v1 lines say v1');
  assert.ok(late.some((l) => l.path === '/healthz' && l.api_version === '-'), 'non-API lines say -');
  assert.ok(late.some((l) => l.path === '/no/such/page' && l.status === 404));
  assert.ok(!server.rawStdout.includes('s3cr3t-in-query') && !server.rawStdout.includes('c0de-in-query'), 'query values are not logged');
  assert.ok(!server.rawStdout.includes('state-with-secret-looking-value'), 'authorize query values are not logged');
});
