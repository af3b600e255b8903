// A team's app as it runs against the real platform, started by the sandbox tests in its own
// process the way a team's CI step would start it. Its configuration (client key and secret,
// redirect URI) is what the platform issued it; nothing in this file knows about the sandbox.
// The process's environment (sandbox.env) supplies the trust (NODE_EXTRA_CA_CERTS) and the
// --import'ed platform-dispatcher.mjs stands in for the /etc/hosts line.
import { TikTok, generateCodeVerifier, generateState } from "arctic";

const CLIENT_KEY = "awteamsandbox01";
const CLIENT_SECRET = "team-app-secret-from-their-ci-vault";
const REDIRECT_URI = "https://app.example/callback";
const SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats"];

const tiktok = new TikTok(CLIENT_KEY, CLIENT_SECRET, REDIRECT_URI);
const state = generateState();
const verifier = generateCodeVerifier();
const authorizeUrl = tiktok.createAuthorizationURL(state, verifier, SCOPES);

// CI has no browser: the sandbox's headless consent answers as the seeded user approving.
const consent = await fetch(authorizeUrl, { redirect: "manual" });
const callback = new URL(consent.headers.get("location") ?? "about:blank");
if (callback.searchParams.get("state") !== state) throw new Error(`state lost: ${callback}`);

const tokens = await tiktok.validateAuthorizationCode(callback.searchParams.get("code"), verifier);
const info = await fetch(
  "https://open.tiktokapis.com/v2/user/info/?fields=open_id,display_name,follower_count,is_verified",
  { headers: { Authorization: `Bearer ${tokens.accessToken()}` } },
).then((r) => r.json());
const refreshed = await tiktok.refreshAccessToken(tokens.refreshToken());
await tiktok.revokeToken(refreshed.accessToken());
const afterRevoke = await fetch("https://open.tiktokapis.com/v2/user/info/?fields=open_id", {
  headers: { Authorization: `Bearer ${refreshed.accessToken()}` },
}).then((r) => r.json());

console.log(
  JSON.stringify({
    authorizeUrl: authorizeUrl.href,
    callback: callback.origin + callback.pathname,
    scopes: callback.searchParams.get("scopes"),
    user: info.data?.user,
    refreshedAccessToken: refreshed.accessToken().slice(0, 4),
    afterRevoke: afterRevoke.error?.code,
  }),
);
