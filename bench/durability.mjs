#!/usr/bin/env node
// Checks that every sampled token (one per line in the given files, written by bench/wrk.lua from
// 2xx answers) is still active, via RFC 7662 introspection (POST /v2/oauth/introspect/, client
// authenticated with client_key / client_secret in the form). Node built-ins only.
//
// Usage: node bench/durability.mjs BASE_URL CLIENT_KEY CLIENT_SECRET FILE...
// Prints "valid=N total=N" on stdout, then one "missing TOKEN (answer)" line per inactive token.
// Exit 0 when all are valid, 4 when any is not, 1 on a transport failure.
import { readFileSync } from "node:fs";

const [base, clientKey, clientSecret, ...files] = process.argv.slice(2);
if (!base || !clientKey || !clientSecret) {
  console.error("usage: durability.mjs BASE_URL CLIENT_KEY CLIENT_SECRET FILE...");
  process.exit(2);
}
const tokens = [...new Set(files.flatMap((f) => readFileSync(f, "utf8").split("\n")).filter(Boolean))];

const missing = [];
let next = 0;
async function worker() {
  while (next < tokens.length) {
    const token = tokens[next++];
    const res = await fetch(new URL("/v2/oauth/introspect/", base), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_key: clientKey, client_secret: clientSecret, token }),
    });
    const text = await res.text();
    let active = false;
    try {
      active = res.status === 200 && JSON.parse(text).active === true;
    } catch {}
    if (!active) missing.push(`${token} (${res.status} ${text.slice(0, 200)})`);
  }
}
try {
  await Promise.all(Array.from({ length: 16 }, worker));
} catch (e) {
  console.error(`durability: introspection failed: ${e.message}`);
  process.exit(1);
}
console.log(`valid=${tokens.length - missing.length} total=${tokens.length}`);
for (const m of missing) console.log(`missing ${m}`);
process.exit(missing.length ? 4 : 0);
