// Starts `loginkit sandbox` the way an app team's test would: a seed file, a state folder, and
// whatever it prints. Self-contained (tests/thirdparty does not depend on tests/integration).
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loginkitBin } from "../lib/loginkit.mjs";

/** Parses the `export NAME='value'` lines of sandbox.env. */
export function parseEnvFile(text) {
  const env = {};
  for (const line of text.split("\n")) {
    const m = /^export ([A-Z0-9_]+)='((?:[^']|'\\'')*)'$/.exec(line);
    if (m) env[m[1]] = m[2].replaceAll("'\\''", "'");
  }
  return env;
}

export async function startSandbox({ seed, args = [], state } = {}) {
  const own = !state;
  const stateDir = state ?? (await mkdtemp(path.join(tmpdir(), "loginkit-sandbox-")));
  const argv = ["sandbox", "--state", stateDir, "--listen", "127.0.0.1:0", "--ops-listen", "127.0.0.1:0"];
  if (seed) argv.push("--seed", seed);
  argv.push(...args);
  const proc = spawn(loginkitBin(), argv, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout.setEncoding("utf8");
  proc.stderr.setEncoding("utf8");
  proc.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail("did not print its ready line within 20 s"), 20000);
    function fail(why) {
      clearTimeout(timer);
      proc.kill("SIGKILL");
      reject(new Error(`loginkit sandbox ${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }
    proc.stdout.on("data", (d) => {
      stdout += d;
      // The summary ends with the base-URL line; it is printed in one write.
      if (/^loginkit sandbox ready in \d+ ms$/m.test(stdout) && /base URL, for libraries/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then((e) => fail(`exited before it was ready (${JSON.stringify(e)})`));
  });
  const env = parseEnvFile(await readFile(path.join(stateDir, "sandbox.env"), "utf8"));
  const ca = await readFile(env.LOGINKIT_SANDBOX_CA, "utf8");

  async function admin(method, urlPath, body) {
    const res = await fetch(env.LOGINKIT_SANDBOX_ADMIN_URL + urlPath, {
      method,
      headers: {
        Authorization: `Bearer ${env.LOGINKIT_SANDBOX_ADMIN_TOKEN}`,
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

  async function stop() {
    proc.kill("SIGTERM");
    const t = setTimeout(() => proc.kill("SIGKILL"), 5000);
    const e = await exited;
    clearTimeout(t);
    if (own) await rm(stateDir, { recursive: true, force: true });
    return e;
  }

  return { env, ca, stateDir, admin, stop, stdout: () => stdout, stderr: () => stderr, proc };
}
