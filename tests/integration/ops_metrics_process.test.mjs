// GET /metrics beyond the registry: the process_* families of the Prometheus client libraries
// (read from /proc at scrape time), loginkit_build_info with the binary's version, and the
// latency histogram split by outcome as well as by endpoint.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, BIN } from './lib/server.mjs';
import { parseMetrics, value, scrapeMetrics, openConnections } from './lib/metrics.mjs';

const PROCESS = {
  process_cpu_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  process_virtual_memory_bytes: 'gauge',
  process_open_fds: 'gauge',
  process_max_fds: 'gauge',
  process_start_time_seconds: 'gauge',
};
const DURATION = 'loginkit_http_request_duration_seconds';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** The one sample of a family without labels (asserts there is exactly one). */
function only(snap, name) {
  const found = snap.samples.filter((s) => s.name === name);
  assert.equal(found.length, 1, `one ${name} sample: ${JSON.stringify(found)}`);
  return found[0];
}

test('the whole exposition parses line by line, each family typed once and every sample in a typed family', async () => {
  const r = await server.get('/metrics');
  assert.equal(r.status, 200);
  assert.ok(r.text.endsWith('\n'));
  const snap = parseMetrics(r.text); // asserts every line and one # TYPE / # HELP per family
  const lines = r.text.split('\n').filter((l) => l !== '');
  assert.equal(lines.filter((l) => !l.startsWith('#')).length, snap.samples.length, 'every other line is a sample');
  for (const s of snap.samples) {
    const family = snap.types.has(s.name) ? s.name : s.name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(snap.types.has(family), `${s.name} belongs to a typed family`);
    assert.ok(Number.isFinite(s.value), `${s.name} ${JSON.stringify(s.labels)} = ${s.value}`);
  }
});

test('process_* families: typed, described and plausible for a running server', async () => {
  const snap = await scrapeMetrics(server);
  for (const [family, type] of Object.entries(PROCESS)) {
    assert.equal(snap.types.get(family), type, `# TYPE ${family} ${type}`);
    assert.ok((snap.help.get(family) ?? '').length > 0, `# HELP ${family}`);
    const s = only(snap, family);
    assert.deepEqual(s.labels, {}, `${family} has no labels`);
    assert.ok(s.value >= 0, `${family} = ${s.value}`);
  }
  const v = (n) => only(snap, n).value;
  assert.ok(v('process_resident_memory_bytes') > 1024 * 1024, `resident memory > 1 MiB: ${v('process_resident_memory_bytes')}`);
  assert.ok(v('process_virtual_memory_bytes') >= v('process_resident_memory_bytes'), 'virtual >= resident');
  assert.ok(v('process_open_fds') > 0 && Number.isInteger(v('process_open_fds')), `open fds: ${v('process_open_fds')}`);
  assert.ok(v('process_max_fds') >= v('process_open_fds'), `max fds ${v('process_max_fds')} >= open fds`);
  const now = Date.now() / 1000;
  const start = v('process_start_time_seconds');
  assert.ok(start <= now + 1 && start > now - 3600, `started within the last hour: ${start} (now ${now})`);
});

test('process_* are read at scrape time: open descriptors follow connections, CPU time does not go back', async () => {
  const first = await scrapeMetrics(server);
  const fds = () => scrapeMetrics(server).then((s) => only(s, 'process_open_fds').value);
  const base = only(first, 'process_open_fds').value;
  const K = 5;
  const sockets = [];
  try {
    sockets.push(...(await openConnections(server.base, K)));
    let seen;
    for (let i = 0; i < 200; i++) {
      seen = await fds();
      if (seen >= base + K) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(seen >= base + K, `${K} more connections show as ${K} more descriptors: ${base} -> ${seen}`);
  } finally {
    for (const sock of sockets) sock.destroy();
  }
  const later = await scrapeMetrics(server);
  assert.ok(only(later, 'process_cpu_seconds_total').value >= only(first, 'process_cpu_seconds_total').value, 'CPU time is a counter');
});

test('loginkit_build_info: a gauge at 1 labelled with the version `loginkit --version` prints and the store engine', async () => {
  const printed = execFileSync(BIN, ['--version'], { encoding: 'utf8' }).trim();
  const version = printed.replace(/^loginkit /, '');
  assert.ok(version && version !== printed, `--version prints "loginkit VERSION": ${printed}`);
  const snap = await scrapeMetrics(server);
  assert.equal(snap.types.get('loginkit_build_info'), 'gauge');
  assert.ok((snap.help.get('loginkit_build_info') ?? '').length > 0);
  const info = only(snap, 'loginkit_build_info');
  assert.equal(info.value, 1);
  assert.equal(info.labels.version, version);
  assert.equal(info.labels.store, process.env.LOGINKIT_STORE ? 'postgres' : 'sqlite');
  assert.match(info.labels.boost ?? '', /^1\.\d+\.\d+$/, `boost label: ${info.labels.boost}`);
  assert.ok((info.labels.compiler ?? '').length > 0, 'compiler label');
});

test('the latency histogram splits one endpoint by outcome: a 200 is ok, a refused method is client_error', async () => {
  const app = await server.createApp({ name: 'OutcomeApp' });
  const before = await scrapeMetrics(server);
  const ok = await server.token({ client_key: app.client_key, client_secret: app.client_secret, grant_type: 'client_credentials' });
  assert.equal(ok.status, 200, ok.text);
  const bad = await server.request('GET', '/v2/oauth/token/');
  assert.equal(bad.status, 405);
  const afterSnap = await scrapeMetrics(server);
  const d = (name, labels) => value(afterSnap, name, labels) - value(before, name, labels);
  for (const [outcome, n] of [['ok', 1], ['client_error', 1], ['server_error', 0], ['refused', 0]]) {
    const labels = { endpoint: 'token', outcome };
    assert.equal(d(`${DURATION}_count`, labels), n, `_count ${JSON.stringify(labels)} moved by ${n}`);
    assert.equal(d(`${DURATION}_bucket`, { ...labels, le: '+Inf' }), n, `+Inf ${JSON.stringify(labels)} moved by ${n}`);
  }
  // The request counter keeps its labels (endpoint, api_version, status): no outcome there.
  for (const s of afterSnap.samples.filter((x) => x.name === 'loginkit_http_requests_total')) {
    assert.deepEqual(Object.keys(s.labels).sort(), ['api_version', 'endpoint', 'status']);
  }
});
