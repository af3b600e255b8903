// The sandbox's inspector page (issue 16) in a real browser: chromium reaches the sandbox under
// the platform's host name (host-resolver rule = the /etc/hosts line), over TLS whose server key
// it is told to trust (as a CA import would), signs in to the portal as the seeded developer and
// watches the app's requests arrive, newest first, secrets masked, with migration hints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, REPO, TEST_TIMEOUT, shot, writeShotIndex } from './lib/e2e.mjs';
import { installPlatformDispatcher } from '../thirdparty/sandbox/platform-dispatcher.mjs';
import { startSandbox } from '../thirdparty/sandbox/sandbox.mjs';

const SEED = path.join(REPO, 'tests/thirdparty/sandbox/seed.toml');
const KEY = 'awteamsandbox01';
const SECRET = 'team-app-secret-from-their-ci-vault';
const API = 'https://open.tiktokapis.com';

function form(fields) {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

describe('sandbox inspector page', { timeout: TEST_TIMEOUT }, () => {
  let sb;
  let browser;
  before(async () => {
    sb = await startSandbox({ seed: SEED });
    await installPlatformDispatcher({ port: sb.env.LOGINKIT_SANDBOX_PORT, hosts: ['www.tiktok.com', 'open.tiktokapis.com'], ca: sb.ca });
    const leaf = new X509Certificate(await readFile(path.join(sb.stateDir, 'server.pem')));
    const spki = createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    const port = sb.env.LOGINKIT_SANDBOX_PORT;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--host-resolver-rules=MAP www.tiktok.com 127.0.0.1:${port}, MAP open.tiktokapis.com 127.0.0.1:${port}, MAP * ~NOTFOUND`,
        `--ignore-certificate-errors-spki-list=${spki}`,
      ],
    });
  });
  after(async () => {
    writeShotIndex('sandbox_inspector');
    if (browser) await browser.close();
    if (sb) await sb.stop();
  });

  test('lists the app requests live, masks secrets, gives migration hints', async () => {
    // A v1 call, a JSON body at the v2 token endpoint, an unregistered redirect URI, a good call.
    await fetch(`${API}/oauth/access_token/`, form({ client_key: KEY, client_secret: SECRET, code: 'nope', grant_type: 'authorization_code' }));
    await fetch(`${API}/v2/oauth/token/`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_key: KEY, client_secret: SECRET, grant_type: 'client_credentials' }),
    });
    await fetch(`https://www.tiktok.com/v2/auth/authorize/?client_key=${KEY}&response_type=code&scope=user.info.basic&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&state=s1`, { redirect: 'manual' });
    const good = await fetch(`${API}/v2/oauth/token/`, form({ client_key: KEY, client_secret: SECRET, grant_type: 'client_credentials' }));
    assert.equal(good.status, 200);

    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto('https://www.tiktok.com/portal/signin');
    await page.fill('#email', 'team@sandbox.test');
    await page.fill('#password', 'team-portal-password');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const r = await page.goto(`https://www.tiktok.com/portal/apps/${KEY}/inspector`);
    assert.equal(r.status(), 200);
    assert.equal(new URL(page.url()).protocol, 'https:', 'over TLS under the platform host name');
    await shot(page, 'sandbox-inspector', 'the inspector after four requests');

    const rows = page.locator('#inspector tbody tr[data-endpoint]');
    assert.ok((await rows.count()) >= 4, `four requests listed, got ${await rows.count()}`);
    // Newest first: the good client_credentials call.
    assert.equal(await rows.nth(0).getAttribute('data-status'), '200');
    const text = await page.locator('#inspector').innerText();
    assert.ok(!text.includes(SECRET), 'the client secret is never shown');
    assert.match(text, /2024-02-29/, 'the v1 call names its end-of-life date');
    assert.match(text, /\/v2\/oauth\/token/, 'and the v2 call to use instead');
    assert.match(text, /form/i, 'a JSON body gets the form hint');
    assert.match(text, /redirect_uri|redirect URI/i, 'the unregistered redirect URI gets its rule');

    // Live: a new request appears without any action in the page.
    const before = await rows.count();
    await fetch(`${API}/v2/oauth/revoke/`, form({ client_key: KEY, client_secret: SECRET, token: 'act.unknown' }));
    // The page refreshes itself: count rows across its reloads (a count taken mid-reload retries).
    let now = before;
    for (const deadline = Date.now() + 8000; now <= before && Date.now() < deadline; ) {
      await page.waitForTimeout(250);
      now = await rows.count().catch(() => before);
    }
    assert.ok(now > before, 'the new request appeared on its own');
    await page.waitForLoadState('load');
    assert.equal(await rows.nth(0).getAttribute('data-endpoint'), 'revoke');
    await shot(page, 'sandbox-inspector-live', 'a revoke arrived while the page was open');
    await context.close();
  });
});
