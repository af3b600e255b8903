// Helpers shared by the resilience tests: a loginkit process that can be SIGKILLed and started
// again on the same data directory / database, a harness client pointed at it, probing which
// optional configuration keys the binary knows, and a few small utilities.
//
// Node 20 built-ins only. The HTTP helpers come from the integration harness
// (tests/integration/lib/server.mjs), which is imported, never modified.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, LoginkitServer } from '../../integration/lib/server.mjs';

export { BIN };

/** A JSON string is a valid TOML basic string for our values. */
function tomlValue(v) {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Renders {top-level keys..., table: {k: v}} as TOML. */
export function renderToml(config) {
  const lines = [];
  const tables = [];
  for (const [k, v] of Object.entries(config)) {
    if (v !== null && typeof v === 'object') tables.push([k, v]);
    else lines.push(`${k} = ${tomlValue(v)}`);
  }
  for (const [name, table] of tables) {
    const entries = Object.entries(table);
    if (!entries.length) continue;
    lines.push('', `[${name}]`);
    for (const [k, v] of entries) lines.push(`${k} = ${tomlValue(v)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Whether the binary accepts these config keys: `loginkit config check --config FILE`
 * (unknown keys are refused there). `table` e.g. {http: {read_timeout: 3}}.
 */
export function configSupported(bin, dir, table) {
  const file = path.join(dir, `probe-${Object.keys(table).join('-')}-${process.hrtime.bigint()}.toml`);
  writeFileSync(file, renderToml(table));
  const r = spawnSync(bin, ['config', 'check', '--config', file], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0;
}

/**
 * Copies the binary into `dir` (so a rebuild of build/debug/loginkit during a long run cannot
 * swap it or make exec fail with ETXTBSY) and returns the copy's path.
 */
export function privateBinary(dir) {
  if (!existsSync(BIN)) throw new Error(`loginkit binary not found at ${BIN} (build it, or set LOGINKIT_BIN)`);
  const copy = path.join(dir, 'loginkit');
  for (let attempt = 0; ; attempt++) {
    try {
      copyFileSync(BIN, copy);
      chmodSync(copy, 0o755);
      return copy;
    } catch (e) {
      if (attempt >= 20) throw e;
      spawnSync('sleep', ['0.5']);
    }
  }
}

/**
 * One `loginkit serve` process. start() resolves with the base URL once the listening lines are
 * printed (opsBase: the operations listener's URL); kill() sends a signal and resolves when the process is gone. stdout (one JSON log line
 * per request) is always drained; with keepLines the lines are kept for inspection.
 */
export class ServerProcess {
  constructor({ bin, args, env, keepLines = false, label = 'loginkit' }) {
    this.bin = bin;
    this.args = args;
    this.env = env;
    this.keepLines = keepLines;
    this.label = label;
    this.lines = [];
    this.lineCount = 0;
    this.stderr = '';
  }

  async start(timeoutMs = 30_000) {
    this.base = undefined;
    this.opsBase = undefined;
    // `serve` gets an operations listener (admin API, /metrics, /readyz) on its own loopback port
    // unless the test chose one; start() waits for both listening lines.
    if (this.args.includes('serve') && !this.args.some((a) => a.startsWith('--ops-listen'))) {
      this.args = [...this.args, '--ops-listen', '127.0.0.1:0'];
    }
    const wantOps = this.args.some((a, i) => (a === '--ops-listen' && this.args[i + 1]) || /^--ops-listen=./.test(a));
    this.lines = [];
    this.stderr = '';
    const child = spawn(this.bin, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => resolve({ code: null, signal: null, error }));
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    this.alive = true;
    this.exited.then(() => {
      this.alive = false;
    });
    this.killOnExit = () => {
      if (this.alive) child.kill('SIGKILL');
    };
    process.on('exit', this.killOnExit);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      this.stderr += d;
      if (this.stderr.length > 200_000) this.stderr = this.stderr.slice(-100_000);
    });
    let listening;
    const gotBase = new Promise((resolve) => {
      listening = resolve;
    });
    let buffered = Buffer.alloc(0);
    child.stdout.on('data', (chunk) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      let nl;
      while ((nl = buffered.indexOf(10)) >= 0) {
        const raw = buffered.subarray(0, nl);
        buffered = buffered.subarray(nl + 1);
        const line = raw.toString('utf8').replace(/\r$/, '');
        if (this.base === undefined || (wantOps && this.opsBase === undefined)) {
          const m = line.match(/^loginkit listening on (https?:\/\/[^\s]+)\s*$/);
          const o = line.match(/^loginkit ops listening on (https?:\/\/[^\s]+)\s*$/);
          if (m) this.base = m[1];
          if (o) this.opsBase = o[1];
          if (m || o) {
            if (this.base !== undefined && (!wantOps || this.opsBase !== undefined)) listening(this.base);
            continue;
          }
        }
        this.lineCount += 1;
        if (this.keepLines) this.lines.push(Buffer.from(raw));
      }
    });
    let timer;
    const outcome = await Promise.race([
      gotBase.then((base) => ({ base })),
      this.exited.then((r) => ({ exited: r })),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve({ timeout: true }), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome.base) return outcome.base;
    this.child.kill('SIGKILL');
    await this.exited;
    if (outcome.timeout) throw new Error(`${this.label} printed no listening line within ${timeoutMs} ms:\n${this.stderr.slice(-4000)}`);
    const { code, signal, error } = outcome.exited;
    throw new Error(
      `${this.label} exited before listening (code ${code}, signal ${signal}${error ? `, ${error.message}` : ''}):\n${this.stderr.slice(-4000)}`,
    );
  }

  get pid() {
    return this.child?.pid;
  }

  /** Sends `signal` and waits for the process to be gone. */
  async kill(signal = 'SIGKILL') {
    if (!this.child) return null;
    if (this.alive) this.child.kill(signal);
    const r = await this.exited;
    process.off('exit', this.killOnExit);
    return r;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit {code, signal}. */
  async stop(graceMs = 10_000) {
    if (!this.child) return null;
    if (!this.alive) return this.kill();
    this.child.kill('SIGTERM');
    let timer;
    const r = await Promise.race([
      this.exited,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (r === 'timeout') {
      await this.kill('SIGKILL');
      return { code: null, signal: 'SIGKILL', timedOut: true };
    }
    process.off('exit', this.killOnExit);
    return r;
  }

  /** Resident set size in KiB (/proc/<pid>/status VmRSS), or null when the process is gone. */
  rssKiB() {
    try {
      const m = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }
}

/**
 * A harness client (all of LoginkitServer's helpers) for a server started elsewhere. Every
 * request gets a deadline, so a request can never hang a worker forever.
 */
export class Client extends LoginkitServer {
  /** opsBase: the server's operations listener, where admin and ops paths go (see url()). */
  constructor(base, adminToken, { timeoutMs = 30_000, opsBase } = {}) {
    super({ adminToken });
    this.base = base;
    this.opsBase = opsBase;
    this.host = new URL(base).host;
    this.timeoutMs = timeoutMs;
  }

  async request(method, p, { headers = {}, body, jar, listener } = {}) {
    const h = { ...headers };
    if (jar && jar.cookies.size) h.cookie = jar.header();
    const res = await fetch(this.url(p, { listener }), {
      method,
      headers: h,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (jar) jar.update(res);
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json, res, location: res.headers.get('location') };
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  let next = 0;
  const runners = [];
  for (let w = 0; w < Math.min(limit, items.length); w++) {
    runners.push(
      (async () => {
        while (next < items.length) {
          const i = next++;
          await fn(items[i], i);
        }
      })(),
    );
  }
  await Promise.all(runners);
}

/** psql helper (LOGINKIT_TEST_PG conninfo); throws with psql's stderr on failure. */
export function psql(conninfo, sql) {
  const r = spawnSync('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', conninfo, '-c', sql], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.error?.message ?? ''}${r.stderr}`);
  return r.stdout;
}
