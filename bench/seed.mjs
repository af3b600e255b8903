#!/usr/bin/env node
// Generates single-use secrets for the `code` and `refresh` workloads, the way loginkit mints them
// (src/core/crypto.cpp random_token: prefix + base64url of 32 random bytes; stored as the
// lowercase hex SHA-256 of the whole string). Node built-ins only.
//
// Usage: node bench/seed.mjs code|refresh COUNT SECRETS_FILE CSV_FILE
//   SECRETS_FILE  one secret per line (read by bench/wrk.lua)
//   CSV_FILE      "hash,n" per line, n = 1..COUNT (loaded by bench/store.sh into the database)
// Authorization codes have no prefix; refresh tokens start with "rft." (src/oauth/token_minting.hpp).
import { createHash, randomBytes } from "node:crypto";
import { openSync, writeSync, closeSync } from "node:fs";

const [kind, countArg, secretsPath, csvPath] = process.argv.slice(2);
const prefix = { code: "", refresh: "rft." }[kind];
const count = Number(countArg);
if (prefix === undefined || !Number.isInteger(count) || count < 1 || !secretsPath || !csvPath) {
  console.error("usage: seed.mjs code|refresh COUNT SECRETS_FILE CSV_FILE");
  process.exit(2);
}

const secretsFd = openSync(secretsPath, "w");
const csvFd = openSync(csvPath, "w");
const CHUNK = 8192;
for (let start = 1; start <= count; start += CHUNK) {
  const n = Math.min(CHUNK, count - start + 1);
  const bytes = randomBytes(32 * n);
  let secrets = "";
  let csv = "";
  for (let i = 0; i < n; i++) {
    const secret = prefix + bytes.subarray(32 * i, 32 * i + 32).toString("base64url");
    secrets += secret + "\n";
    csv += createHash("sha256").update(secret).digest("hex") + "," + (start + i) + "\n";
  }
  writeSync(secretsFd, secrets);
  writeSync(csvFd, csv);
}
closeSync(secretsFd);
closeSync(csvFd);
