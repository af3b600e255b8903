// Proves that an UNCHANGED third-party TikTok OAuth client, arctic's `TikTok` provider
// (npm "arctic", pinned in package-lock.json), works against loginkit.
//
// arctic hard-codes https://www.tiktok.com and https://open.tiktokapis.com. Its code is not
// touched: this test only (1) takes the authorization URL arctic builds and swaps its origin for
// loginkit's, as a browser pointed at loginkit would, and (2) wraps globalThis.fetch so that
// requests for those two hosts go to loginkit with the same method, path, query, headers and body
// (what a hosts-file entry or a forward proxy would do).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { OAuth2RequestError, OAuth2Tokens, TikTok, generateCodeVerifier, generateState } from "arctic";
import { CookieJar, browse, parseForm, startLoginkit } from "./lib/loginkit.mjs";

const TIKTOK_HOSTS = new Set(["www.tiktok.com", "open.tiktokapis.com"]);
const REDIRECT_URI = "https://app.example/callback";
const SCOPES = ["user.info.basic", "user.info.profile"];
const PASSWORD = "correct horse battery staple";

const realFetch = globalThis.fetch;

/** Routes requests for the TikTok hosts to `base`; records what it rewrote in `seen`. */
function installRewritingFetch(getBase, seen) {
  globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    const u = new URL(req.url);
    if (!TIKTOK_HOSTS.has(u.host)) return realFetch(req);
    seen.push(`${req.method} ${u.host}${u.pathname}`);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer();
    return realFetch(getBase() + u.pathname + u.search, {
      method: req.method,
      headers: req.headers,
      body,
      redirect: "manual",
    });
  };
}

/** Only the origin of arctic's authorization URL is replaced; path and query stay as built. */
function toLoginkit(base, arcticUrl) {
  assert.equal(arcticUrl.origin, "https://www.tiktok.com", "arctic builds its URL for www.tiktok.com");
  return base + arcticUrl.pathname + arcticUrl.search;
}

let userSeq = 0;
async function newUser(server, displayName) {
  const username = `tp_user_${++userSeq}_${Date.now()}`;
  const r = await server.admin("POST", "/admin/v1/users", {
    username,
    password: PASSWORD,
    display_name: displayName,
    bio_description: "made by the arctic test",
  });
  assert.equal(r.status, 201, `create user: ${r.status} ${r.text}`);
  return { username, displayName };
}

async function newApp(server, name) {
  const r = await server.admin("POST", "/admin/v1/apps", {
    name,
    scopes: SCOPES,
    login_kit: true,
    web: true,
    require_pkce_web: false,
    redirect_uris: { web: [REDIRECT_URI] },
  });
  assert.equal(r.status, 201, `create app: ${r.status} ${r.text}`);
  assert.ok(r.json.client_key, "app has a client_key");
  assert.ok(r.json.client_secret, "app creation shows the client_secret");
  return { clientKey: r.json.client_key, clientSecret: r.json.client_secret, name };
}

/**
 * A person's browser: opens the authorize URL, is sent to sign-in, signs in, sees the consent
 * page and clicks `decision`. Returns the callback URL loginkit redirected to.
 */
