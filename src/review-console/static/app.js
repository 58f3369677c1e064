/**
 * The console's shell: signing in and out, and which view the address shows. Routes live in the
 * fragment (#/, #/work, #/entries, #/search, #/allowlist, #/complainants/<id>) and hold ids only —
 * never the token, never a searched identifier.
 */
import { currentUser, onSessionLost, signIn, signOut } from './api.js';
import { announce, errorBox, formatTime } from './dom.js';
import { ROLE_LABELS } from './labels.js';
import { renderComplainant } from './complainant.js';
import { renderQueue, resetQueue } from './queue.js';
import { renderDesk, renderEntries, resetEntries } from './entries.js';
import { renderSearch } from './search.js';
import { renderAllowlist } from './allowlist.js';
import { initProviderSignIn, providerSignIn, signOutOfProvider } from './signin.js';

const VIEWS = { '#/work': renderDesk, '#/entries': renderEntries, '#/search': renderSearch, '#/allowlist': renderAllowlist };

const signInSection = document.getElementById('sign-in');
const signInForm = document.getElementById('sign-in-form');
const signInError = document.getElementById('sign-in-error');
const tokenInput = document.getElementById('token');
const session = document.getElementById('session');
const who = document.getElementById('who');
const nav = document.getElementById('nav');
const view = document.getElementById('view');

// Each render gets a ticket; an answer arriving after a newer navigation is dropped.
let renders = 0;

async function show(render, { focus }) {
  const ticket = ++renders;
  view.setAttribute('aria-busy', 'true');
  try {
    const node = await render(() => show(render, { focus: false }));
    if (ticket !== renders || !currentUser()) return;
    view.replaceChildren(node);
    if (focus) view.querySelector('h1')?.focus();
  } catch (err) {
    if (ticket === renders && currentUser()) view.replaceChildren(errorBox(err, '无法加载'));
  } finally {
    if (ticket === renders) view.removeAttribute('aria-busy');
  }
}

function route() {
  const user = currentUser();
  if (!user) return;
  announce('');
  const match = /^#\/complainants\/([^/]+)$/.exec(location.hash);
  const view = VIEWS[location.hash];
  if (match) show((refresh) => renderComplainant(decodeURIComponent(match[1]), { user, refresh }), { focus: true });
  else if (view) show((refresh) => view(refresh, { user }), { focus: true });
  else show(renderQueue, { focus: true });
}

function enter(me) {
  // A key with an expiry says when it stops working, so nobody is cut off mid-review unawares.
  who.textContent = `${me.displayName ?? me.name}（${ROLE_LABELS[me.role] ?? me.role}）${me.expiresAt ? ` · 密钥有效期至 ${formatTime(me.expiresAt)}` : ''}`;
  signInSection.hidden = true;
  session.hidden = false;
  nav.hidden = false;
  view.hidden = false;
  route();
}

/** Forgets the token and everything shown with it. */
function leave(message) {
  signOut();
  resetQueue();
  resetEntries();
  renders++;
  view.replaceChildren();
  view.hidden = true;
  session.hidden = true;
  nav.hidden = true;
  who.textContent = '';
  signInSection.hidden = false;
  announce(message);
  tokenInput.focus();
}

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  tokenInput.value = '';
  signInError.replaceChildren();
  try {
    enter(await signIn(token));
  } catch (err) {
    signInError.replaceChildren(errorBox(err, '登录失败'));
    tokenInput.focus();
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  if (!(await signOutOfProvider())) leave('已退出登录，令牌已从本页清除。');
});

onSessionLost((err) => {
  leave(providerSignIn() ? '会话已结束，请重新登录。' : '令牌已失效，请重新登录。');
  signInError.replaceChildren(errorBox(err, '会话已结束'));
});

window.addEventListener('hashchange', route);

// Whether this installation signs staff in through a provider, and whether this browser already
// holds a session there, only the service knows.
initProviderSignIn(enter).catch((err) => signInError.replaceChildren(errorBox(err, '登录失败')));
