/**
 * Signing in through the organisation's identity provider (统一身份认证), when the service has one.
 * At load the page asks GET /auth/session: with a provider it offers a link to /auth/oidc/login in
 * place of the token form, and enters at once when the browser already holds a session. The session
 * cookie is httpOnly — this page never sees it — and every writing request carries the session's
 * CSRF token (api.js). Without a provider nothing changes: the token form stays.
 */
import { adoptSession, postJson } from './api.js';
import { el } from './dom.js';

let provider = false;

/** Whether staff sign in through the identity provider on this installation. */
export function providerSignIn() {
  return provider;
}

/** Sets the sign-in section up for the provider (if there is one) and enters when a session is in force. */
export async function initProviderSignIn(enter) {
  let info;
  try {
    const res = await fetch('/auth/session', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return;
    info = await res.json();
  } catch {
    return;
  }
  if (!info.oidc) return;
  provider = true;
  const section = document.getElementById('sign-in');
  const form = document.getElementById('sign-in-form');
  section.querySelector('p')?.remove();
  form.hidden = true;
  form.before(
    el('p', {}, '请使用本单位统一身份认证账号登录。登录后的会话由服务器保管，长时间未操作或超过最长时限会自动结束。'),
    el('p', {}, el('a', { id: 'provider-sign-in', class: 'button', href: '/auth/oidc/login' }, '通过统一身份认证登录')),
  );
  if (info.session) enter(adoptSession(info.session));
}

/**
 * Ends a provider session here, then at the provider when it has a sign-out address (it sends the
 * browser back to the console). Returns false when the page was signed in by token instead.
 */
export async function signOutOfProvider() {
  if (!provider) return false;
  let answer = { endSessionUrl: null };
  try {
    answer = await postJson('/auth/signout', {});
  } catch {
    // Already ended here (timed out, say): the provider's session may still be open, the page reloads anyway.
  }
  location.assign(answer.endSessionUrl ?? '/console');
  return true;
}
