#!/usr/bin/env node
// Opens COUNT keep-alive TCP connections to loginkit; on each it sends one complete user-info
// request, reads the whole answer (must be 200), then leaves the connection idle. Node built-ins
// only (raw net sockets, so nothing pools or closes them behind our back).
//
// Usage: node bench/idle_connections.mjs BASE_URL COUNT ACCESS_TOKEN READY_FILE
// When all are open it writes "opened=N failed=N" to READY_FILE. On SIGTERM it prints
// "opened=N failed=N dropped=N" (dropped = closed by the server while idle) on stdout, closes
// every connection and exits.
import net from "node:net";
import { writeFileSync } from "node:fs";

const [base, countArg, accessToken, readyFile] = process.argv.slice(2);
const count = Number(countArg);
if (!base || !Number.isInteger(count) || count < 1 || !accessToken || !readyFile) {
  console.error("usage: idle_connections.mjs BASE_URL COUNT ACCESS_TOKEN READY_FILE");
  process.exit(2);
}
const url = new URL(base);
const request =
  `GET /v2/user/info/?fields=open_id HTTP/1.1\r\nHost: ${url.host}\r\n` +
  `Authorization: Bearer ${accessToken}\r\nConnection: keep-alive\r\n\r\n`;

const sockets = [];
let opened = 0;
let failed = 0;
let dropped = 0;
let firstError = "";
let closing = false;

/** Connects, sends one request, resolves once its whole answer has arrived. */
function openOne() {
  return new Promise((resolve) => {
    const s = net.connect({ host: url.hostname, port: Number(url.port) });
    let buf = Buffer.alloc(0);
    let answered = false;
    const fail = (why) => {
      if (answered) return;
      answered = true;
      failed++;
      if (!firstError) firstError = why;
      s.destroy();
      resolve();
    };
    s.setTimeout(30000, () => fail("timeout"));
    s.on("error", (e) => fail(e.message));
    s.on("close", () => {
      if (!answered) fail("closed before the answer");
      else if (!closing) dropped++;
    });
    s.on("data", (chunk) => {
      if (answered) return;
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = buf.subarray(0, end).toString("latin1");
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!len) return fail("no Content-Length");
      if (buf.length < end + 4 + Number(len[1])) return;
      if (!/^HTTP\/1\.1 200 /.test(head)) return fail(head.split("\r\n")[0]);
      answered = true;
      opened++;
      s.setTimeout(0);
      sockets.push(s);
      resolve();
    });
    s.write(request);
  });
}

let next = 0;
async function opener() {
  while (next < count) {
    next++;
    await openOne();
  }
}
await Promise.all(Array.from({ length: Math.min(200, count) }, opener));
writeFileSync(readyFile, `opened=${opened} failed=${failed}${firstError ? ` first_error=${JSON.stringify(firstError)}` : ""}\n`);

process.on("SIGTERM", () => {
  closing = true;
  console.log(`opened=${opened} failed=${failed} dropped=${dropped}`);
  for (const s of sockets) s.destroy();
  setTimeout(() => process.exit(0), 100);
});
setInterval(() => {}, 1 << 30);  // stay alive until SIGTERM