async function browserAuthorize(server, authorizeUrl, user, app, decision = "approve") {
  const jar = new CookieJar();
  const base = server.base;

  const r1 = await browse(jar, authorizeUrl);
  assert.equal(r1.status, 302, `authorize without session should 302 to sign-in, got ${r1.status}: ${r1.text.slice(0, 300)}`);
  const signinUrl = new URL(r1.location, base);
  assert.equal(signinUrl.pathname.replace(/\/$/, ""), "/account/signin", `redirected to ${r1.location}`);
  const next = signinUrl.searchParams.get("next");
  assert.ok(next && next.startsWith("/"), `next is a local path: ${next}`);
  const nextUrl = new URL(next, base);
  const wanted = new URL(authorizeUrl);
  assert.equal(nextUrl.pathname.replace(/\/$/, ""), wanted.pathname.replace(/\/$/, ""), "next keeps the authorize path");
  assert.deepEqual(
    [...nextUrl.searchParams].sort(),
    [...wanted.searchParams].sort(),
    "next keeps every authorize query parameter",
  );

  const r2 = await browse(jar, base + signinUrl.pathname + signinUrl.search);
  assert.equal(r2.status, 200, `sign-in page: ${r2.status}`);
  assert.ok(jar.has("lk_pre"), "sign-in page sets lk_pre");
  const signinForm = parseForm(r2.text, "/account/signin");
  assert.equal(signinForm.method, "post");
  const fields = new Map(signinForm.fields);
  assert.ok(fields.get("csrf"), "sign-in form has a csrf hidden input");
  assert.equal(fields.get("next"), next, "sign-in form carries next");
  fields.set("username", user.username);
  fields.set("password", PASSWORD);

  const r3 = await browse(jar, base + "/account/signin", { method: "POST", form: [...fields] });
  assert.equal(r3.status, 303, `sign-in POST: ${r3.status} ${r3.text.slice(0, 300)}`);
  assert.ok(jar.has("lk_session"), "sign-in sets lk_session");
  assert.equal(r3.location, next, "sign-in redirects to next");

  const r4 = await browse(jar, new URL(r3.location, base).href);
  assert.equal(r4.status, 200, `consent page: ${r4.status} ${r4.location ?? ""} ${r4.text.slice(0, 300)}`);
  assert.ok(r4.text.includes(app.name), "consent page names the app");
  const consent = parseForm(r4.text, "/v2/auth/authorize/");
  assert.equal(consent.method, "post");
  const decisions = consent.buttons.filter(([n]) => n === "decision").map(([, v]) => v).sort();
  assert.deepEqual(decisions, ["approve", "deny"], "consent form has approve and deny buttons");
  const cf = new Map(consent.fields);
  for (const k of ["csrf", "client_key", "response_type", "scope", "redirect_uri", "state", "code_challenge", "code_challenge_method"]) {
    assert.ok(cf.has(k), `consent form has hidden ${k}`);
  }
  assert.equal(cf.get("client_key"), app.clientKey);
  assert.equal(cf.get("redirect_uri"), REDIRECT_URI);
  const granted = consent.fields.filter(([n]) => n === "granted").map(([, v]) => v);
  assert.deepEqual(granted, ["user.info.profile"], "one ticked checkbox per optional scope");

  const r5 = await browse(jar, base + "/v2/auth/authorize/", {
    method: "POST",
    form: [...consent.fields, ["decision", decision]],
  });
  assert.equal(r5.status, 302, `consent POST: ${r5.status} ${r5.text.slice(0, 300)}`);
  const cb = new URL(r5.location);
  assert.equal(cb.origin + cb.pathname, REDIRECT_URI, `redirected to the registered URI: ${r5.location}`);
  return cb;
}

async function userInfo(accessToken, fields = "open_id,display_name") {
  // Sent to the real platform host name; the fetch wrapper routes it to loginkit.
  const res = await fetch(`https://open.tiktokapis.com/v2/user/info/?fields=${fields}`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`user info answered non-JSON (${res.status}): ${text.slice(0, 300)}`);
  }
  return { status: res.status, json };
}

/** Start to code: arctic builds the URL, a browser signs in and approves. */
async function codeFlow(server, app, user) {
  const tiktok = new TikTok(app.clientKey, app.clientSecret, REDIRECT_URI);
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const url = tiktok.createAuthorizationURL(state, codeVerifier, SCOPES);
  const cb = await browserAuthorize(server, toLoginkit(server.base, url), user, app);
  assert.equal(cb.searchParams.get("state"), state, "state echoed byte for byte");
  const code = cb.searchParams.get("code");
  assert.ok(code, `callback has a code: ${cb.href}`);
  return { tiktok, code, codeVerifier, state, cb };
}

