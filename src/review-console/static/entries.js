/**
 * Registry work: the desk (what needs the signed-in person today, by role) and the entries list
 * filtered by state or phase and by who holds them, with the CSV export.
 */
import { getBlob, getJson } from './api.js';
import { announce, badge, daysUntil, el, errorBox, formatDate, formatTime, personText } from './dom.js';
import { STATE_LABELS } from './labels.js';

const PAGE_SIZE = 25;

/** The list's filters: a state, or a phase of `notified` the service filters for (`defence`). */
const PHASES = [
  ['', '全部', {}],
  ['open', '未办结（全部在办）', { open: 'true' }],
  ['flagged', '已标记待审', { state: 'flagged' }],
  ['under_review', '审查中', { state: 'under_review' }],
  ['proposed', '已提议列入', { state: 'proposed' }],
  ['running', '已告知（申辩期内）', { defence: 'running' }],
  ['over', '申辩期已满（待决定）', { defence: 'over' }],
  ['listed', '已列入名录', { state: 'listed' }],
  ['dismissed', '已撤销', { state: 'dismissed' }],
  ['removed', '已移出', { state: 'removed' }],
];

const position = { phase: 'open', holder: '', mine: false, cursors: [null] };

/** What the signed-in person has to do, in the order a working day takes it. */
function desk(user) {
  const mine = { open: 'true', holder: user.name };
  const tasks = [
    ['我承办的在办事项', mine, '你认领或人工提议的、尚未办结的记录。'],
    ['待认领', { state: 'flagged' }, '系统标记、尚无人认领的记录。'],
    ['申辩期内（可登记申辩）', { defence: 'running' }, '已送达告知书、申辩期限未满的记录。'],
  ];
  if (user.role === 'supervisor')
    tasks.unshift(
      ['待批准告知书', { state: 'proposed' }, '已提议列入、等待另一位主管批准告知书的记录（含人工提议）。'],
      ['申辩期已满，待作出决定', { defence: 'over' }, '申辩期限已过，可决定列入或不予列入。'],
      ['已列入名录', { state: 'listed' }, '在册记录；到期前30日内可续期或提前移出。'],
    );
  return tasks;
}

function deadlineCell(entry) {
  if (entry.state === 'notified' && entry.deadline) {
    const days = daysUntil(entry.deadline);
    const text = days < 0 ? `申辩期已满（${formatDate(entry.deadline)}）` : days === 0 ? '今日届满' : `剩余 ${days} 天（至 ${formatDate(entry.deadline)}）`;
    return el('span', { class: days < 0 ? 'due' : 'running' }, text);
  }
  if (entry.state === 'listed' && entry.expiresAt) return `${formatDate(entry.expiresAt)} 到期${entry.sunsetReviewDue ? '（可续期）' : ''}`;
  return '—';
}

function entriesTable(items, caption) {
  return el(
    'table',
    { class: 'entries-list' },
    caption && el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ['当事人', '名录状态', '期限', '来源', '承办人', '创建时间', '记录'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      items.map((e) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('a', { href: `#/complainants/${encodeURIComponent(e.complainantId)}`, title: e.complainantId }, personText(e.person))),
          el('td', {}, badge(STATE_LABELS[e.state] ?? e.state, e.state)),
          el('td', {}, deadlineCell(e)),
          el('td', {}, e.origin === 'manual' ? '人工提议' : '系统标记'),
          el('td', {}, e.heldBy ?? '—'),
          el('td', {}, formatTime(e.createdAt)),
          el('td', {}, el('code', {}, e.id)),
        ),
      ),
    ),
  );
}

export async function renderDesk(_refresh, { user }) {
  const sections = await Promise.all(
    desk(user).map(async ([title, filter, hint], k) => {
      const page = await getJson(`/v1/registry/entries?${new URLSearchParams({ ...filter, limit: '10' })}`);
      const id = `desk-${k}`;
      return el(
        'section',
        { class: 'desk-task', 'aria-labelledby': id },
        el('h2', { id }, `${title}（${page.items.length}${page.nextCursor ? '+' : ''}）`),
        el('p', { class: 'hint' }, hint),
        page.items.length === 0 ? el('p', { class: 'empty' }, '暂无。') : entriesTable(page.items),
        page.nextCursor && el('p', {}, '仅显示最近10条，完整列表见“名录记录”。'),
      );
    }),
  );
  return el('section', { 'aria-labelledby': 'desk-title' }, el('h1', { id: 'desk-title', tabindex: '-1' }, '工作台'), sections);
}

