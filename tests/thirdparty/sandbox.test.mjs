// `loginkit sandbox` (issue 16) as an app team runs it in its tests: started from a seed file,
// spoken to over real TLS under the platform's own host names with the CA it generated, by the
// unchanged npm client arctic, with headless consent, every fault kind and the clock.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TikTok, generateCodeVerifier, generateState } from "arctic";
import { installPlatformDispatcher } from "./sandbox/platform-dispatcher.mjs";
import { startSandbox } from "./sandbox/sandbox.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED = path.join(here, "sandbox", "seed.toml");
const PLATFORM_HOSTS = ["www.tiktok.com", "open.tiktokapis.com"];
const TEAM = {
  key: "awteamsandbox01",
  secret: "team-app-secret-from-their-ci-vault",
  redirect: "https://app.example/callback",
};
const PAGES = {
  key: "awpagessandbox1",
  secret: "pages-app-secret-from-their-ci-vault",
  redirect: "https://app.example/pages-callback",
};
const SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats"];

/** Runs team-app.mjs in its own node process with `env`; resolves with its exit and output. */
function runTeamApp(env) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "./sandbox/platform-dispatcher.mjs", "./sandbox/team-app.mjs"],
      { cwd: here, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

/** The code flow up to the callback, answered by headless consent (no browser). */
async function headlessCode(app, extraParams = {}) {
  const tiktok = new TikTok(app.key, app.secret, app.redirect);
  const state = generateState();
  const verifier = generateCodeVerifier();
  const url = tiktok.createAuthorizationURL(state, verifier, SCOPES.slice(0, 2));
  for (const [k, v] of Object.entries(extraParams)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: "manual" });
  assert.equal(res.status, 302, `authorize answered ${res.status}: ${await res.text()}`);
  const cb = new URL(res.headers.get("location"));
  return { tiktok, verifier, state, cb, code: cb.searchParams.get("code") };
}

