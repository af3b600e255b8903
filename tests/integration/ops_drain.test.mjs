// SIGTERM drains (docs/configuration.md http.drain_timeout): the doors close, a request that has
// begun (its headers arrived) is still answered, and one still running when the bound passes is
// cut and logged; the process exits 0 either way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './lib/server.mjs';

/** Opens a connection and sends the headers and half the body of a token request. */
async function beginSlowRequest(server) {
  const url = new URL(server.base);
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const body = 'grant_type=client_credentials&client_key=slowpoke';
  socket.write(
    `POST /v2/oauth/token/ HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (d) => (answer += d));
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.on('close', resolve));
  return { socket, rest: body.slice(10), answer: () => answer, closed };
}

/** Resolves with the exit {code, signal}, or 'timeout' after ms. */
function exitWithin(server, ms) {
  let timer;
  return Promise.race([server.exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

test('SIGTERM during a request still arriving: the request is answered, then the process exits 0', async () => {
  const server = await startServer({ tables: { http: { drain_timeout: 10 } } });
  try {
    const slow = await beginSlowRequest(server);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the server has read the headers
    server.child.kill('SIGTERM');
    await server.waitForEvent((l) => l.what === 'draining');
    assert.equal(server.exitCode, undefined, 'still running while the request is unfinished');
    slow.socket.write(slow.rest);
    await slow.closed;
    assert.match(slow.answer(), /^HTTP\/1\.1 \d{3} /, `the begun request got its answer: ${slow.answer()}`);
    assert.match(slow.answer(), /\r\nConnection: close\r\n/i, 'and the connection is closed after it');
    const exit = await exitWithin(server, 5000);
    assert.deepEqual(exit, { code: 0, signal: null });
  } finally {
    await server.stop();
  }
});

test('SIGTERM with a request that never finishes: cut after drain_timeout, logged, exit 0', async () => {
  const server = await startServer({ tables: { http: { drain_timeout: 1 } } });
  try {
    const slow = await beginSlowRequest(server);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    server.child.kill('SIGTERM');
    const exit = await exitWithin(server, 5000);
    const took = Date.now() - started;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(took >= 900, `it waited for the bound (1 s), took ${took} ms`);
    assert.ok(took < 4000, `and not much longer, took ${took} ms`);
    const cut = await server.waitForEvent((l) => /drain timed out/.test(String(l.what)));
    assert.equal(cut.requests, 1, JSON.stringify(cut));
    assert.equal(cut.drain_timeout, 1);
    slow.socket.destroy();
  } finally {
    await server.stop();
  }
});
