// Test harness for loginkit integration tests: starts the real server binary on a loopback
// port with a fresh data directory, and offers helpers that speak the contract of
// shared SPEC.md and docs/server-contract.md (admin API, sign-in page, consent page, v2 API).
//
// Node 20 built-ins only (child_process, crypto, fetch with redirect: 'manual').

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Path of the server binary: $LOGINKIT_BIN or build/debug/loginkit of this checkout. */
export const BIN = process.env.LOGINKIT_BIN
  ? path.resolve(process.env.LOGINKIT_BIN)
  : path.resolve(here, '../../../build/debug/loginkit');

export const LOG_ID_RE = /^\d{14}[0-9A-F]{20}$/;
export const URL_SAFE_RE = /^[A-Za-z0-9\-._~]+$/;
export const USER_TOKEN_FIELDS = [
  'access_token',
  'expires_in',
  'open_id',
  'refresh_expires_in',
  'refresh_token',
  'scope',
  'token_type',
];

let counter = 0;
/** A short unique suffix for names (usernames, app names, emails). */
/** The CLI with `env` over this process's environment, without blocking the event loop (a load
 * may keep running meanwhile); resolves {status, stdout, stderr}. */
export function runCli(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export function uniq(prefix = 'x') {
  counter += 1;
  return `${prefix}${process.pid}${counter}${randomBytes(3).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// PKCE
// ---------------------------------------------------------------------------------------------

/** A fresh RFC 7636 verifier (43..128 chars of [A-Za-z0-9-._~]). */
export function pkceVerifier(length = 64) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}
/** RFC 7636 S256 challenge: base64url(SHA-256(verifier)). */
export function challengeBase64url(verifier) {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
/** The platform's desktop/mobile encoding: lowercase hex SHA-256 of the verifier. */
export function challengeHex(verifier) {
  return createHash('sha256').update(verifier, 'ascii').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Cookies and HTML
// ---------------------------------------------------------------------------------------------

/** Minimal cookie jar: one host, cookie name -> value. */
export class CookieJar {
  constructor() {
    this.cookies = new Map();
  }
  /** Stores the Set-Cookie headers of a fetch Response. */
  update(res) {
    const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    for (const line of list) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.split('=');
        const key = k.trim().toLowerCase();
        if (key === 'max-age') return Number(v.trim()) <= 0;
        if (key === 'expires') return Date.parse(v.trim()) < Date.now() - 86400_000 * 365 * 5;
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  clone() {
    const j = new CookieJar();
    for (const [k, v] of this.cookies) j.cookies.set(k, v);
    return j;
  }
}

export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/g, (m, e) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return m;
  });
}

/** Attributes of one tag's text, e.g. `<input type="hidden" name="a" value="b">`. */
export function parseAttributes(tag) {
  const attrs = {};
  const inner = tag.replace(/^<\s*[a-zA-Z]+/, '').replace(/\/?>$/, '');
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m;
  while ((m = re.exec(inner))) {
    const name = m[1].toLowerCase();
    const raw = m[2] ?? m[3] ?? m[4];
    attrs[name] = raw === undefined ? '' : decodeEntities(raw);
  }
  return attrs;
}

/**
 * Forms of a page: [{attrs, inputs:[attrs], buttons:[attrs], html}], where inputs also lists
 * <button> elements that have a name (they submit name=value too).
 */
export function parseForms(html) {
  const forms = [];
  const formRe = /<form\b[^>]*>[\s\S]*?<\/form\s*>/gi;
  let m;
  while ((m = formRe.exec(html))) {
    const formHtml = m[0];
    const open = formHtml.match(/^<form\b[^>]*>/i)[0];
    const inputs = [...formHtml.matchAll(/<input\b[^>]*>/gi)].map((x) => parseAttributes(x[0]));
    const buttons = [...formHtml.matchAll(/<button\b[^>]*>/gi)].map((x) => parseAttributes(x[0]));
    forms.push({ attrs: parseAttributes(open), inputs, buttons, html: formHtml });
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

// The no-secret log scan. Values shorter than this are too likely to occur by chance.
const MIN_SECRET_LENGTH = 8;
const RAW_LOG_LIMIT = 64 * 1024 * 1024;
// Keys whose values in a request (query, form or JSON body) are secrets of the caller.
const SECRET_REQUEST_KEYS = ['password', 'client_secret', 'code_verifier'];
// Keys whose values in a JSON answer (at any depth, v1 envelopes included) are secrets.
const SECRET_ANSWER_KEYS = ['client_secret', 'access_token', 'refresh_token'];

function walkJson(value, keys, visit) {
  if (Array.isArray(value)) {
    for (const v of value) walkJson(v, keys, visit);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (keys.includes(k) && typeof v === 'string') visit(k, v);
      else walkJson(v, keys, visit);
    }
  }
}

function tomlString(s) {
  return JSON.stringify(String(s)); // a JSON string is a valid TOML basic string for our values
}

function tomlValue(v) {
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  return typeof v === 'string' ? tomlString(v) : String(v);
}

function renderToml({ adminToken, oauth = {}, tables = {}, toml = '' }) {
  const lines = [`admin_token = ${tomlString(adminToken)}`, '', '[oauth]'];
  for (const [k, v] of Object.entries(oauth)) {
    lines.push(`${k} = ${typeof v === 'string' ? tomlString(v) : String(v)}`);
  }
  for (const [table, values] of Object.entries(tables)) {
    lines.push('', `[${table}]`);
    for (const [k, v] of Object.entries(values)) lines.push(`${k} = ${tomlValue(v)}`);
  }
  return lines.join('\n') + '\n' + toml;
}

/**
 * Starts `loginkit serve` on 127.0.0.1:0 with a fresh data directory.
 * options.oauth: the [oauth] table, e.g. { error_status: 'rfc', userinfo: 'strict' }.
 * options.errorStatus / options.userinfo: shortcuts for those two keys.
 * options.env: extra environment variables for the server process (e.g. LOGINKIT_*).
 * options.tables: more TOML tables, e.g. { limits: { signin_per_account: 3 },
 *   http: { trusted_proxies: ['127.0.0.1'] } } (not oauth: use options.oauth).
 * options.opsListen: the operations listener's address (default 127.0.0.1:0; '' = none).
 *   server.base is the public URL, server.opsBase the operations URL.
 * options.args: extra command-line arguments for `loginkit serve`.
 * options.toml: TOML text appended to the config file (after the tables; start it with a table).
 * options.scanLogs: false skips the no-secret log scan in stop() (default: scan).
 *   LOGINKIT_SKIP_SECRET_SCAN=1 in the environment skips it for every server.
 */
export async function startServer(options = {}) {
  const server = new LoginkitServer(options);
  await server.start();
  return server;
}

export class LoginkitServer {
  constructor(options = {}) {
    this.options = options;
    this.adminToken = options.adminToken ?? `adm-${randomBytes(16).toString('hex')}`;
    const oauth = { ...(options.oauth ?? {}) };
    if (options.errorStatus) oauth.error_status = options.errorStatus;
    if (options.userinfo) oauth.userinfo = options.userinfo;
    this.oauth = oauth;
    this.logs = []; // parsed JSON log lines (one per request)
    this.events = []; // parsed JSON lines of stderr (errors, reloads, the drain)
    this.otherLines = []; // stdout lines that are not JSON
    this.stderr = '';
    this.exitCode = undefined;
    this.exitSignal = undefined;
    // The no-secret log scan: every secret this harness sees (client secrets, passwords,
    // codes, tokens, session cookies, the admin token) and everything the server wrote.
    this.secrets = new Map(); // value -> kind
    this.rawStdout = '';
    this.rawStderr = '';
    this.rememberSecret(this.adminToken, 'admin_token');
    this.requestCount = 0; // requests sent through request(); each one gets one log line
  }

  /**
   * Remembers a secret value that must never appear in the logs. Strings shorter than 8
   * characters and all-digit strings are skipped: they can occur in a log by chance (log_id, ms).
   */
  rememberSecret(value, kind) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || /^[0-9.]+$/.test(value)) return;
    if (value === 'undefined') return; // what URLSearchParams makes of a missing value
    if (!this.secrets.has(value)) this.secrets.set(value, kind);
  }

  /** Harvests secrets from one request and its answer (see SECRET_* lists). */
  harvestSecrets(p, headers, body, res, text, json) {
    const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    const basic = typeof auth === 'string' ? auth.match(/^Basic\s+(\S+)$/i) : null;
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        let secret = decoded.slice(colon + 1);
        try {
          secret = decodeURIComponent(secret.replace(/\+/g, ' '));
        } catch {
          // not form-encoded: keep it as sent
        }
        this.rememberSecret(secret, 'sent client_secret');
      }
    }
    const fromParams = (params) => {
      for (const k of SECRET_REQUEST_KEYS) for (const v of params.getAll(k)) this.rememberSecret(v, `sent ${k}`);
    };
    const q = String(p).indexOf('?');
    if (q >= 0) fromParams(new URLSearchParams(String(p).slice(q + 1)));
    if (typeof body === 'string' && body) {
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      if (parsed && typeof parsed === 'object') walkJson(parsed, SECRET_REQUEST_KEYS, (k, v) => this.rememberSecret(v, `sent ${k}`));
      else fromParams(new URLSearchParams(body));
    } else if (body instanceof Uint8Array) {
      try {
        walkJson(JSON.parse(Buffer.from(body).toString('utf8')), SECRET_REQUEST_KEYS, (k, v) => this.rememberSecret(v, `sent ${k}`));
      } catch {
        // not JSON: nothing to remember
      }
    }
    if (json && typeof json === 'object') walkJson(json, SECRET_ANSWER_KEYS, (k, v) => this.rememberSecret(v, k));
    const location = res.headers.get('location');
    if (location) {
      try {
        const u = new URL(location, this.base);
        for (const k of ['code', 'access_token', 'refresh_token']) {
          for (const v of u.searchParams.getAll(k)) this.rememberSecret(v, `redirect ${k}`);
        }
      } catch {
        // not a URL: nothing to remember
      }
    }
    const setCookies = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    for (const line of setCookies) {
      const pair = line.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq > 0) this.rememberSecret(pair.slice(eq + 1).trim(), `cookie ${pair.slice(0, eq).trim()}`);
    }
    if (typeof text === 'string' && text.includes('client-secret')) {
      for (const m of text.matchAll(/id=["']?client-secret["']?[^>]*>\s*([^<\s]+)\s*</g)) this.rememberSecret(decodeEntities(m[1]), 'page client_secret');
    }
  }

  /** Secrets found in this server's stdout+stderr: [{kind, secret, where, excerpt}]. */
  secretsInLogs() {
    const found = [];
    const streams = [['stdout', this.rawStdout], ['stderr', this.rawStderr]];
    for (const [value, kind] of this.secrets) {
      for (const [where, textOf] of streams) {
        const i = textOf.indexOf(value);
        if (i < 0) continue;
        const excerpt = textOf.slice(Math.max(0, i - 120), i + value.length + 60);
        found.push({ kind, secret: value, where, excerpt });
      }
    }
    return found;
  }

  /** Asserts that no remembered secret appears in this server's stdout or stderr. */
  assertNoSecretsInLogs() {
    const found = this.secretsInLogs();
    assert.equal(
      found.length,
      0,
      `${found.length} secret(s) appear in the server's output (never a secret, code, token or password in any log):\n` +
        found
          .slice(0, 10)
          .map((f) => `- ${f.kind} ${f.secret.slice(0, 12)}… in ${f.where}: …${f.excerpt}…`)
          .join('\n'),
    );
  }

  async start() {
    if (!existsSync(BIN)) {
      throw new Error(`loginkit binary not found at ${BIN} (build it, or set LOGINKIT_BIN)`);
    }
    this.dir = mkdtempSync(path.join(tmpdir(), 'loginkit-it-'));
    this.dataDir = path.join(this.dir, 'data');
    this.configPath = path.join(this.dir, 'loginkit.toml');
    writeFileSync(
      this.configPath,
      renderToml({ adminToken: this.adminToken, oauth: this.oauth, tables: this.options.tables, toml: this.options.toml }),
    );
    // The data directory is fresh; create it so a server that expects it to exist works too.
    mkdirSync(this.dataDir, { recursive: true });

    const args = ['serve', '--listen', '127.0.0.1:0', '--data', this.dataDir, '--config', this.configPath, '--test-clock'];
    // The operations listener (admin API, /metrics, /readyz) on its own loopback port; the
    // harness sends admin and ops calls there (see url()). options.opsListen: '' turns it off.
    this.wantOps = this.options.opsListen !== '';
    args.push('--ops-listen', this.options.opsListen ?? '127.0.0.1:0');
    if (this.options.args) args.push(...this.options.args);
    const env = this.options.env ? { ...process.env, ...this.options.env } : process.env;
    this.child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.closed = new Promise((resolve) => this.child.on('close', resolve));
    this.spawnError = null;
    this.exited = new Promise((resolve) => {
      // spawn failures (ENOENT, EACCES, ETXTBSY while the binary is being relinked) emit 'error'
      this.child.on('error', (err) => {
        this.spawnError = err;
        if (this.exitCode === undefined && this.exitSignal === undefined) {
          this.exitCode = null;
          resolve({ code: null, signal: null, error: err });
        }
      });
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve({ code, signal });
      });
    });
    this.killOnExit = () => {
      if (this.exitCode === undefined && this.exitSignal === undefined) this.child.kill('SIGKILL');
    };
    process.on('exit', this.killOnExit);
    this.child.stderr.setEncoding('utf8');
    let bufferedErr = '';
    this.child.stderr.on('data', (d) => {
      if (this.rawStderr.length < RAW_LOG_LIMIT) this.rawStderr += d;
      this.stderr += d;
      if (this.stderr.length > 200_000) this.stderr = this.stderr.slice(-100_000);
      bufferedErr += d;
      let nl;
      while ((nl = bufferedErr.indexOf('\n')) >= 0) {
        const line = bufferedErr.slice(0, nl);
        bufferedErr = bufferedErr.slice(nl + 1);
        this.onEventLine(line);
      }
    });

    let resolveListening;
    let rejectListening;
    const listening = new Promise((res, rej) => {
      resolveListening = res;
      rejectListening = rej;
    });
    let buffered = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk) => {
      if (this.rawStdout.length < RAW_LOG_LIMIT) this.rawStdout += chunk;
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        this.onLine(line, resolveListening);
      }
    });
    this.exited.then(({ code, signal, error }) =>
      rejectListening(
        error
          ? new Error(`could not start ${BIN}: ${error.message}`)
          : new Error(`loginkit exited before listening (code ${code}, signal ${signal}):\n${this.stderr}`),
      ),
    );
    const timer = setTimeout(
      () => rejectListening(new Error(`loginkit did not print its listening line within 15 s:\n${this.stderr}`)),
      15_000,
    );
    try {
      this.base = await listening;
    } catch (e) {
      this.child.kill('SIGKILL');
      throw e;
    } finally {
      clearTimeout(timer);
    }
    this.host = new URL(this.base).host;
    return this;
  }

  onLine(line, resolveListening) {
    const m = line.match(/^loginkit listening on (https?:\/\/127\.0\.0\.1:(\d+))\s*$/);
    if (m && !this.publicBase) {
      this.publicBase = m[1];
      if (!this.wantOps || this.opsBase) resolveListening(this.publicBase);
      return;
    }
    const o = line.match(/^loginkit ops listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/);
    if (o && !this.opsBase) {
      this.opsBase = o[1];
      if (this.publicBase) resolveListening(this.publicBase);
      return;
    }
    if (line.trim() === '') return;
    try {
      const obj = JSON.parse(line);
      this.logs.push(obj);
      for (const w of [...(this.logWaiters ?? [])]) w(obj);
    } catch {
      this.otherLines.push(line);
    }
  }

  /** Resolves with the first log line (past or future) for which pred is true. */
  waitForLog(pred, timeoutMs = 3000) {
    const found = this.logs.find(pred);
    if (found) return Promise.resolve(found);
    this.logWaiters ??= new Set();
    return new Promise((resolve, reject) => {
      const waiter = (obj) => {
        if (pred(obj)) {
          this.logWaiters.delete(waiter);
          clearTimeout(timer);
          resolve(obj);
        }
      };
      const timer = setTimeout(() => {
        this.logWaiters.delete(waiter);
        reject(new Error('no matching log line; last lines:\n' + this.logs.slice(-5).map((l) => JSON.stringify(l)).join('\n')));
      }, timeoutMs);
      this.logWaiters.add(waiter);
    });
  }

  onEventLine(line) {
    let obj;
    try {
      obj = JSON.parse(line);
    } catch {
      return;
    }
    this.events.push(obj);
    for (const w of [...(this.eventWaiters ?? [])]) w(obj);
  }

  /** Resolves with the first stderr JSON line (past or future) for which pred is true. */
  waitForEvent(pred, timeoutMs = 3000) {
    const found = this.events.find(pred);
    if (found) return Promise.resolve(found);
    this.eventWaiters ??= new Set();
    return new Promise((resolve, reject) => {
      const waiter = (obj) => {
        if (pred(obj)) {
          this.eventWaiters.delete(waiter);
          clearTimeout(timer);
          resolve(obj);
        }
      };
      const timer = setTimeout(() => {
        this.eventWaiters.delete(waiter);
        reject(new Error('no matching stderr line; last lines:\n' + this.events.slice(-5).map((l) => JSON.stringify(l)).join('\n')));
      }, timeoutMs);
      this.eventWaiters.add(waiter);
    });
  }

  /**
   * Rewrites the config file as start() wrote it (same admin token), from new options:
   * { oauth, tables, toml } as for startServer (each defaults to what the server started with).
   */
  writeConfig({ oauth = this.oauth, tables = this.options.tables, toml = this.options.toml } = {}) {
    writeFileSync(this.configPath, renderToml({ adminToken: this.adminToken, oauth, tables, toml }));
  }

  /**
   * SIGHUP: the server reads its configuration again. Resolves with the reload's outcome line on
   * stderr ({what: 'configuration reloaded'} or {what: 'reload refused…', reason}) plus `lines`,
   * every stderr JSON line written since the signal (e.g. the 'needs a restart' line).
   */
  async reload(timeoutMs = 5000) {
    const seen = this.events.length;
    this.child.kill('SIGHUP');
    const outcome = await this.waitForEvent(
      (l) => this.events.indexOf(l) >= seen && /^(configuration reloaded|reload refused)/.test(String(l.what)),
      timeoutMs,
    );
    return { ...outcome, lines: this.events.slice(seen) };
  }

  /** SIGTERM, wait for exit, assert exit code 0; removes the temp dir. */
  async stop() {
    if (!this.child) return;
    let result;
    if (this.exitCode === undefined && this.exitSignal === undefined) {
      this.child.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), 10_000);
      });
      result = await Promise.race([this.exited, timeout]);
      clearTimeout(timer);
      if (result === 'timeout') {
        this.child.kill('SIGKILL');
        await this.exited;
        process.off('exit', this.killOnExit);
        throw new Error('loginkit did not exit within 10 s of SIGTERM');
      }
    } else {
      result = await this.exited;
    }
    process.off('exit', this.killOnExit);
    // 'exit' can come before the last output: wait for stdout/stderr to close before scanning.
    let closeTimer;
    await Promise.race([this.closed, new Promise((resolve) => (closeTimer = setTimeout(resolve, 2000)))]);
    clearTimeout(closeTimer);
    if (!process.env.LOGINKIT_KEEP_TMP) rmSync(this.dir, { recursive: true, force: true });
    assert.equal(result.signal, null, `loginkit was killed by ${result.signal}; stderr:\n${this.stderr.slice(-4000)}`);
    assert.equal(result.code, 0, `loginkit exit code after SIGTERM; stderr:\n${this.stderr.slice(-4000)}`);
    // The whole suite's logs are scanned for every secret the harness saw.
    if (this.options.scanLogs !== false && !process.env.LOGINKIT_SKIP_SECRET_SCAN) this.assertNoSecretsInLogs();
  }

  /**
   * Absolute URL of a path. The admin API, /metrics and /readyz live on the operations listener,
   * so their paths resolve there (when it runs); everything else on the public listener.
   * { listener: 'public' | 'ops' } picks one explicitly.
   */
  url(p, { listener } = {}) {
    const which = listener ?? (this.opsBase && isOpsPath(p) ? 'ops' : 'public');
    if (which === 'ops' && !this.opsBase) throw new Error('this server runs no operations listener');
    return new URL(p, which === 'ops' ? this.opsBase : this.base).toString();
  }

  /** Absolute URL of a path on the public listener, whatever the path. */
  publicUrl(p) {
    return this.url(p, { listener: 'public' });
  }

  // --- raw HTTP -------------------------------------------------------------------------------

  /** fetch with redirect:'manual'; returns {status, headers, text, json, res}. */
  async request(method, p, { headers = {}, body, jar, listener } = {}) {
    const h = { ...headers };
    if (jar && jar.cookies.size) h.cookie = jar.header();
    this.requestCount += 1;
    const res = await fetch(this.url(p, { listener }), { method, headers: h, body, redirect: 'manual' });
    if (jar) jar.update(res);
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    this.harvestSecrets(p, h, body, res, text, json);
    return { status: res.status, headers: res.headers, text, json, res, location: res.headers.get('location') };
  }

  get(p, opts = {}) {
    return this.request('GET', p, opts);
  }

  /** POST an application/x-www-form-urlencoded body. */
  postForm(p, form, { headers = {}, jar, contentType = 'application/x-www-form-urlencoded' } = {}) {
    const body = form instanceof URLSearchParams ? form.toString() : new URLSearchParams(form).toString();
    const h = { ...headers };
    if (contentType !== null) h['content-type'] = contentType;
    return this.request('POST', p, { headers: h, body, jar });
  }

  // --- admin API ------------------------------------------------------------------------------

  /** Admin API call: JSON in and out. Returns {status, body, headers, text}. */
  async admin(method, p, body, { token = this.adminToken } = {}) {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await this.request(method, p, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: r.json, headers: r.headers, text: r.text };
  }

  async adminOk(method, p, body, expectStatus) {
    const r = await this.admin(method, p, body);
    const ok = expectStatus ? r.status === expectStatus : r.status >= 200 && r.status < 300;
    assert.ok(ok, `admin ${method} ${p} -> ${r.status} ${r.text}`);
    return r.body;
  }

  async createDeveloper(fields = {}) {
    const email = fields.email ?? `${uniq('dev')}@example.com`;
    const body = { email, password: 'developer-password-1', name: 'Developer ' + email, ...fields };
    const res = await this.adminOk('POST', '/admin/v1/developers', body, 201);
    return { ...res, email: res?.email ?? email };
  }

  async createUser(fields = {}) {
    const username = fields.username ?? uniq('user');
    const password = fields.password ?? `pw-${randomBytes(6).toString('hex')}`;
    const body = { display_name: `Display ${username}`, ...fields, username, password };
    const res = await this.adminOk('POST', '/admin/v1/users', body, 201);
    return { ...body, ...res, username, password };
  }

  /**
   * Creates an app. Defaults: Login Kit on, web on, basic+profile+stats scopes, one web URI
   * https://<name>.example.com/callback. Returns the app JSON incl. client_secret.
   */
  async createApp(fields = {}) {
    const name = fields.name ?? uniq('app');
    const body = {
      name,
      scopes: ['user.info.basic', 'user.info.profile', 'user.info.stats'],
      login_kit: true,
      web: true,
      require_pkce_web: false,
      redirect_uris: { web: [`https://${hostLabel(name)}.example.com/callback`] },
      ...fields,
    };
    const app = await this.adminOk('POST', '/admin/v1/apps', body, 201);
    assert.ok(app && typeof app.client_key === 'string' && app.client_key, 'created app has a client_key');
    assert.ok(typeof app.client_secret === 'string' && app.client_secret, 'created app has a client_secret');
    return app;
  }

  /** POST /admin/v1/clock {"advance": seconds}; returns the new now (epoch seconds). */
  async advanceClock(seconds) {
    const r = await this.adminOk('POST', '/admin/v1/clock', { advance: seconds }, 200);
    return r?.now;
  }

  async now() {
    return this.advanceClock(0);
  }

  // --- pages ----------------------------------------------------------------------------------

  /** Signs a user in through the sign-in page; returns a CookieJar holding lk_session. */
  async signIn(username, password, { next = '/account/apps', jar = new CookieJar() } = {}) {
    const page = await this.get(`/account/signin?next=${encodeURIComponent(next)}`, { jar });
    assert.equal(page.status, 200, `GET /account/signin -> ${page.status}`);
    const form = parseForms(page.text).find((f) => (f.attrs.action ?? '').includes('/account/signin'));
    assert.ok(form, 'sign-in page has a form posting to /account/signin');
    const fields = new URLSearchParams();
    for (const input of form.inputs) {
      if (!input.name) continue;
      if (input.name === 'username') fields.set('username', username);
      else if (input.name === 'password') fields.set('password', password);
      else if ((input.type ?? 'text').toLowerCase() === 'hidden') fields.set(input.name, input.value ?? '');
    }
    if (!fields.has('username')) fields.set('username', username);
    if (!fields.has('password')) fields.set('password', password);
    const res = await this.postForm('/account/signin', fields, { jar });
    assert.equal(res.status, 303, `POST /account/signin -> ${res.status} ${res.text.slice(0, 300)}`);
    // `__Host-lk_session` when the server's issuer is https (Secure cookies).
    assert.ok(jar.get('lk_session') ?? jar.get('__Host-lk_session'), 'sign-in sets the lk_session cookie');
    jar.signinLocation = res.location;
    return jar;
  }

  /** A new user, signed in. Returns {user, jar}. */
  async newSignedInUser(fields = {}) {
    const user = await this.createUser(fields);
    const jar = await this.signIn(user.username, user.password);
    return { user, jar };
  }

  // --- authorize ------------------------------------------------------------------------------

  /** Path+query of GET /v2/auth/authorize/ for the given params (object or [k,v] pairs). */
  authorizePath(params, base = '/v2/auth/authorize/') {
    const q = new URLSearchParams(params).toString();
    return `${base}?${q}`;
  }

  /** Default authorize params for an app (first web URI, basic scope, random state). */
  authorizeParams(app, extra = {}) {
    const params = {
      client_key: app.client_key,
      response_type: 'code',
      scope: 'user.info.basic',
      redirect_uri: app.redirect_uris?.web?.[0],
      state: uniq('st'),
      ...extra,
    };
    for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
    return params;
  }

  /**
   * GET authorize with the session; if the consent page comes, POST the decision.
   * options: decision ('approve'|'deny'), untick: [scopes], csrf: override, mutate(fields)
   * Returns {get, consent (parsed form or null), post, final (the response that redirected),
   *          location (URL or null), params (URLSearchParams of the final redirect)}.
   */
  async authorize(jar, params, { decision = 'approve', untick = [], csrf, mutate, base } = {}) {
    const get = await this.get(this.authorizePath(params, base), { jar });
    const out = { get, consent: null, post: null, final: get, location: null, params: null };
    if (get.status === 200) {
      const consent = this.parseConsent(get.text);
      out.consent = consent;
      if (!consent) return out;
      const fields = new URLSearchParams();
      for (const [k, v] of consent.hidden) fields.append(k, v);
      for (const s of consent.granted) if (s.checked && !untick.includes(s.value)) fields.append('granted', s.value);
      fields.append('decision', decision);
      if (csrf !== undefined) fields.set('csrf', csrf);
      if (mutate) mutate(fields);
      const post = await this.postForm(consent.action, fields, { jar });
      out.post = post;
      out.final = post;
    }
    if (out.final.location) {
      out.location = new URL(out.final.location, this.base);
      out.params = out.location.searchParams;
    }
    return out;
  }

  /** Consent form of an authorize page: {action, hidden:[[k,v]], granted:[{value,checked}], decisions}. */
  parseConsent(html) {
    const form = parseForms(html).find(
      (f) => (f.attrs.action ?? '').includes('/auth/authorize') || f.inputs.some((i) => i.name === 'client_key'),
    );
    if (!form) return null;
    const hidden = form.inputs
      .filter((i) => (i.type ?? '').toLowerCase() === 'hidden' && i.name)
      .map((i) => [i.name, i.value ?? '']);
    const granted = form.inputs
      .filter((i) => (i.type ?? '').toLowerCase() === 'checkbox' && i.name === 'granted')
      .map((i) => ({ value: i.value, checked: 'checked' in i, disabled: 'disabled' in i }));
    const decisions = [...form.buttons, ...form.inputs]
      .filter((b) => b.name === 'decision')
      .map((b) => b.value);
    return { action: form.attrs.action || '/v2/auth/authorize/', method: form.attrs.method, hidden, granted, decisions, html: form.html };
  }

  /** Full approval: returns {code, scopes, state, location, result}. Asserts a code came back. */
  async authorizeCode(jar, app, extra = {}, opts = {}) {
    const params = this.authorizeParams(app, extra);
    const result = await this.authorize(jar, params, opts);
    assert.ok(
      result.location && result.params.get('code'),
      `authorize gave no code: GET ${result.get.status} ${result.get.location ?? ''} / POST ${result.post?.status} ${result.post?.location ?? ''} ${(result.post ?? result.get).text.slice(0, 300)}`,
    );
    return {
      code: result.params.get('code'),
      scopes: result.params.get('scopes'),
      state: result.params.get('state'),
      redirectUri: params.redirect_uri,
      location: result.location,
      result,
    };
  }

  // --- token, revoke, user info ---------------------------------------------------------------

  /** POST /v2/oauth/token/ with a form; returns {status, body, headers, text}. */
  async token(form, { headers = {}, contentType, path: p = '/v2/oauth/token/' } = {}) {
    const r = await this.postForm(p, form, { headers, contentType });
    return { status: r.status, body: r.json, headers: r.headers, text: r.text };
  }

  /** POST /v2/oauth/token/ with an arbitrary raw body and headers. */
  async tokenRaw(body, headers = {}) {
    const r = await this.request('POST', '/v2/oauth/token/', { headers, body });
    return { status: r.status, body: r.json, headers: r.headers, text: r.text };
  }

  /** Exchanges a code for tokens with client_key/client_secret in the body. */
  exchangeCode(app, code, redirectUri, extra = {}) {
    return this.token({
      client_key: app.client_key,
      client_secret: app.client_secret,
      code,
      grant_type: 'authorization_code',
      redirect_uri: redirectUri ?? app.redirect_uris.web[0],
      ...extra,
    });
  }

  refresh(app, refreshToken, extra = {}) {
    return this.token({
      client_key: app.client_key,
      client_secret: app.client_secret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...extra,
    });
  }

  /** Authorize + approve + code exchange; asserts success and returns the token body. */
  async obtainTokens(jar, app, extra = {}, opts = {}) {
    const { code, redirectUri } = await this.authorizeCode(jar, app, extra, opts);
    const r = await this.exchangeCode(app, code, redirectUri, opts.exchange ?? {});
    assert.equal(r.status, 200, `token exchange -> ${r.status} ${r.text}`);
    assert.ok(r.body?.access_token, `token exchange failed: ${r.text}`);
    return r.body;
  }

  async revoke(form, { headers = {}, contentType } = {}) {
    const r = await this.postForm('/v2/oauth/revoke/', form, { headers, contentType });
    return { status: r.status, body: r.json, headers: r.headers, text: r.text };
  }

  /** GET /v2/user/info/?fields=...; token undefined -> no Authorization header. fields null -> no param. */
  async userinfo(token, fields, { headers = {}, rawAuthorization } = {}) {
    const h = { ...headers };
    if (rawAuthorization !== undefined) h.authorization = rawAuthorization;
    else if (token !== undefined && token !== null) h.authorization = `Bearer ${token}`;
    const f = Array.isArray(fields) ? fields.join(',') : fields;
    const p = f === null || f === undefined ? '/v2/user/info/' : `/v2/user/info/?fields=${encodeURIComponent(f).replace(/%2C/g, ',')}`;
    const r = await this.get(p, { headers: h });
    return { status: r.status, body: r.json, headers: r.headers, text: r.text };
  }
}