async function userInfo(accessToken) {
  const res = await fetch("https://open.tiktokapis.com/v2/user/info/?fields=open_id,display_name", {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return { status: res.status, json: await res.json() };
}

describe("loginkit sandbox", () => {
  let sb;
  before(async () => {
    sb = await startSandbox({ seed: SEED });
    await installPlatformDispatcher({ port: sb.env.LOGINKIT_SANDBOX_PORT, hosts: PLATFORM_HOSTS, ca: sb.ca });
  });
  after(async () => {
    if (sb) {
      const exit = await sb.stop();
      assert.equal(exit.code, 0, `the sandbox exits 0 on SIGTERM\n${sb.stderr()}`);
    }
  });

  test("prints what a test needs to point a process at it", () => {
    const out = sb.stdout();
    assert.match(out, /^loginkit listening on https:\/\/127\.0\.0\.1:\d+$/m);
    assert.ok(out.includes(`CA:        ${sb.env.LOGINKIT_SANDBOX_CA}`), out);
    for (const name of ["NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"]) {
      assert.equal(sb.env[name], sb.env.LOGINKIT_SANDBOX_CA, `${name} names the CA`);
      assert.ok(out.includes(`export ${name}=`), `${name} printed`);
    }
    assert.match(out, /SSL_CERT_FILE=/);
    assert.match(out, /keytool -importcert/);
    assert.match(out, /^ {2}\/etc\/hosts: {2}127\.0\.0\.1 www\.tiktok\.com open\.tiktokapis\.com$/m);
    assert.match(out, /--add-host=www\.tiktok\.com:host-gateway --add-host=open\.tiktokapis\.com:host-gateway/);
    assert.match(out, /curl --connect-to www\.tiktok\.com:443:127\.0\.0\.1:\d+/);
    assert.ok(out.includes(`client_key=${TEAM.key}`), "the seeded client_key is printed as given");
    assert.ok(out.includes(`client_secret=${TEAM.secret}`), "the seeded secret is printed as given");
  });

  test("the team's app, unchanged, runs its whole flow with only the printed environment", async () => {
    const env = { ...process.env, ...sb.env, SANDBOX_DISPATCHER_AUTO: "1" };
    const run = await runTeamApp(env);
    assert.equal(run.code, 0, `team-app failed:\n${run.err}`);
    const result = JSON.parse(run.out);
    assert.match(result.authorizeUrl, /^https:\/\/www\.tiktok\.com\/v2\/auth\/authorize\/?\?/, "the platform's own URL");
    assert.equal(result.callback, TEAM.redirect);
    assert.deepEqual(result.scopes.split(",").sort(), [...SCOPES].sort(), "the seeded consent approves all");
    assert.equal(result.user.display_name, "Alice Sandbox", "the seeded user signed in");
    assert.equal(result.user.follower_count, 1200);
    assert.equal(result.user.is_verified, true);
    assert.equal(result.refreshedAccessToken, "act.");
    assert.equal(result.afterRevoke, "access_token_invalid");

    // Without the printed CA line the platform host's certificate is not trusted: the TLS is real.
    const untrusted = { ...env };
    delete untrusted.NODE_EXTRA_CA_CERTS;
    const refused = await runTeamApp(untrusted);
    assert.notEqual(refused.code, 0, "a process without the CA must not trust the sandbox");
    assert.match(refused.err, /certificate|self[- ]signed|UNABLE_TO|issuer/i);
  });

  test("a per-request login hint signs in a chosen user and approves or denies chosen scopes", async () => {
    const approved = await headlessCode(PAGES, { login_hint: "sandbox:bob:approve:user.info.basic" });
    assert.equal(approved.cb.origin + approved.cb.pathname, PAGES.redirect);
    assert.equal(approved.cb.searchParams.get("scopes"), "user.info.basic", "only the hinted scope");
    const tokens = await approved.tiktok.validateAuthorizationCode(approved.code, approved.verifier);
    const info = await userInfo(tokens.accessToken());
    assert.equal(info.json.data.user.display_name, "Bob Sandbox");

    const denied = await headlessCode(PAGES, { login_hint: "sandbox:bob:deny" });
    assert.equal(denied.cb.searchParams.get("error"), "access_denied");
    assert.equal(denied.cb.searchParams.get("state"), denied.state);
  });

  test("without a hint or a seeded consent the interactive pages answer", async () => {
    const tiktok = new TikTok(PAGES.key, PAGES.secret, PAGES.redirect);
    const url = tiktok.createAuthorizationURL(generateState(), generateCodeVerifier(), SCOPES.slice(0, 1));
    const res = await fetch(url, { redirect: "manual" });
    assert.equal(res.status, 302);
    assert.match(res.headers.get("location"), /^\/account\/signin\?next=/);
  });

  test("fault: the next token call answers a chosen SPEC error, the one after is served", async () => {
    const { tiktok, code, verifier } = await headlessCode(TEAM);
    const armed = await sb.admin("POST", "/admin/v1/sandbox/faults", { endpoint: "token", count: 1, error: "invalid_grant" });
    assert.equal(armed.status, 201, armed.text);
    const faulted = await tiktok.validateAuthorizationCode(code, verifier);
    assert.equal(faulted.data.error, "invalid_grant", JSON.stringify(faulted.data));
    assert.ok(faulted.data.log_id, "the faulted answer has the token endpoint's shape");
    // The fault answered instead of the endpoint: the code was never spent.
    const served = await tiktok.validateAuthorizationCode(code, verifier);
    assert.match(served.accessToken(), /^act\./);
  });

  test("fault: an HTTP 5xx on user info, in user info's error shape", async () => {
    const { tiktok, code, verifier } = await headlessCode(TEAM);
    const tokens = await tiktok.validateAuthorizationCode(code, verifier);
    const armed = await sb.admin("POST", "/admin/v1/sandbox/faults", { endpoint: "user_info", count: 2, status: 503 });
    assert.equal(armed.status, 201, armed.text);
    for (let i = 0; i < 2; i++) {
      const r = await userInfo(tokens.accessToken());
      assert.equal(r.status, 503);
      assert.ok(r.json.error?.code, `user info error shape: ${JSON.stringify(r.json)}`);
    }
    assert.equal((await userInfo(tokens.accessToken())).status, 200, "two faults, then served");
  });

  test("fault: a delay, then the call is served", async () => {
    const { tiktok, code, verifier } = await headlessCode(TEAM);
    const armed = await sb.admin("POST", "/admin/v1/sandbox/faults", { endpoint: "token", delay_ms: 400 });
    assert.equal(armed.status, 201, armed.text);
    const t0 = Date.now();
    const tokens = await tiktok.validateAuthorizationCode(code, verifier);
    assert.ok(Date.now() - t0 >= 400, "the answer waited for the delay");
    assert.match(tokens.accessToken(), /^act\./);
  });

  test("fault: an unknown error code for the endpoint is refused and arms nothing", async () => {
    const r = await sb.admin("POST", "/admin/v1/sandbox/faults", { endpoint: "token", error: "access_token_invalid" });
    assert.equal(r.status, 400, r.text);
    const list = await sb.admin("GET", "/admin/v1/sandbox/faults");
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.faults, [], list.text);
  });

  test("expire a token now, revoke a grant, move the clock", async () => {
    // Expire: the access token is refused at once; the refresh token still works.
    let { tiktok, code, verifier } = await headlessCode(TEAM);
    let tokens = await tiktok.validateAuthorizationCode(code, verifier);
    const exp = await sb.admin("POST", "/admin/v1/sandbox/expire-token", { access_token: tokens.accessToken() });
    assert.equal(exp.status, 200, exp.text);
    assert.equal((await userInfo(tokens.accessToken())).json.error.code, "access_token_invalid");
    const refreshed = await tiktok.refreshAccessToken(tokens.refreshToken());
    assert.equal((await userInfo(refreshed.accessToken())).status, 200);

    // Revoke the grant: every token of it is refused, refresh included.
    const rev = await sb.admin("POST", "/admin/v1/sandbox/revoke-grant", { client_key: TEAM.key, username: "alice" });
    assert.equal(rev.status, 200, rev.text);
    assert.equal((await userInfo(refreshed.accessToken())).json.error.code, "access_token_invalid");
    const afterRevoke = await tiktok.refreshAccessToken(refreshed.refreshToken());
    assert.equal(afterRevoke.data.error, "invalid_grant");

    // The clock: past the access token's two hours it has expired.
    ({ tiktok, code, verifier } = await headlessCode(TEAM));
    tokens = await tiktok.validateAuthorizationCode(code, verifier);
    const clock = await sb.admin("POST", "/admin/v1/clock", { advance: 7201 });
    assert.equal(clock.status, 200, clock.text);
    assert.equal((await userInfo(tokens.accessToken())).json.error.code, "access_token_invalid");
    await sb.admin("POST", "/admin/v1/clock", { advance: -7201 });
  });
});

describe("loginkit sandbox state and seed", () => {
  test("the CA is made once and kept in the state folder across starts", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const state = await mkdtemp(path.join(tmpdir(), "loginkit-sandbox-state-"));
    const first = await startSandbox({ seed: SEED, state });
    assert.match(first.stdout(), /\(made now\)/);
    const ca = await readFile(first.env.LOGINKIT_SANDBOX_CA, "utf8");
    await first.stop();
    const second = await startSandbox({ seed: SEED, state });
    assert.match(second.stdout(), /kept from an earlier run/);
    assert.equal(await readFile(second.env.LOGINKIT_SANDBOX_CA, "utf8"), ca, "the same CA");
    await second.stop();
    await rm(state, { recursive: true, force: true });
  });

  test("a seed file with a mistake is refused with its line, and nothing serves", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(path.join(tmpdir(), "loginkit-bad-seed-"));
    const bad = path.join(dir, "seed.toml");
    await writeFile(bad, '[[apps]]\nname = "X"\nclient_key = "awbadseed01"\nscopes = ["user.info.basic"]\nredirect_urls = {}\n');
    await assert.rejects(startSandbox({ seed: bad }), /seed\.toml:5|redirect_urls/);
    await rm(dir, { recursive: true, force: true });
  });
});