export async function renderEntries(refresh, { user }) {
  const phase = PHASES.find(([key]) => key === position.phase) ?? PHASES[0];
  const params = new URLSearchParams({ ...phase[2], limit: String(PAGE_SIZE) });
  const holder = position.mine ? user.name : position.holder.trim();
  if (holder) params.set('holder', holder);
  const cursor = position.cursors.at(-1);
  if (cursor) params.set('cursor', cursor);
  const page = await getJson(`/v1/registry/entries?${params}`);
  const reset = () => {
    position.cursors = [null];
    refresh();
  };

  const select = el(
    'select',
    { id: 'entries-phase', on: { change: () => ((position.phase = select.value), reset()) } },
    PHASES.map(([key, label]) => el('option', { value: key, selected: key === position.phase }, label)),
  );
  const holderInput = el('input', { id: 'entries-holder', type: 'text', value: position.holder, disabled: position.mine, maxlength: '200' });
  holderInput.addEventListener('change', () => ((position.holder = holderInput.value), reset()));
  const mine = el('input', { id: 'entries-mine', type: 'checkbox', checked: position.mine });
  mine.addEventListener('change', () => ((position.mine = mine.checked), reset()));

  const pageNumber = position.cursors.length;
  return el(
    'section',
    { 'aria-labelledby': 'entries-title' },
    el('h1', { id: 'entries-title', tabindex: '-1' }, '名录记录'),
    el('p', { class: 'hint' }, '按创建时间从新到旧排列，包括任何级别当事人的人工提议。'),
    el(
      'div',
      { class: 'filters' },
      el('label', { for: 'entries-phase' }, '状态'),
      select,
      el('label', { for: 'entries-holder' }, '承办人'),
      holderInput,
      el('label', { class: 'choice-inline' }, mine, '只看我承办的'),
    ),
    page.items.length === 0 ? el('p', { class: 'empty' }, '当前筛选条件下没有名录记录。') : entriesTable(page.items, `第${pageNumber}页，共${page.items.length}条`),
    el(
      'nav',
      { class: 'pager', 'aria-label': '分页' },
      el('button', { type: 'button', disabled: pageNumber === 1, on: { click: () => (position.cursors.pop(), refresh()) } }, '上一页'),
      el('span', {}, `第${pageNumber}页`),
      el('button', { type: 'button', disabled: !page.nextCursor, on: { click: () => (position.cursors.push(page.nextCursor), refresh()) } }, '下一页'),
    ),
    exportSection(),
  );
}

/** The export of notified and listed entries: CSV with Chinese headers, masked identifiers only. */
function exportSection() {
  const errors = el('div');
  const link = el('a', { hidden: true, download: '' });
  const button = el('button', { type: 'button' }, '导出已告知及在册名录（CSV）');
  button.addEventListener('click', async () => {
    button.disabled = true;
    errors.replaceChildren();
    try {
      const blob = await getBlob('/v1/registry/export?format=csv', 'text/csv');
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(blob);
      link.download = `异常名录-${formatDate(new Date(Date.now() + 8 * 3600_000).toISOString())}.csv`;
      link.textContent = `下载 ${link.download}`;
      link.hidden = false;
      link.click();
      announce('名录已导出（身份标识均已脱敏）。');
    } catch (err) {
      errors.replaceChildren(errorBox(err, '导出失败'));
    } finally {
      button.disabled = false;
    }
  });
  return el(
    'section',
    { class: 'block', 'aria-labelledby': 'export-title' },
    el('h2', { id: 'export-title' }, '导出'),
    el('p', { class: 'hint' }, '导出已告知和已列入名录的记录，表头与内容为中文，身份标识均已脱敏；以 =、+、-、@ 开头的内容已转义，电子表格不会将其作为公式执行。'),
    button,
    ' ',
    link,
    errors,
  );
}

export function resetEntries() {
  Object.assign(position, { phase: 'open', holder: '', mine: false, cursors: [null] });
}