/** True for the paths of the operations listener: the admin API, /metrics, /readyz, /healthz. */
export function isOpsPath(p) {
  const pathOnly = String(p).replace(/[?#].*$/, '');
  return /^\/admin\/v1\//.test(pathOnly) || /^\/(metrics|readyz|healthz)\/?$/.test(pathOnly);
}

/** A DNS label made from a name: lowercase, [a-z0-9-] only. */
export function hostLabel(name) {
  return String(name).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'app';
}

/** Basic auth header per RFC 6749 §2.3.1 (form-urlencode, then base64). */
export function basicAuth(id, secret) {
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64');
}

/** Asserts that the v2 token error has the given code, log_id, JSON and no-store. */
export function assertTokenError(r, error, { status = 200, description } = {}) {
  assert.equal(r.body?.error, error, `expected error ${error}, got HTTP ${r.status} ${r.text}`);
  assert.equal(r.status, status, `HTTP status for ${error}: ${r.text}`);
  assert.equal(typeof r.body.error_description, 'string', 'error_description is a string');
  if (description !== undefined) assert.equal(r.body.error_description, description);
  assert.match(String(r.body.log_id), LOG_ID_RE, 'log_id format');
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i, 'Content-Type application/json');
  assert.match(r.headers.get('cache-control') ?? '', /no-store/i, 'Cache-Control: no-store');
}

/** Asserts a user info error envelope. */
export function assertUserinfoError(r, code, status) {
  assert.equal(r.body?.error?.code, code, `expected user info error ${code}, got HTTP ${r.status} ${r.text}`);
  assert.equal(r.status, status, `HTTP status for ${code}: ${r.text}`);
  assert.match(String(r.body.error.log_id), LOG_ID_RE, 'error.log_id format');
  assert.equal(typeof r.body.error.message, 'string');
  assert.match(r.headers.get('content-type') ?? '', /^application\/json\b/i, 'Content-Type application/json');
}

/** True when the access token still works at user info. */
export async function accessWorks(server, accessToken) {
  const r = await server.userinfo(accessToken, 'open_id');
  if (r.status === 200 && r.body?.error?.code === 'ok') return true;
  assert.equal(r.body?.error?.code, 'access_token_invalid', `user info answered neither ok nor access_token_invalid: ${r.status} ${r.text}`);
  assert.equal(r.status, 401);
  return false;
}
