// Out of file descriptors (EMFILE): the server keeps serving the connections it has, does not
// spin on a failing accept, and accepts again once descriptors are free.
// Environment: LOGINKIT_BIN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServerProcess, sleep } from './lib/process.mjs';

const FD_LIMIT = 64;

function cpuTicks(pid) {
  // utime + stime, fields 14 and 15 of /proc/PID/stat (after the parenthesised name).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function connect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => resolve(s));
    s.on('error', () => resolve(s));
  });
}

test('EMFILE: no busy accept loop, served again once descriptors are free', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loginkit-emfile-'));
  const server = new ServerProcess({
    bin: 'bash',
    args: ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" serve --listen 127.0.0.1:0 --ops-listen= --data "$1"`,
      process.env.LOGINKIT_BIN, dir],
    env: process.env,
  });
  const base = await server.start();
  const port = Number(new URL(base).port);
  const pid = server.child.pid;
  const sockets = [];
  try {
    // Far more connections than descriptors: the kernel completes them, accept() fails.
    for (let i = 0; i < FD_LIMIT * 2; ++i) sockets.push(await connect(port));
    await sleep(500);
    const before = cpuTicks(pid);
    await sleep(2000);
    const used = cpuTicks(pid) - before;  // clock ticks (1/100 s) over 2 s
    assert.ok(used < 40, `the server burnt ${used} ticks in 2 s while out of descriptors`);
    for (const s of sockets) s.destroy();
    sockets.length = 0;
    let answered = false;
    for (let attempt = 0; attempt < 50 && !answered; ++attempt) {
      try {
        const r = await fetch(`${base}/healthz`);
        answered = r.status === 200;
      } catch {
        await sleep(100);
      }
    }
    assert.ok(answered, 'the server answers again once descriptors are free');
  } finally {
    for (const s of sockets) s.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
