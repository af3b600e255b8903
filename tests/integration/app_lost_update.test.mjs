// Concurrent admin edits of one app lose nothing (issue: a secret rotation racing a redirect-URI
// edit wrote the old secret hash back, or dropped the URI). Each round sends rotations and
// redirect-URI additions (then removals) at the same moment; afterwards every acknowledged change
// is there: the secret from before the round is dead, one acknowledged new secret works, every
// acknowledged URI is registered (every acknowledged removal gone). 409 conflict answers (the
// registry gave up after repeated collisions) are not acknowledgements.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';

const ROUNDS = 12;
const WIDTH = 3; // rotations and URI edits per round, all in flight at once

let server;
before(async () => {
  // Checking which secrets work presents many stale ones on purpose: not a guesser to slow down.
  server = await startServer({ tables: { limits: { wrong_secret_per_client_address: 0 } } });
});
after(async () => {
  await server?.stop();
});

const secretWorks = async (app, secret) =>
  typeof (await server.token({ client_key: app.client_key, client_secret: secret, grant_type: 'client_credentials' })).body?.access_token === 'string';

async function burst(app, uriEdit) {
  const rotations = Array.from({ length: WIDTH }, () => server.admin('POST', `/admin/v1/apps/${app.client_key}/rotate-secret`, {}));
  const edits = Array.from({ length: WIDTH }, (_, i) => uriEdit(i));
  const [rot, ed] = await Promise.all([Promise.all(rotations), Promise.all(edits)]);
  for (const r of [...rot, ...ed]) assert.ok(r.status === 200 || r.status === 409, `unexpected answer ${r.status} ${r.text}`);
  return { secrets: rot.filter((r) => r.status === 200).map((r) => r.body.client_secret), edits: ed.map((r) => r.status === 200) };
}

async function checkSecrets(app, before, acknowledged) {
  if (acknowledged.length === 0) return before;
  assert.equal(await secretWorks(app, before), false, 'the secret from before the rotations still works: a rotation was undone');
  const working = [];
  for (const s of acknowledged) if (await secretWorks(app, s)) working.push(s);
  assert.equal(working.length, 1, `${working.length} of ${acknowledged.length} acknowledged new secrets work (want exactly the last one)`);
  return working[0];
}

test('rotate-secret racing redirect-URI edits: every acknowledged change survives', { timeout: 120_000 }, async () => {
  const created = await server.createApp();
  const app = { ...created };
  let secret = created.client_secret;
  let acknowledgedEdits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const uris = Array.from({ length: WIDTH }, (_, i) => `https://r${round}-${i}.example.com/cb`);
    const add = await burst(app, (i) => server.admin('POST', `/admin/v1/apps/${app.client_key}/redirect-uris`, { platform: 'web', uri: uris[i] }));
    secret = await checkSecrets(app, secret, add.secrets);
    let now = (await server.admin('GET', `/admin/v1/apps/${app.client_key}`)).body;
    const added = uris.filter((_, i) => add.edits[i]);
    for (const u of added) assert.ok(now.redirect_uris.web.includes(u), `round ${round}: acknowledged URI ${u} lost`);
    acknowledgedEdits += added.length;

    const remove = await burst(app, (i) =>
      added[i]
        ? server.admin('DELETE', `/admin/v1/apps/${app.client_key}/redirect-uris`, { platform: 'web', uri: added[i] })
        : Promise.resolve({ status: 200 }),
    );
    secret = await checkSecrets(app, secret, remove.secrets);
    now = (await server.admin('GET', `/admin/v1/apps/${app.client_key}`)).body;
    for (const [i, u] of added.entries()) {
      if (remove.edits[i]) assert.ok(!now.redirect_uris.web.includes(u), `round ${round}: acknowledged removal of ${u} undone`);
    }
    // Leave room under the 10-per-platform cap for the next round.
    for (const u of now.redirect_uris.web.filter((x) => x.includes(`r${round}-`))) {
      await server.adminOk('DELETE', `/admin/v1/apps/${app.client_key}/redirect-uris`, { platform: 'web', uri: u });
    }
  }
  assert.ok(acknowledgedEdits >= ROUNDS, `only ${acknowledgedEdits} URI additions were acknowledged`);
});

test('login-kit switches changed at the same moment both stick (a body sets only the switches it names)', { timeout: 60_000 }, async () => {
  const app = await server.createApp();
  const path = `/admin/v1/apps/${app.client_key}/login-kit`;
  for (let round = 0; round < ROUNDS; round++) {
    await server.adminOk('PUT', path, { login_kit: true, web: true, require_pkce_web: false });
    const [pkce, web] = await Promise.all([
      server.admin('PUT', path, { require_pkce_web: true }),
      server.admin('PUT', path, { web: false }),
    ]);
    const now = (await server.admin('GET', `/admin/v1/apps/${app.client_key}`)).body;
    if (pkce.status === 200) assert.equal(now.require_pkce_web, true, `round ${round}: acknowledged require_pkce_web=true undone`);
    if (web.status === 200) assert.equal(now.web, false, `round ${round}: acknowledged web=false undone`);
    assert.equal(now.login_kit, true);
  }
});
