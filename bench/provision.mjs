#!/usr/bin/env node
// Provisions one app and one user on a running loginkit through the admin API, then gets one
// user access token through the real code flow (sign-in form, consent form, token exchange
// with PKCE). bench/store.sh takes the app's latest grant (this one) as the template of every
// seeded row. Node built-ins only.
//
// Usage: node bench/provision.mjs BASE_URL ADMIN_TOKEN [OPS_URL]
// (OPS_URL: the operations listener that serves the admin API; default BASE_URL)
// Prints shell assignments (single-quoted) on stdout for `eval`:
//   CLIENT_KEY, CLIENT_SECRET, TOKEN_BODY (url-encoded client_credentials form), ACCESS_TOKEN,
//   OPEN_ID, REDIRECT_URI, CODE_BODY_PREFIX / REFRESH_BODY_PREFIX (url-encoded authorization_code /
//   refresh_token forms ending in "&code=" / "&refresh_token=", for wrk.lua to append a secret)
import { createHash, randomBytes } from "node:crypto";

const [base, adminToken, opsBase = base] = process.argv.slice(2);
if (!base || !adminToken) {
  console.error("usage: provision.mjs BASE_URL ADMIN_TOKEN [OPS_URL]");
  process.exit(2);
}
const REDIRECT_URI = "https://app.example/callback";
const SCOPES = "user.info.basic,user.info.profile";
const USERNAME = "bench_user";
const PASSWORD = "bench password 123";

function fail(msg) {
  console.error(`provision: ${msg}`);
  process.exit(1);
}

async function admin(method, path, body) {
  const res = await fetch(opsBase + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) fail(`${method} ${path} -> ${res.status} ${text}`);
  return JSON.parse(text);
}

