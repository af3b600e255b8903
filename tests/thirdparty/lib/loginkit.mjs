// Small helpers for driving a real loginkit process from node:test.
// Self-contained on purpose: tests/thirdparty does not depend on tests/integration.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** $LOGINKIT_BIN, else the first of build/{debug,release,asan-ubsan}/loginkit that exists. */
export function loginkitBin() {
  if (process.env.LOGINKIT_BIN) return process.env.LOGINKIT_BIN;
  for (const preset of ["debug", "release", "asan-ubsan"]) {
    const p = path.join(repoRoot, "build", preset, "loginkit");
    if (existsSync(p)) return p;
  }
  throw new Error(
    "loginkit binary not found: set LOGINKIT_BIN or build it (cmake --preset debug && cmake --build --preset debug)",
  );
}

/**
 * Starts `loginkit serve` on a free loopback port with a fresh data dir and a config that
 * enables the admin API. `extraConfig` is appended to the TOML file verbatim.
 */
export async function startLoginkit({ extraConfig = "", testClock = true } = {}) {
  const bin = loginkitBin();
  const dir = await mkdtemp(path.join(tmpdir(), "loginkit-thirdparty-"));
  const dataDir = path.join(dir, "data");
  const configPath = path.join(dir, "loginkit.toml");
  const adminToken = "thirdparty-admin-" + Math.random().toString(36).slice(2);
  await writeFile(configPath, `admin_token = "${adminToken}"\n${extraConfig}\n`);
  await mkdir(dataDir, { recursive: true });

  // The admin API lives on the operations listener (its own loopback port).
  const args = ["serve", "--listen", "127.0.0.1:0", "--ops-listen", "127.0.0.1:0", "--data", dataDir, "--config", configPath];
  if (testClock) args.push("--test-clock");
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });

  const stdoutLines = [];
  let stderr = "";
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    proc.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  proc.stderr.setEncoding("utf8");
  proc.stderr.on("data", (d) => {
    stderr += d;
  });

  let opsBase;
  const base = await new Promise((resolve, reject) => {
    let publicBase;
    let buf = "";
    let done = false;
    const timer = setTimeout(() => {
      if (!done) {
        done = true;
        proc.kill("SIGKILL");
        reject(new Error(`loginkit did not print its listening line within 15 s\nstdout:\n${stdoutLines.join("\n")}\nstderr:\n${stderr}`));
      }
    }, 15000);
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        stdoutLines.push(line);
        const m = /^loginkit listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line.trim());
        if (m) publicBase = m[1];
        const o = /^loginkit ops listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line.trim());
        if (o) opsBase = o[1];
        if (publicBase && opsBase && !done) {
          done = true;
          clearTimeout(timer);
          resolve(publicBase);
        }
      }
    });
    exitPromise.then((e) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        reject(new Error(`loginkit exited before listening (${JSON.stringify(e)})\nstdout:\n${stdoutLines.join("\n")}\nstderr:\n${stderr}`));
      }
    });
  });

  async function admin(method, urlPath, body) {
    const res = await fetch(opsBase + urlPath, {
      method,
      headers: {
        Authorization: `Bearer ${adminToken}`,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  /** JSON request-log lines printed so far (the listening line excluded). */
  function logLines() {
    const out = [];
    for (const l of stdoutLines) {
      try {
        out.push(JSON.parse(l));
      } catch {
        /* not a JSON line */
      }
    }
    return out;
  }

  async function stop() {
    if (!exited) {
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await exitPromise;
      clearTimeout(t);
    }
    await rm(dir, { recursive: true, force: true });
    return exited;
  }

  return { base, opsBase, admin, logLines, stop, proc, stderr: () => stderr, dataDir };
}

/** A tiny cookie jar: name -> value, fed from Set-Cookie headers. */
export class CookieJar {
  constructor() {
    this.cookies = new Map();
  }
  update(res) {
    const list = typeof res.headers.getSetCookie === "function" ? res.headers.getSetCookie() : [];
    for (const sc of list) {
      const first = sc.split(";")[0];
      const eq = first.indexOf("=");
      if (eq <= 0) continue;
      const name = first.slice(0, eq).trim();
      const value = first.slice(eq + 1).trim();
      if (value === "" || /;\s*max-age=0/i.test(sc)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name) {
    return this.cookies.has(name);
  }
}

/** Browser-ish request: no automatic redirects, cookies sent and stored. */
export async function browse(jar, url, { method = "GET", form } = {}) {
  const headers = {};
  const c = jar.header();
  if (c) headers.Cookie = c;
  let body;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url, { method, headers, body, redirect: "manual" });
  jar.update(res);
  const text = await res.text();
  return { status: res.status, headers: res.headers, location: res.headers.get("location"), text };
}

function decodeEntities(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&amp;/g, "&");
}

function parseAttrs(tag) {
  const attrs = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  // skip the tag name
  const inner = tag.replace(/^<\s*[a-zA-Z]+/, "").replace(/\/?>$/, "");
  let m;
  while ((m = re.exec(inner))) {
    const v = m[2] ?? m[3] ?? m[4];
    attrs[m[1].toLowerCase()] = v === undefined ? "" : decodeEntities(v);
  }
  return attrs;
}

/**
 * Finds the <form> whose action path equals `actionPath` (with or without trailing slash) and
 * returns { method, action, fields } where fields are [name, value] pairs for hidden/text inputs
 * and ticked checkboxes (what a browser would submit, minus the submit buttons), plus
 * `buttons` ([name, value] of submit buttons).
 */
export function parseForm(html, actionPath) {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);
  const norm = (p) => p.replace(/\/+$/, "");
  for (const f of forms) {
    const open = parseAttrs(f.match(/<form\b[^>]*>/i)[0]);
    const action = open.action ?? "";
    const actionPathOnly = action.split("?")[0];
    if (norm(actionPathOnly) !== norm(actionPath)) continue;
    const fields = [];
    const buttons = [];
    for (const m of f.matchAll(/<input\b[^>]*>/gi)) {
      const a = parseAttrs(m[0]);
      if (!a.name) continue;
      const type = (a.type ?? "text").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if ("checked" in a) fields.push([a.name, a.value ?? "on"]);
      } else if (type === "submit") {
        buttons.push([a.name, a.value ?? ""]);
      } else {
        fields.push([a.name, a.value ?? ""]);
      }
    }
    for (const m of f.matchAll(/<button\b[^>]*>/gi)) {
      const a = parseAttrs(m[0]);
      if (a.name) buttons.push([a.name, a.value ?? ""]);
    }
    return { method: (open.method ?? "get").toLowerCase(), action, fields, buttons };
  }
  throw new Error(`no <form action="${actionPath}"> in page:\n${html.slice(0, 2000)}`);
}
