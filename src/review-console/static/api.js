/**
 * The only holder of the token: a module variable, never written to storage, cookies or URLs, so
 * it is gone when the page is closed or reloaded. Every request goes to this origin only. Signed in
 * through the identity provider (signin.js) there is no token: the browser sends the httpOnly
 * session cookie, and writing requests carry the session's CSRF token.
 */

const CONSOLE_ROLES = ['reviewer', 'supervisor'];

let session = null;
let onLost = () => {};

/** An answer in the contract's error shape, `{"error": {"code", "message", "details"}}`. */
export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

async function send(method, path, { token, csrf, body, accept = 'application/json' }) {
  const headers = token ? { accept, authorization: `Bearer ${token}` } : { accept };
  if (!token && csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: token ? 'omit' : 'same-origin',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', String(err && err.message ? err.message : err));
  }
  if (res.ok) return res;
  let error = null;
  try {
    error = (await res.json()).error;
  } catch {
    // Not the contract's shape (a proxy in between, say): fall back to the status line.
  }
  throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? res.statusText, error?.details ?? []);
}

async function call(method, path, options) {
  if (!session) throw new ApiError(401, 'UNAUTHENTICATED', 'Not signed in.');
  try {
    return await send(method, path, { token: session.token, csrf: session.csrf, ...options });
  } catch (err) {
    // A revoked token ends the session everywhere on the page, not just in the view that noticed.
    if (err instanceof ApiError && err.status === 401) {
      session = null;
      onLost(err);
    }
    throw err;
  }
}

/** Checks the token with GET /v1/me and keeps it only if it belongs to a reviewer or supervisor. */
export async function signIn(token) {
  const me = await (await send('GET', '/v1/me', { token })).json();
  if (!CONSOLE_ROLES.includes(me.role)) throw new ApiError(403, 'CONSOLE_ROLE', `The ${me.role} role cannot use the console.`);
  session = { token, name: me.name, role: me.role, expiresAt: me.expiresAt };
  return { name: me.name, role: me.role, expiresAt: me.expiresAt };
}

/** A session from signing in through the identity provider (GET /auth/session), kept like a token's. */
export function adoptSession(me) {
  if (!CONSOLE_ROLES.includes(me.role)) throw new ApiError(403, 'CONSOLE_ROLE', `The ${me.role} role cannot use the console.`);
  session = { csrf: me.csrfToken, name: me.name, displayName: me.displayName, role: me.role };
  return currentUser();
}

export function signOut() {
  session = null;
}

export function currentUser() {
  return session && { name: session.name, displayName: session.displayName, role: session.role, expiresAt: session.expiresAt };
}

/** Called once when a request answers 401 during a session. */
export function onSessionLost(fn) {
  onLost = fn;
}

export async function getJson(path) {
  return (await call('GET', path, {})).json();
}

export async function postJson(path, body) {
  return (await call('POST', path, { body })).json();
}

export async function getHtml(path) {
  return (await call('GET', path, { accept: 'text/html' })).text();
}

export async function deleteJson(path) {
  return (await call('DELETE', path, {})).json();
}

/** A file the API answers as an attachment (the export), as a Blob for a download link. */
export async function getBlob(path, accept) {
  return (await call('GET', path, { accept })).blob();
}
