/**
 * The allow-list: who is exempt from automatic flags, until when and why; revoking an entry asks
 * for confirmation first. Entries are added from a person's page.
 */
import { deleteJson, getJson } from './api.js';
import { announce, el, errorBox, formatDate, formatTime, maskText } from './dom.js';

export async function renderAllowlist(refresh) {
  const { items } = await getJson('/v1/allowlist');
  const active = (a) => !a.revokedAt && Date.parse(a.expiresAt) > Date.now();
  return el(
    'section',
    { 'aria-labelledby': 'allow-title' },
    el('h1', { id: 'allow-title', tabindex: '-1' }, '白名单'),
    el('p', { class: 'hint' }, '白名单内的当事人在有效期内不会被系统自动标记（已有的名录记录不受影响）。新增请在当事人页面办理。'),
    items.length === 0
      ? el('p', { class: 'empty' }, '白名单为空。')
      : el(
          'table',
          { class: 'allowlist' },
          el('thead', {}, el('tr', {}, ['当事人', '理由', '有效期至', '登记', '状态', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
          el(
            'tbody',
            {},
            items.map((a) =>
              el(
                'tr',
                {},
                el('th', { scope: 'row' }, el('a', { href: `#/complainants/${encodeURIComponent(a.complainantId)}` }, a.complainantId)),
                el('td', { class: 'reason' }, maskText(a.reason)),
                el('td', {}, formatDate(a.expiresAt)),
                el('td', {}, `${formatTime(a.createdAt)}（${a.createdBy}）`),
                el('td', {}, a.revokedAt ? `已于 ${formatDate(a.revokedAt)} 撤销（${a.revokedBy}）` : active(a) ? '有效' : '已过期'),
                el('td', {}, active(a) ? revokeButton(a, refresh) : '—'),
              ),
            ),
          ),
        ),
  );
}

/** Revoking needs a second click on a confirmation that says what follows. */
export function revokeButton(a, refresh) {
  const holder = el('div', { class: 'confirm' });
  const start = el('button', { type: 'button', class: 'small' }, '撤销');
  start.addEventListener('click', () => {
    const yes = el('button', { type: 'button' }, '确认撤销');
    const no = el('button', { type: 'button', class: 'small' }, '取消');
    no.addEventListener('click', () => holder.replaceChildren(start));
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await deleteJson(`/v1/allowlist/${encodeURIComponent(a.id)}`);
        announce('已撤销白名单。此后的评估若达到“需审查”，系统将重新自动标记。');
        refresh();
      } catch (err) {
        holder.append(errorBox(err, '撤销失败'));
        yes.disabled = false;
      }
    });
    holder.replaceChildren(el('p', {}, '撤销后，该当事人此后的评估达到“需审查”时将被自动标记。'), yes, ' ', no);
  });
  holder.append(start);
  return holder;
}
