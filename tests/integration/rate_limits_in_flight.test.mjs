// limits.wrong_secret_per_client_address counts failed client authentications, not requests in
// flight: a busy client with more concurrent requests from one address than the limit (each waiting
// for its client's row or its commit) gets all of them answered, on either engine, while wrong
// secrets are still refused past the limit, even when they all arrive at once (each attempt is
// counted in the same step that judges it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';

const LIMIT = 3;
const CONCURRENT = 20;
const backend = { 'x-forwarded-for': '198.51.100.20' };

function tally(answers) {
  const statuses = {};
  for (const r of answers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return statuses;
}

async function withServer(fn) {
  const server = await startServer({
    tables: { http: { trusted_proxies: ['127.0.0.1'] }, limits: { wrong_secret_per_client_address: LIMIT } },
  });
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

test(`${CONCURRENT} concurrent authenticated token, exchange and revoke requests from one address all succeed (limit ${LIMIT})`, async () => {
  await withServer(async (server) => {
    const app = await server.createApp();
    const creds = { client_key: app.client_key, client_secret: app.client_secret };

    const issued = await Promise.all(
      Array.from({ length: CONCURRENT }, () => server.token({ ...creds, grant_type: 'client_credentials' }, { headers: backend })),
    );
    assert.deepEqual(tally(issued), { 200: CONCURRENT }, `client_credentials: ${JSON.stringify(tally(issued))}`);
    assert.ok(issued.every((r) => r.body?.access_token), 'every one carries a token');

    // Revocations write durably (each waits for its commit): many are in flight at once.
    const revoked = await Promise.all(
      issued.map((r) => server.revoke({ ...creds, token: r.body.access_token }, { headers: backend })),
    );
    assert.deepEqual(tally(revoked), { 200: CONCURRENT }, `revoke: ${JSON.stringify(tally(revoked))}`);

    // Code exchanges write durably too (the code is spent, a refresh token stored).
    const { jar } = await server.newSignedInUser();
    const codes = [];
    for (let i = 0; i < CONCURRENT; i++) codes.push(await server.authorizeCode(jar, app));
    const exchanged = await Promise.all(
      codes.map(({ code, redirectUri }) =>
        server.token({ ...creds, code, grant_type: 'authorization_code', redirect_uri: redirectUri }, { headers: backend }),
      ),
    );
    assert.deepEqual(tally(exchanged), { 200: CONCURRENT }, `authorization_code: ${JSON.stringify(tally(exchanged))}`);
    assert.ok(exchanged.every((r) => r.body?.refresh_token), 'every exchange carries tokens');

    // None of that counted as a failure: the limit is still whole for wrong secrets.
    const wrong = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      wrong.push((await server.token({ ...creds, client_secret: 'not-the-secret', grant_type: 'client_credentials' }, { headers: backend })).status);
    }
    assert.deepEqual(wrong, [...Array(LIMIT).fill(200), 429], `wrong secrets: ${wrong}`);
  });
});

test(`${CONCURRENT} concurrent wrong secrets from one address: at most ${LIMIT} are evaluated, the rest 429`, async () => {
  await withServer(async (server) => {
    const app = await server.createApp();
    const guesses = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        server.token({ client_key: app.client_key, client_secret: `guess-${i}`, grant_type: 'client_credentials' }, { headers: backend }),
      ),
    );
    const statuses = tally(guesses);
    assert.ok((statuses[200] ?? 0) <= LIMIT, `at most ${LIMIT} evaluated: ${JSON.stringify(statuses)}`);
    assert.ok(guesses.every((r) => !r.body?.access_token), 'no guess gets a token');
    assert.equal((statuses[200] ?? 0) + (statuses[429] ?? 0), CONCURRENT, JSON.stringify(statuses));
    const after = await server.token({ client_key: app.client_key, client_secret: 'again', grant_type: 'client_credentials' }, { headers: backend });
    assert.equal(after.status, 429, 'and the next one too');
    // The real client from another address is untouched.
    const own = await server.token(
      { client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' },
      { headers: { 'x-forwarded-for': '192.0.2.7' } },
    );
    assert.ok(own.body?.access_token, `the real client is not locked out: ${own.text}`);
  });
});
