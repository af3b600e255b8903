// The Prometheus text format (exposition format 0.0.4), parsed strictly for the metrics tests:
// every line must be a # HELP / # TYPE line, another comment, or a well-formed sample.

import assert from 'node:assert/strict';
import net from 'node:net';

export function parseLabels(text, line) {
  const labels = {};
  if (!text) return labels;
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/gy;
  let m;
  let consumed = 0;
  while (consumed < text.length && (m = re.exec(text))) {
    labels[m[1]] = m[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    consumed = re.lastIndex;
  }
  assert.equal(consumed, text.length, `labels of a sample line parse: ${line}`);
  return labels;
}

export function parseValue(v, line) {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  const n = Number(v);
  assert.ok(!Number.isNaN(n), `sample value is a number: ${line}`);
  return n;
}

/** Parses the Prometheus text format: {types, help, samples:[{name, labels, value}]}. */
export function parseMetrics(text) {
  const types = new Map();
  const help = new Map();
  const samples = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = line.match(/^# (TYPE|HELP) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/);
      if (!m) continue; // other comments are allowed
      const map = m[1] === 'TYPE' ? types : help;
      assert.ok(!map.has(m[2]), `one # ${m[1]} line per family (${m[2]})`);
      map.set(m[2], m[3]);
      continue;
    }
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?[ \t]+(\S+)(?:[ \t]+-?\d+)?$/);
    assert.ok(m, `sample line parses: ${JSON.stringify(line)}`);
    samples.push({ name: m[1], labels: parseLabels(m[2], line), value: parseValue(m[3], line) });
  }
  return { types, help, samples };
}

/** Sum of the samples named `name` whose labels include every pair of `labels` (0 when none). */
export function value(snap, name, labels = {}) {
  let sum = 0;
  for (const s of snap.samples) {
    if (s.name !== name) continue;
    if (Object.entries(labels).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  }
  return sum;
}

/** Waits until every request sent through the harness has its access-log line. */
export async function settleLogs(s) {
  const deadline = Date.now() + 5000;
  while (s.logs.length < s.requestCount) {
    assert.ok(Date.now() < deadline, `every request gets a log line: ${s.logs.length} lines for ${s.requestCount} requests`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function scrapeMetrics(s) {
  await settleLogs(s);
  const r = await s.get('/metrics');
  assert.equal(r.status, 200, `GET /metrics -> ${r.status}`);
  return parseMetrics(r.text);
}

/** Opens k idle TCP connections to the listener at `base` (a URL); the caller destroys them. */
export async function openConnections(base, k) {
  const sockets = [];
  for (let i = 0; i < k; i++) {
    const sock = net.connect(Number(new URL(base).port), '127.0.0.1');
    sockets.push(sock);
    await new Promise((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
  }
  return sockets;
}
