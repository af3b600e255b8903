#!/usr/bin/env node
// Generates single-use handles for the `code` and `refresh` workloads, the way loginkit mints them
// (src/store/handles.cpp): `<prefix><id>.<base64url of 32 random bytes>`, where the id is a
// positive 63-bit integer, increasing, milliseconds since the epoch shifted left by 21 bits plus
// a counter; the row is keyed by that id and stores the SHA-256 of the whole handle (32 bytes).
// The ids start at ID_BASE (default: now, in the server's layout), so they sit below every id the
// server mints later. Node built-ins only.
//
// Usage: node bench/seed.mjs code|refresh COUNT SECRETS_FILE OUT_FILE [csv|sql] [ID_BASE]
//   SECRETS_FILE  one handle per line (read by bench/wrk.lua)
//   OUT_FILE      csv: "id,hash hex,n" per line, n = 1..COUNT (PostgreSQL \copy);
//                 sql: INSERTs into a temp table seed(id, hash BLOB, n) (the sqlite3 CLI, whose
//                 3.40 has no unhex() to turn CSV hex into a blob)
// Authorization codes have no prefix; refresh tokens start with "rft." (src/oauth/token_minting.hpp).
import { createHash, randomBytes } from "node:crypto";
import { openSync, writeSync, closeSync } from "node:fs";

const [kind, countArg, secretsPath, outPath, format = "csv", baseArg] = process.argv.slice(2);
const prefix = { code: "", refresh: "rft." }[kind];
const count = Number(countArg);
if (prefix === undefined || !Number.isInteger(count) || count < 1 || !secretsPath || !outPath ||
    !["csv", "sql"].includes(format)) {
  console.error("usage: seed.mjs code|refresh COUNT SECRETS_FILE OUT_FILE [csv|sql] [ID_BASE]");
  process.exit(2);
}
const idBase = baseArg ? BigInt(baseArg) : BigInt(Date.now()) << 21n;

const secretsFd = openSync(secretsPath, "w");
const outFd = openSync(outPath, "w");
if (format === "sql") writeSync(outFd, "CREATE TEMP TABLE seed(id INTEGER NOT NULL, hash BLOB NOT NULL, n INTEGER NOT NULL);\n");
const CHUNK = 4096;
for (let start = 1; start <= count; start += CHUNK) {
  const n = Math.min(CHUNK, count - start + 1);
  const bytes = randomBytes(32 * n);
  let secrets = "";
  const rows = [];
  for (let i = 0; i < n; i++) {
    const id = (idBase + BigInt(start + i)).toString();
    const handle = `${prefix}${id}.${bytes.subarray(32 * i, 32 * i + 32).toString("base64url")}`;
    const hash = createHash("sha256").update(handle).digest("hex");
    secrets += handle + "\n";
    rows.push(format === "csv" ? `${id},${hash},${start + i}\n` : `(${id},X'${hash}',${start + i})`);
  }
  writeSync(secretsFd, secrets);
  writeSync(outFd, format === "csv" ? rows.join("") : `INSERT INTO temp.seed VALUES ${rows.join(",")};\n`);
}
closeSync(secretsFd);
closeSync(outFd);