describe("arctic TikTok provider against loginkit (platform error statuses)", () => {
  let server;
  const seen = [];
  let app;

  before(async () => {
    server = await startLoginkit();
    installRewritingFetch(() => server.base, seen);
    app = await newApp(server, "Arctic Demo App");
  });

  after(async () => {
    globalThis.fetch = realFetch;
    if (server) {
      const exit = await server.stop();
      assert.equal(exit.code, 0, `loginkit exits 0 on SIGTERM (got ${JSON.stringify(exit)})\n${server.stderr()}`);
    }
  });

  test("code flow with PKCE, refresh, user info, revoke", async () => {
    const user = await newUser(server, "Alice Arctic");
    const { tiktok, code, codeVerifier, cb } = await codeFlow(server, app, user);

    // Callback: URL-safe code, plural `scopes`, never `iss`.
    assert.match(code, /^[A-Za-z0-9._~-]+$/, "code uses URL-safe characters only");
    assert.deepEqual((cb.searchParams.get("scopes") ?? "").split(",").sort(), [...SCOPES].sort());
    assert.equal(cb.searchParams.has("iss"), false, "no iss parameter");

    // arctic: authorization code -> tokens.
    seen.length = 0;
    const tokens = await tiktok.validateAuthorizationCode(code, codeVerifier);
    assert.ok(tokens instanceof OAuth2Tokens);
    assert.deepEqual(seen, ["POST open.tiktokapis.com/v2/oauth/token/"], "arctic called the token endpoint");
    assert.equal(tokens.data.error, undefined, `token exchange failed: ${JSON.stringify(tokens.data)}`);
    assert.match(tokens.accessToken(), /^act\./);
    assert.match(tokens.refreshToken(), /^rft\./);
    assert.equal(tokens.tokenType(), "Bearer");
    assert.equal(tokens.accessTokenExpiresInSeconds(), 7200);
    assert.equal(typeof tokens.data.open_id, "string");
    assert.ok(tokens.data.open_id.length > 0);
    assert.equal(typeof tokens.data.refresh_expires_in, "number");
    assert.ok(tokens.data.refresh_expires_in > 0 && tokens.data.refresh_expires_in <= 15552000);
    assert.deepEqual(tokens.data.scope.split(",").sort(), [...SCOPES].sort());
    const openId = tokens.data.open_id;

    // arctic: refresh (rotates).
    seen.length = 0;
    const refreshed = await tiktok.refreshAccessToken(tokens.refreshToken());
    assert.deepEqual(seen, ["POST open.tiktokapis.com/v2/oauth/token/"]);
    assert.equal(refreshed.data.error, undefined, `refresh failed: ${JSON.stringify(refreshed.data)}`);
    assert.match(refreshed.accessToken(), /^act\./);
    assert.match(refreshed.refreshToken(), /^rft\./);
    assert.notEqual(refreshed.accessToken(), tokens.accessToken());
    assert.notEqual(refreshed.refreshToken(), tokens.refreshToken(), "refresh token rotates");
    assert.equal(refreshed.data.open_id, openId);
    assert.ok(refreshed.data.refresh_expires_in <= tokens.data.refresh_expires_in, "refresh deadline is fixed");

    // User info (arctic has no user-info call for TikTok, so the app fetches it itself).
    for (const at of [refreshed.accessToken(), tokens.accessToken()]) {
      const ui = await userInfo(at);
      assert.equal(ui.status, 200, `user info: ${JSON.stringify(ui.json)}`);
      assert.equal(ui.json.error?.code, "ok");
      assert.equal(ui.json.data?.user?.open_id, openId);
      assert.equal(ui.json.data?.user?.display_name, "Alice Arctic");
    }

    // arctic: revoke.
    seen.length = 0;
    await tiktok.revokeToken(refreshed.accessToken());
    assert.deepEqual(seen, ["POST open.tiktokapis.com/v2/oauth/revoke/"], "arctic called the revoke endpoint");

    // After revoke: the access token is refused, and so is every other token of the grant.
    const gone = await userInfo(refreshed.accessToken());
    assert.equal(gone.status, 401, `user info after revoke: ${gone.status} ${JSON.stringify(gone.json)}`);
    assert.equal(gone.json.error?.code, "access_token_invalid");
    assert.ok(!gone.json.data || Object.keys(gone.json.data).length === 0, "data is empty on error");
    assert.ok(gone.json.error?.log_id, "error carries a log_id");
    // The log line may be written just after the answer: give it a moment.
    const logged = () => server.logLines().some((l) => l.log_id === gone.json.error.log_id && l.status === 401);
    for (let i = 0; i < 40 && !logged(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(logged(), "the error's log_id is in the server log with status 401");

    const goneToo = await userInfo(tokens.accessToken());
    assert.equal(goneToo.status, 401, "the earlier access token of the same grant is revoked too");
    assert.equal(goneToo.json.error?.code, "access_token_invalid");

    // Platform error status (HTTP 200): arctic hands the error body back as OAuth2Tokens.
    const afterRevoke = await tiktok.refreshAccessToken(refreshed.refreshToken());
    assert.equal(afterRevoke.data.error, "invalid_grant", `refresh after revoke: ${JSON.stringify(afterRevoke.data)}`);
    assert.throws(() => afterRevoke.accessToken());

    // Revoking again (already revoked) is still a success for arctic.
    await tiktok.revokeToken(refreshed.accessToken());
  });

  test("consent denied: callback carries error=access_denied and the state", async () => {
    const user = await newUser(server, "Denise Deny");
    const tiktok = new TikTok(app.clientKey, app.clientSecret, REDIRECT_URI);
    const state = generateState();
    const url = tiktok.createAuthorizationURL(state, generateCodeVerifier(), SCOPES);
    const cb = await browserAuthorize(server, toLoginkit(server.base, url), user, app, "deny");
    assert.equal(cb.searchParams.get("error"), "access_denied");
    assert.equal(cb.searchParams.get("state"), state);
    assert.equal(cb.searchParams.has("code"), false);
  });

  test("replayed code is refused and revokes the tokens issued from it", async () => {
    const user = await newUser(server, "Rita Replay");
    const { tiktok, code, codeVerifier } = await codeFlow(server, app, user);
    const tokens = await tiktok.validateAuthorizationCode(code, codeVerifier);
    assert.equal(tokens.data.error, undefined, JSON.stringify(tokens.data));
    assert.equal((await userInfo(tokens.accessToken())).status, 200);

    const replay = await tiktok.validateAuthorizationCode(code, codeVerifier);
    assert.equal(replay.data.error, "invalid_grant", `replay: ${JSON.stringify(replay.data)}`);
    assert.ok(replay.data.log_id, "error carries a log_id");

    const ui = await userInfo(tokens.accessToken());
    assert.equal(ui.status, 401, "tokens from a replayed code are revoked");
    assert.equal(ui.json.error?.code, "access_token_invalid");
  });

  test("reusing a rotated refresh token is refused and ends the token family", async () => {
    const user = await newUser(server, "Rob Rotate");
    const { tiktok, code, codeVerifier } = await codeFlow(server, app, user);
    const t0 = await tiktok.validateAuthorizationCode(code, codeVerifier);
    assert.equal(t0.data.error, undefined, JSON.stringify(t0.data));
    const t1 = await tiktok.refreshAccessToken(t0.refreshToken());
    assert.equal(t1.data.error, undefined, JSON.stringify(t1.data));

    const reuse = await tiktok.refreshAccessToken(t0.refreshToken());
    assert.equal(reuse.data.error, "invalid_grant", `reuse: ${JSON.stringify(reuse.data)}`);
    const next = await tiktok.refreshAccessToken(t1.refreshToken());
    assert.equal(next.data.error, "invalid_grant", `family revoked: ${JSON.stringify(next.data)}`);
  });
});

describe("arctic TikTok provider against loginkit (error_status = \"rfc\")", () => {
  let server;
  const seen = [];
  let app;

  before(async () => {
    server = await startLoginkit({ extraConfig: '[oauth]\nerror_status = "rfc"\n' });
    installRewritingFetch(() => server.base, seen);
    app = await newApp(server, "Arctic RFC App");
  });

  after(async () => {
    globalThis.fetch = realFetch;
    if (server) await server.stop();
  });

  test("a wrong code_verifier makes arctic throw OAuth2RequestError(invalid_grant)", async () => {
    const user = await newUser(server, "Vera Verifier");
    const { tiktok, code } = await codeFlow(server, app, user);
    await assert.rejects(
      tiktok.validateAuthorizationCode(code, generateCodeVerifier()),
      (e) => {
        assert.ok(e instanceof OAuth2RequestError, `expected OAuth2RequestError, got ${e?.constructor?.name}: ${e?.message} ${JSON.stringify(e?.data ?? "")}`);
        assert.equal(e.code, "invalid_grant");
        return true;
      },
    );
  });

  test("a wrong client secret makes arctic throw OAuth2RequestError(invalid_client)", async () => {
    const bad = new TikTok(app.clientKey, "not-the-secret", REDIRECT_URI);
    await assert.rejects(bad.refreshAccessToken("rft.nothing"), (e) => {
      assert.ok(e instanceof OAuth2RequestError, `expected OAuth2RequestError, got ${e?.constructor?.name}: ${e?.message} status=${e?.status}`);
      assert.equal(e.code, "invalid_client");
      return true;
    });
    await assert.rejects(bad.revokeToken("act.nothing"), (e) => {
      assert.ok(e instanceof OAuth2RequestError, `expected OAuth2RequestError, got ${e?.constructor?.name}: ${e?.message} status=${e?.status}`);
      assert.equal(e.code, "invalid_client");
      return true;
    });
  });
});
