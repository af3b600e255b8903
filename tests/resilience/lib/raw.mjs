// Byte-level HTTP/1.1 over node:net for the hostile-client tests: requests are sent exactly as
// given (no URL normalisation, no header validation), and the answer is parsed by hand.

import net from 'node:net';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are well-formed UTF-8. */
export function isUtf8(bytes) {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Percent-decodes a query/form component to bytes ('+' is a space), or null when malformed. */
export function percentDecodeBytes(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (ch === '+') out.push(0x20);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(out);
}

/** The raw (still percent-encoded) value of `name` in a query string, or undefined. */
export function rawParam(query, name) {
  for (const pair of query.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    const k = eq < 0 ? pair : pair.slice(0, eq);
    if (k === name) return eq < 0 ? '' : pair.slice(eq + 1);
  }
  return undefined;
}

/** Parses one HTTP/1.x response head + body from `buf`; null when incomplete. */
function parseResponse(buf, closed) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1');
  const [statusLine, ...lines] = head.split('\r\n');
  const m = statusLine.match(/^HTTP\/1\.[01] (\d{3})/);
  if (!m) return { status: 0, headers: {}, rawHeaders: head, body: buf.subarray(end + 4), bad: true };
  const headers = {};
  const rawHeaderBytes = {};
  let offset = statusLine.length + 2;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      const valueStart = offset + colon + 1;
      rawHeaderBytes[name] = buf.subarray(valueStart, offset + line.length);
    }
    offset += line.length + 2;
  }
  const rest = buf.subarray(end + 4);
  let body;
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (rest.length < n) return closed ? { status: Number(m[1]), headers, rawHeaderBytes, body: rest, truncated: true } : null;
    body = rest.subarray(0, n);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks = [];
    let p = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', p);
      if (lineEnd < 0) return closed ? { status: Number(m[1]), headers, rawHeaderBytes, body: Buffer.concat(chunks), truncated: true } : null;
      const size = parseInt(rest.subarray(p, lineEnd).toString('latin1'), 16);
      if (size === 0) break;
      if (rest.length < lineEnd + 2 + size + 2) return closed ? { status: Number(m[1]), headers, rawHeaderBytes, body: Buffer.concat(chunks), truncated: true } : null;
      chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      p = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(chunks);
  } else {
    if (!closed) return null; // body until close
    body = rest;
  }
  return { status: Number(m[1]), headers, rawHeaderBytes, body };
}

/**
 * Sends `data` (Buffer or string, latin1) to 127.0.0.1:port and resolves with
 * {status, headers, rawHeaderBytes, body (Buffer), text, json, closed, reset, timedOut, ms}.
 * status is 0 when no answer came before the connection closed.
 */
export function rawExchange(port, data, { timeoutMs = 10_000, host = '127.0.0.1' } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ port, host });
    let buf = Buffer.alloc(0);
    let done = false;
    let reset = false;
    const finish = (closed, timedOut = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const r = parseResponse(buf, true) ?? { status: 0, headers: {}, rawHeaderBytes: {}, body: Buffer.alloc(0) };
      socket.destroy();
      const text = r.body.toString('utf8');
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      resolve({ ...r, text, json, closed, reset, timedOut, ms: Date.now() - started, raw: buf });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on('connect', () => socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data));
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (parseResponse(buf, false)) finish(false);
    });
    socket.on('error', (e) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') reset = true;
    });
    socket.on('close', () => finish(true));
  });
}

/**
 * Builds a request. `target` and header values are taken as latin1 strings (bytes 0-255);
 * body may be a string (latin1) or Buffer. Adds Host, Content-Length (when a body is given) and
 * Connection: close unless given.
 */
export function buildRequest(method, target, { headers = {}, body, host = 'localhost' } = {}) {
  const h = { host, connection: 'close', ...headers };
  const bodyBuf = body === undefined ? null : typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  if (bodyBuf && h['content-length'] === undefined && h['transfer-encoding'] === undefined) h['content-length'] = String(bodyBuf.length);
  let head = `${method} ${target} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(h)) if (v !== null) head += `${k}: ${v}\r\n`;
  head += '\r\n';
  return bodyBuf ? Buffer.concat([Buffer.from(head, 'latin1'), bodyBuf]) : Buffer.from(head, 'latin1');
}

/** One raw request; see rawExchange. */
export function rawRequest(port, method, target, opts = {}) {
  return rawExchange(port, buildRequest(method, target, opts), opts);
}

/** A form POST with a raw (already encoded) body. */
export function rawForm(port, target, body, { headers = {}, ...opts } = {}) {
  return rawRequest(port, 'POST', target, {
    ...opts,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}