const jar = new Map();
async function browse(url, { method = "GET", form } = {}) {
  const headers = {};
  if (jar.size) headers.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  let body;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(new URL(url, base), { method, headers, body, redirect: "manual" });
  for (const sc of res.headers.getSetCookie()) {
    const first = sc.split(";")[0];
    const eq = first.indexOf("=");
    if (eq > 0) jar.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
  }
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

const unescapeHtml = (s) =>
  s.replace(/&quot;/g, '"').replace(/&#0*39;|&#x0*27;/gi, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** [name, value] pairs of the hidden inputs and ticked checkboxes of the form posting to `action`. */
function formFields(html, action) {
  const norm = (p) => p.replace(/\/+$/, "");
  for (const f of html.match(/<form\b[\s\S]*?<\/form>/gi) ?? []) {
    const a = /action\s*=\s*["']([^"']*)["']/i.exec(f);
    if (!a || norm(unescapeHtml(a[1]).split("?")[0]) !== norm(action)) continue;
    const out = [];
    for (const tag of f.match(/<input\b[^>]*>/gi) ?? []) {
      const attr = (n) => {
        const m = new RegExp(`\\b${n}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(tag);
        return m ? unescapeHtml(m[1] ?? m[2]) : undefined;
      };
      const name = attr("name");
      const type = (attr("type") ?? "text").toLowerCase();
      if (!name || type === "submit") continue;
      if ((type === "checkbox" || type === "radio") && !/\bchecked\b/i.test(tag)) continue;
      out.push([name, attr("value") ?? ""]);
    }
    return out;
  }
  fail(`no form posting to ${action} in:\n${html.slice(0, 1500)}`);
}

await admin("POST", "/admin/v1/users", { username: USERNAME, password: PASSWORD, display_name: "Bench User" });
const app = await admin("POST", "/admin/v1/apps", {
  name: "Bench App",
  scopes: SCOPES.split(","),
  login_kit: true,
  web: true,
  redirect_uris: { web: [REDIRECT_URI] },
});

const verifier = randomBytes(32).toString("base64url");
const challenge = createHash("sha256").update(verifier).digest("base64url");
const q = new URLSearchParams({
  client_key: app.client_key,
  response_type: "code",
  scope: SCOPES,
  redirect_uri: REDIRECT_URI,
  state: "bench",
  code_challenge: challenge,
  code_challenge_method: "S256",
});
let r = await browse(`/v2/auth/authorize/?${q}`);
if (r.status !== 302 || !r.location) fail(`authorize without session -> ${r.status} (want 302 to sign-in)`);
r = await browse(r.location);
if (r.status !== 200) fail(`sign-in page -> ${r.status}`);
const signin = formFields(r.text, "/account/signin").filter(([n]) => n !== "username" && n !== "password");
r = await browse("/account/signin", { method: "POST", form: [...signin, ["username", USERNAME], ["password", PASSWORD]] });
if (r.status !== 303 || !r.location) fail(`sign-in POST -> ${r.status} (want 303)`);
r = await browse(r.location);
if (r.status !== 200) fail(`consent page -> ${r.status} ${r.location ?? ""}`);
const consent = formFields(r.text, "/v2/auth/authorize/");
r = await browse("/v2/auth/authorize/", { method: "POST", form: [...consent, ["decision", "approve"]] });
if (r.status !== 302 || !r.location) fail(`consent POST -> ${r.status} (want 302)`);
const code = new URL(r.location).searchParams.get("code");
if (!code) fail(`no code in callback ${r.location}`);

let res = await fetch(new URL("/v2/oauth/token/", base), {
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({
    client_key: app.client_key,
    client_secret: app.client_secret,
    code,
    grant_type: "authorization_code",
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  }),
});
const tok = await res.json();
if (!tok.access_token) fail(`token exchange -> ${res.status} ${JSON.stringify(tok)}`);
// bench/seed.mjs mints codes and refresh tokens in this shape (`<id>.<secret>`, `rft.<id>.<secret>`):
// a server that mints another one would not accept the seeded ones either.
const SECRET = "[A-Za-z0-9_-]{43}";
if (!new RegExp(`^[1-9][0-9]*\\.${SECRET}$`).test(code)) fail(`unexpected code shape ${code}`);
if (!new RegExp(`^rft\\.[1-9][0-9]*\\.${SECRET}$`).test(tok.refresh_token ?? "")) {
  fail(`unexpected refresh token shape ${tok.refresh_token}`);
}

// Check both benchmarked requests once before measuring them.
const tokenBody = new URLSearchParams({
  grant_type: "client_credentials",
  client_key: app.client_key,
  client_secret: app.client_secret,
}).toString();
res = await fetch(new URL("/v2/oauth/token/", base), {
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  body: tokenBody,
});
const cc = await res.json();
if (res.status !== 200 || !String(cc.access_token ?? "").startsWith("clt.")) fail(`client_credentials -> ${res.status} ${JSON.stringify(cc)}`);
res = await fetch(new URL("/v2/user/info/?fields=open_id,display_name", base), {
  headers: { Authorization: `Bearer ${tok.access_token}` },
});
const ui = await res.json();
if (res.status !== 200 || ui?.error?.code !== "ok") fail(`user info -> ${res.status} ${JSON.stringify(ui)}`);

const sq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
console.log(`CLIENT_KEY=${sq(app.client_key)}`);
console.log(`CLIENT_SECRET=${sq(app.client_secret)}`);
console.log(`TOKEN_BODY=${sq(tokenBody)}`);
console.log(`ACCESS_TOKEN=${sq(tok.access_token)}`);
console.log(`OPEN_ID=${sq(tok.open_id)}`);
console.log(`REDIRECT_URI=${sq(REDIRECT_URI)}`);
const clientForm = { client_key: app.client_key, client_secret: app.client_secret };
const codePrefix = new URLSearchParams({ grant_type: "authorization_code", ...clientForm, redirect_uri: REDIRECT_URI });
const refreshPrefix = new URLSearchParams({ grant_type: "refresh_token", ...clientForm });
console.log(`CODE_BODY_PREFIX=${sq(`${codePrefix}&code=`)}`);
console.log(`REFRESH_BODY_PREFIX=${sq(`${refreshPrefix}&refresh_token=`)}`);
