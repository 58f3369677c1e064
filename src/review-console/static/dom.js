/**
 * Building the page without HTML strings: every value from the API becomes a text node, so nothing
 * a complainant wrote can turn into markup.
 */
import { DETAIL_MESSAGES, ERROR_LABELS, FIELD_LABELS } from './labels.js';

/**
 * el('a', { href: '#/', class: 'x', on: { click } }, 'text', child, [more]) — strings become text
 * nodes; null, undefined and false children are skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(visible(child)));
  }
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Control characters are stored as sent (the contract) and shown as visible escapes, like \u0007. */
export function visible(text) {
  return String(text).replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Resident ID numbers and mainland mobile numbers, wherever they stand in free text. */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{4})(\d{10})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)((?:\+?86[ -]?)?1[3-9]\d)([ -]?)(\d{4})([ -]?)(\d{4})(?!\d)/g;

/**
 * Free text (complaint texts, reasons, defences) may quote identifiers the API masks elsewhere;
 * the console shows them masked too, in the API's form (3303**********1235, 138****8000).
 */
export function maskText(text) {
  return String(text ?? '')
    .replace(ID_NUMBER, (_m, head, middle, tail) => `${head}${'*'.repeat(middle.length)}${tail}`)
    .replace(MOBILE, (_m, head, s1, mid, s2, tail) => `${head}${s1}****${s2}${tail}`);
}

/** API times are RFC 3339 in +08:00, so the Shanghai wall-clock time is the string itself. */
export function formatTime(value) {
  return value ? String(value).slice(0, 16).replace('T', ' ') : '—';
}

export function formatDate(value) {
  return value ? String(value).slice(0, 10) : '—';
}

/** A definition list from [term, description] pairs, skipping empty descriptions (numbers come formatted as text). */
export function facts(pairs, className = 'facts') {
  const dl = el('dl', { class: className });
  for (const [term, desc] of pairs) {
    if (!desc || (Array.isArray(desc) && desc.length === 0)) continue;
    dl.append(el('dt', {}, term), el('dd', {}, desc));
  }
  return dl;
}

/** A detail of a refusal in Chinese: the field by its label, the problem by its meaning. */
function detailText(d) {
  const field = String(d?.path ?? '')
    .split('/')
    .filter((part) => part && !/^\d+$/.test(part) && part !== 'body' && part !== 'querystring')
    .map((part) => FIELD_LABELS[part])
    .filter(Boolean)
    .at(-1);
  const message = String(d?.message ?? '');
  for (const [pattern, text] of DETAIL_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return `${field ? `${field}：` : ''}${typeof text === 'function' ? text(m) : text}`;
  }
  return `${field ?? '提交的内容'}：不符合要求`;
}

/**
 * An API error as the reviewer should read it: what it means in Chinese, each detail by field,
 * and the code (for telling support); the service's English message and field paths stay out.
 */
export function errorBox(err, prefix = '操作未完成') {
  const code = err?.code ?? 'INTERNAL';
  const explanation = ERROR_LABELS[code] ?? (err?.status >= 500 ? ERROR_LABELS.INTERNAL : '请求被拒绝。');
  const details = Array.isArray(err?.details) ? err.details : [];
  return el(
    'div',
    { class: 'error', role: 'alert' },
    el('p', {}, el('strong', {}, `${prefix}：`), explanation),
    details.length > 0 && el('ul', {}, [...new Set(details.map(detailText))].map((text) => el('li', {}, text))),
    el('p', { class: 'error-code' }, `错误代码 ${code}`, err?.status ? `（HTTP ${err.status}）` : ''),
  );
}

/** A person as lists show them: masked name, masked ID number, region. */
export function personText(person) {
  if (!person) return '—';
  return [person.name || '（未登记姓名）', person.idMasked, person.region].filter(Boolean).join(' · ');
}

/** Days left until an RFC 3339 time (+08:00), by Shanghai calendar date; negative once past. */
export function daysUntil(value, now = new Date()) {
  if (!value) return null;
  const day = (d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return Math.round((day(String(value).slice(0, 10)) - day(today)) / 86_400_000);
}

export function badge(text, kind) {
  return el('span', { class: `badge badge-${kind}` }, text);
}

/** The live region at the top of the page: what just happened, for everyone and for screen readers. */
export function announce(message) {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}
