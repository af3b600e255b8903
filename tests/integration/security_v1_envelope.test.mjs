// SPEC §3: the v1 error envelope's data holds exactly error_code, description, captcha and
// desc_url; the log id of the answer travels in the X-Tt-Logid header instead.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, LOG_ID_RE } from './lib/server.mjs';
import { v1Post, v1UserInfo } from './lib/v1.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('v1 error envelope data has exactly the four SPEC keys, log id in X-Tt-Logid', async () => {
  for (const [p, params] of [
    ['/oauth/access_token/', { client_key: 'nope', client_secret: 'x', code: 'c', grant_type: 'authorization_code' }],
    ['/oauth/refresh_token/', { client_key: 'nope', grant_type: 'refresh_token', refresh_token: 'r' }],
    ['/oauth/access_token/', {}],
  ]) {
    const r = await v1Post(server, p, params);
    assert.equal(r.status, 200);
    assert.equal(r.body.message, 'error');
    assert.deepEqual(Object.keys(r.body.data).sort(), ['captcha', 'desc_url', 'description', 'error_code'], `${p}: ${r.text}`);
    const logId = r.headers.get('x-tt-logid');
    assert.match(logId ?? '', LOG_ID_RE, `${p}: X-Tt-Logid header`);
    await server.waitForLog((l) => l.log_id === logId); // the header's log id is the logged one
  }
});

test('v1 user info error object has exactly code and message', async () => {
  const r = await v1UserInfo(server, { access_token: 'act.unknown', fields: ['open_id'] });
  assert.equal(r.status, 200);
  assert.equal(r.body.error.code, 10008);
  assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'message'], r.text);
  assert.match(r.headers.get('x-tt-logid') ?? '', LOG_ID_RE);
});
