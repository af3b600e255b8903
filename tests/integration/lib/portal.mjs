// Helpers for the developer portal's forms (docs/server-contract.md "Developer portal"), on top
// of lib/server.mjs. Every form carries a hidden csrf input; the session cookie is lk_dev.

import assert from 'node:assert/strict';
import { CookieJar, parseForms, decodeEntities, uniq } from './server.mjs';

/** The hidden csrf value of the first form on a page (or of the form posting to `action`). */
export function csrfOf(html, action) {
  const forms = parseForms(html);
  const form = action ? forms.find((f) => (f.attrs.action ?? '') === action) : forms[0];
  assert.ok(form, `page has a form${action ? ` posting to ${action}` : ''}`);
  const input = form.inputs.find((i) => i.name === 'csrf');
  assert.ok(input && input.value, 'form has a csrf input');
  return input.value;
}

/** Signs a new developer up through GET/POST /portal/signup; returns {email, name, password, jar}. */
export async function portalSignUp(server, { email = `${uniq('dev')}@example.com`, name = 'Portal Developer', password = `portal-pw-${uniq('p')}`, jar = new CookieJar() } = {}) {
  const page = await server.get('/portal/signup', { jar });
  assert.equal(page.status, 200, `GET /portal/signup -> ${page.status}`);
  const res = await server.postForm('/portal/signup', { csrf: csrfOf(page.text, '/portal/signup'), email, name, password }, { jar });
  assert.equal(res.status, 303, `POST /portal/signup -> ${res.status} ${res.text.slice(0, 300)}`);
  assert.ok(jar.get('lk_dev'), 'sign-up sets the lk_dev cookie');
  return { email, name, password, jar };
}

/** Signs a developer in through GET/POST /portal/signin; returns the jar. */
export async function portalSignIn(server, email, password, { jar = new CookieJar() } = {}) {
  const page = await server.get('/portal/signin', { jar });
  assert.equal(page.status, 200, `GET /portal/signin -> ${page.status}`);
  const form = parseForms(page.text).find((f) => f.attrs.action === '/portal/signin');
  assert.ok(form, 'sign-in form');
  const fields = {};
  for (const i of form.inputs) if (i.name && (i.type ?? '').toLowerCase() === 'hidden') fields[i.name] = i.value ?? '';
  const res = await server.postForm('/portal/signin', { ...fields, email, password }, { jar });
  assert.equal(res.status, 303, `POST /portal/signin -> ${res.status} ${res.text.slice(0, 300)}`);
  assert.ok(jar.get('lk_dev'), 'sign-in sets the lk_dev cookie');
  return jar;
}

/** Creates an app through the portal form; returns {client_key, client_secret, name, page}. */
export async function portalCreateApp(server, jar, name = uniq('PortalApp')) {
  const list = await server.get('/portal/apps', { jar });
  assert.equal(list.status, 200, `GET /portal/apps -> ${list.status}`);
  const res = await server.postForm('/portal/apps', { csrf: csrfOf(list.text, '/portal/apps'), name }, { jar });
  assert.equal(res.status, 200, `POST /portal/apps -> ${res.status} ${res.text.slice(0, 300)}`);
  const key = res.text.match(/id="client-key"[^>]*>([^<]+)</);
  const secret = res.text.match(/id="client-secret"[^>]*>([^<]+)</);
  assert.ok(key && secret, 'the page shows the client key and the client secret');
  return { client_key: decodeEntities(key[1].trim()), client_secret: decodeEntities(secret[1].trim()), name, page: res };
}

/**
 * POSTs a form of an app page (fields: object or [[k, v], …] pairs); fetches the page for its
 * csrf first. Returns the response (303 back to the app page on success).
 */
export async function portalPost(server, jar, clientKey, suffix, fields) {
  const page = await server.get(`/portal/apps/${clientKey}`, { jar });
  assert.equal(page.status, 200, `GET /portal/apps/${clientKey} -> ${page.status}`);
  const form = new URLSearchParams([['csrf', csrfOf(page.text)], ...(Array.isArray(fields) ? fields : Object.entries(fields))]);
  return server.postForm(`/portal/apps/${clientKey}/${suffix}`, form, { jar });
}
