/**
 * A complainant's page: who (masked identifiers only), how often (window counts, a timeline), why
 * (each finding with its evidence and legal basis), with whom (linked identities), what the texts
 * share (side by side), and the registry entries with their due process.
 */
import { getJson } from './api.js';
import { badge, el, errorBox, facts, formatDate, formatTime, maskText } from './dom.js';
import { CLASS_LABELS, EVENT_LABELS, IDENTIFIER_LABELS, KIND_LABELS, LEVEL_LABELS, STATE_LABELS } from './labels.js';
import { timelineChart } from './chart.js';
import { sharedPassages } from './highlight.js';
import { entryPanel } from './entry.js';
import { powersSection } from './powers.js';

const OPEN_STATES = ['flagged', 'under_review', 'proposed', 'notified', 'listed'];
const PUNITIVE_LABELS = { '10x': '十倍', '3x': '三倍', other: '其他倍数', none: '无' };
const SOURCE_LABELS = { intake: '受理时评估', event: '事件后评估', merge: '合并后评估', rescan: '重新扫描' };
const TEMPLATE_CODES = ['TEMPLATE_SELF', 'TEMPLATE_RING'];

const section = (key, title, ...content) =>
  el('section', { class: `block block-${key}`, 'aria-labelledby': `${key}-title` }, el('h2', { id: `${key}-title` }, title), ...content);
const money = (amount) => (amount === undefined || amount === null ? '' : `¥${amount}`);

export async function renderComplainant(id, { user, refresh }) {
  const profile = await getJson(`/v1/complainants/${encodeURIComponent(id)}`);
  const complaints = new Map(profile.complaints.map((c) => [c.id, c]));
  const findings = profile.assessment?.findings ?? [];
  const profitIds = new Set(findings.filter((f) => f.class === 'profit').flatMap((f) => f.evidence?.complaintIds ?? []));
  const compare = comparison(complaints, profile.mergedInto ?? profile.id);
  // A complaint named in evidence: its date and respondent when it is one of the person's own.
  const ref = (complaintId) => {
    const c = complaints.get(complaintId);
    return el(
      'button',
      { type: 'button', class: 'link', title: complaintId, on: { click: () => compare.show(complaintId, undefined, true) } },
      c ? `${formatDate(c.receivedAt)} ${c.respondent?.name ?? ''}` : complaintId,
    );
  };

  const stateHolder = el('span', {}, badge(STATE_LABELS[profile.registryState ?? 'none'] ?? profile.registryState, profile.registryState ?? 'none'));
  const entries = await entriesSection(profile, user, (entry) => stateHolder.replaceChildren(badge(STATE_LABELS[entry.state] ?? entry.state, entry.state)));
  const a = profile.assessment;

  const page = el(
    'article',
    { class: 'complainant' },
    el('p', { class: 'back' }, el('a', { href: '#/' }, '← 返回待审队列')),
    el('h1', { id: 'complainant-title', tabindex: '-1' }, `当事人 ${profile.name ?? ''}`, el('span', { class: 'id' }, profile.id)),
    facts(
      [
        ['名录状态', stateHolder],
        ['评估', a ? `${a.score} 分，${LEVEL_LABELS[a.level] ?? a.level}` : '尚无评估'],
        ['近30日投诉举报', `${profile.counts?.d30 ?? 0} 件`],
        ['近365日投诉举报', `${profile.counts?.d365 ?? 0} 件`],
        ['记录总数', `${profile.complaintsTotal ?? profile.complaints.length} 件${profile.complaintsTotal > profile.complaints.length ? `（显示最近${profile.complaints.length}件）` : ''}`],
        ['评估时点', a && `${formatTime(a.asOf)}（${SOURCE_LABELS[a.source] ?? a.source}，规则版本 ${a.ruleSetVersion}）`],
        ['已并入', profile.mergedInto && el('a', { href: `#/complainants/${encodeURIComponent(profile.mergedInto)}` }, profile.mergedInto)],
        ['白名单', profile.allowlist?.filter((x) => !x.revokedAt).map((x) => `至 ${formatDate(x.expiresAt)}：${maskText(x.reason)}`).join('；')],
      ],
      'facts summary',
    ),
    section('timeline', '投诉时间线', timelineChart(profile.complaints, profitIds)),
    section(
      'findings',
      `命中指标与证据（${findings.length}项）`,
      el('p', { class: 'hint' }, '指标只是提示，不是结论：是否提议列入由审查人员综合研判。证据为评估时存储的原样记录。'),
      findings.length === 0 ? el('p', { class: 'empty' }, '没有命中任何指标。') : findings.map((f) => findingView(f, ref, compare)),
    ),
    section('identity', '身份标识与关联', identities(profile)),
    section('complaints', '投诉记录', complaintsTable(profile.complaints, compare)),
    compare.node,
    entries,
    powersSection(profile, user, refresh),
  );

  const pair = findings
    .filter((f) => TEMPLATE_CODES.includes(f.code))
    .flatMap((f) => f.evidence?.similarity ?? [])
    .sort((x, y) => y.similarity - x.similarity)[0];
  if (pair) compare.show(pair.complaintId, pair.otherComplaintId, false);
  return page;
}

function findingView(f, ref, compare) {
  const e = f.evidence ?? {};
  return el(
    'article',
    { class: `finding finding-${f.class}` },
    el('h3', {}, f.title),
    el('p', { class: 'meta' }, `${CLASS_LABELS[f.class] ?? f.class} · ${f.code} · 权重 ${f.weight} · 规则版本 ${f.ruleSetVersion}`),
    el('p', { class: 'basis' }, el('strong', {}, '法律依据：'), f.basis),
    facts(
      [
        ['计入投诉', [`${e.count} 件${e.complaintIdsTruncated ? '（列表已截断）' : ''}`, e.complaintIds?.length ? ['：', refList(e.complaintIds, ref)] : '']],
        ['统计区间', e.window && `${e.window.days}日（${formatDate(e.window.from)} 至 ${formatDate(e.window.to)}）`],
        ['触发阈值', thresholdText(f.code, e.threshold)],
        ['涉及经营者', e.respondents !== undefined ? `${e.respondents} 家` : undefined],
        ['涉及辖区', e.regions?.map(regionText).join('、')],
        ['其他投诉人', e.otherComplainants !== undefined ? `${e.otherComplainants} 人` : undefined],
        [
          '相似文本',
          e.similarity?.length &&
            longList(e.similarity, (p) => [
              ref(p.complaintId),
              ' 与 ',
              p.sameComplainant ? ref(p.otherComplaintId) : `他人投诉 ${p.otherComplaintId}`,
              `：相似度 ${p.similarity.toFixed(2)}${p.sameComplainant ? '（本人）' : '（他人）'} `,
              el('button', { type: 'button', class: 'small', on: { click: () => compare.show(p.complaintId, p.otherComplaintId, true) } }, '并排对比'),
            ]),
        ],
        ['关键语句', e.phrases?.length && longList(e.phrases, (p) => [el('q', {}, maskText(p.phrase)), `（${p.complaints} 件）`])],
        ['相关事件', e.events?.length && longList(e.events, (ev) => [`${formatDate(ev.at)} ${EVENT_LABELS[ev.type] ?? ev.type}（`, ref(ev.complaintId), '）'])],
        [
          '共用标识',
          e.identifiers?.length &&
            el(
              'ul',
              {},
              e.identifiers.map((i) =>
                el('li', {}, `${IDENTIFIER_LABELS[i.via] ?? i.via} ${i.masked}：另有 ${i.complainantIds.length} 条记录使用，共 ${i.distinctIdNumbers} 个不同身份证号`),
              ),
            ),
        ],
        [
          '金额',
          e.detail?.amounts?.length &&
            longList(e.detail.amounts, (m) => [
              ref(m.complaintId),
              `：支付 ${money(m.paid)}，索赔 ${m.claimed === null ? (m.impliedByStatutoryFloor ? '按法定最低赔偿额' : '未写明') : money(m.claimed)}`,
            ]),
        ],
        ['其他明细', otherDetail(e.detail)],
      ],
      'facts evidence',
    ),
  );
}

/** Complaint references inline, the first few shown and the rest behind a disclosure. */
function refList(ids, ref, shown = 8) {
  const refs = (part) => part.map((id) => [ref(id), ' ']);
  if (ids.length <= shown) return refs(ids);
  return [refs(ids.slice(0, shown)), el('details', {}, el('summary', {}, `其余 ${ids.length - shown} 件`), refs(ids.slice(shown)))];
}

/** The first few items of a list, the rest behind a disclosure so one finding cannot fill the page. */
function longList(items, render, shown = 5) {
  const li = (item) => el('li', {}, render(item));
  const list = el('ul', {}, items.slice(0, shown).map(li));
  if (items.length <= shown) return list;
  return [list, el('details', {}, el('summary', {}, `其余 ${items.length - shown} 项`), el('ul', {}, items.slice(shown).map(li)))];
}

/** Each indicator's threshold with its unit (rule-set values: counts, yuan, hours, similarity). */
const THRESHOLD_UNITS = {
  VOLUME_YEAR: (v) => `${v} 件`,
  TEMPLATE_SELF: (v) => `文本相似度 ≥ ${v}`,
  TEMPLATE_RING: (v) => `文本相似度 ≥ ${v}`,
  TINY_PURCHASE_BIG_CLAIM: (v) => `支付金额 ≤ ¥${v}`,
  BUY_THEN_COMPLAIN: (v) => `购买后 ${v} 小时内`,
  SHARED_IDENTITY: (v) => `${v} 个不同身份证号`,
};
function thresholdText(code, value) {
  if (value === undefined || value === null) return undefined;
  return (THRESHOLD_UNITS[code] ?? ((v) => `${v}`))(value);
}

/** Detection names a region it has no name for by its administrative-division code. */
function regionText(region) {
  return String(region).startsWith('code:') ? `行政区划代码 ${String(region).slice(5)}` : region;
}

const BURST_TRIGGERS = { many_respondents: '短期内投诉多家经营者', same_day: '同一天集中投诉' };
const BULK_REASONS = { quantity: '单次购买数量超过限量', split_orders: '拆分订单购买', total_quantity: '合计数量超过限量' };
const MULTIPLE_LABELS = { '10x': '十倍', '3x': '三倍', other: '其他倍数' };

/**
 * Evidence details in words. Each indicator's detail has its own shape; any key without a
 * rendering is shown by a Chinese label with its value, never as raw JSON.
 */
function otherDetail(detail) {
  if (!detail) return undefined;
  const { amounts: _shown, ...rest } = detail;
  const lines = [];
  if (rest.trigger) lines.push(`触发方式：${BURST_TRIGGERS[rest.trigger] ?? rest.trigger}${rest.day ? `（${rest.day}）` : ''}`);
  if (rest.multiples)
    lines.push(
      `主张倍数：${Object.entries(rest.multiples)
        .map(([k, n]) => `${MULTIPLE_LABELS[k] ?? k} ${n} 件`)
        .join('，')}`,
    );
  if (rest.fromFields !== undefined) lines.push(`其中 ${rest.fromFields} 件由受理字段写明，其余据原文识别`);
  if (rest.kinds)
    lines.push(
      `程序类型：${Object.entries(rest.kinds)
        .map(([k, n]) => `${KIND_LABELS[k] ?? k} ${n} 件`)
        .join('，')}`,
    );
  if (Array.isArray(rest.reasons))
    for (const r of rest.reasons)
      lines.push(
        `${BULK_REASONS[r.reason] ?? r.reason}：数量 ${r.quantity ?? '未写明'}${r.limit !== undefined ? `（限量 ${r.limit}）` : ''}，订单 ${r.orders ?? 0} 个${r.category ? `，品类 ${r.category}` : ''}`,
      );
  const known = ['trigger', 'day', 'multiples', 'fromFields', 'kinds', 'reasons'];
  for (const [key, value] of Object.entries(rest)) if (!known.includes(key)) lines.push(`其他明细：${typeof value === 'object' ? '见冻结的证据材料' : String(value)}`);
  return lines.length ? el('ul', {}, lines.map((line) => el('li', {}, line))) : undefined;
}

function identities(profile) {
  return [
    el('h3', {}, '本人标识（已脱敏）'),
    profile.identifiers?.length
      ? el('ul', {}, profile.identifiers.map((i) => el('li', {}, `${IDENTIFIER_LABELS[i.type] ?? i.type}：${i.masked}`)))
      : el('p', { class: 'empty' }, '无'),
    profile.mergedRecords?.length > 0 && el('p', {}, `已并入本记录的其他记录：${profile.mergedRecords.join('、')}`),
    el('h3', {}, '与其他当事人共用的标识'),
    profile.links?.length
      ? el(
          'table',
          { class: 'links' },
          el('thead', {}, el('tr', {}, ['关联当事人', '共用方式', '共用标识（已脱敏）', '自'].map((h) => el('th', { scope: 'col' }, h)))),
          el(
            'tbody',
            {},
            profile.links.map((l) =>
              el(
                'tr',
                {},
                el('td', {}, el('a', { href: `#/complainants/${encodeURIComponent(l.complainantId)}` }, l.complainantId)),
                el('td', {}, IDENTIFIER_LABELS[l.via] ?? l.via),
                el('td', {}, l.masked ?? '—'),
                el('td', {}, formatDate(l.since)),
              ),
            ),
          ),
        )
      : el('p', { class: 'empty' }, '未发现与其他当事人共用的电话、地址或账号。'),
  ];
}

function complaintsTable(list, compare) {
  if (list.length === 0) return el('p', { class: 'empty' }, '暂无投诉记录。');
  return el(
    'table',
    { class: 'complaints' },
    el('thead', {}, el('tr', {}, ['收到时间', '类型', '被投诉（举报）对象', '辖区', '商品', '支付', '索赔', '后续事件', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      list.map((c) =>
        el(
          'tr',
          {},
          el('td', { class: 'nowrap' }, formatTime(c.receivedAt)),
          el('td', { class: 'nowrap' }, KIND_LABELS[c.kind] ?? c.kind),
          el('td', {}, c.respondent?.name ?? ''),
          el('td', { class: 'nowrap' }, c.respondent?.region ?? ''),
          el('td', {}, c.purchase?.product ?? ''),
          el('td', { class: 'num' }, money(c.purchase?.amount)),
          el('td', {}, claimText(c)),
          el('td', {}, (c.events ?? []).map((ev) => `${formatDate(ev.at)} ${EVENT_LABELS[ev.type] ?? ev.type}`).join('；')),
          el('td', { class: 'nowrap' }, el('button', { type: 'button', class: 'small', 'aria-label': `查看 ${formatDate(c.receivedAt)} ${c.respondent?.name ?? ''} 的原文与相似投诉`, on: { click: () => compare.show(c.id, undefined, true) } }, '原文与相似')),
        ),
      ),
    ),
  );
}

/** The demand as sent, else as detection read it from the text (an explicit field wins, as at intake). */
function claimText(c) {
  const punitive = c.claim?.punitive ?? c.facts?.punitive?.multiple;
  const label = punitive && punitive !== 'none' ? `${PUNITIVE_LABELS[punitive] ?? punitive}${c.claim?.punitive ? '' : '（据原文）'}` : '';
  return [label, money(c.claim?.amount)].filter(Boolean).join(' ');
}

/**
 * Two complaints side by side with the passages they share marked. `show(id)` compares `id` with
 * its most similar stored neighbour; the reviewer may pick another neighbour from the list.
 */
function comparison(own, selfId) {
  const body = el('div', { class: 'compare-body' }, el('p', { class: 'empty' }, '在上方证据或投诉记录中选择一件投诉，即可查看原文及与其相似的投诉。'));
  const title = el('h2', { id: 'compare-title', tabindex: '-1' }, '相似投诉并排对比');
  const node = el(
    'section',
    { class: 'block block-compare', 'aria-labelledby': 'compare-title' },
    title,
    el('p', { class: 'hint' }, '高亮部分为两件投诉共有的连续文字（按3个字符的片段比对）。相似度为服务存储的比对结果。'),
    body,
  );
  let latest = 0;

  async function show(complaintId, otherId, focus) {
    const ticket = ++latest;
    body.replaceChildren(el('p', {}, '正在加载…'));
    if (focus) title.focus();
    try {
      const complaint = await getJson(`/v1/complaints/${encodeURIComponent(complaintId)}`);
      const similar = complaint.similar ?? [];
      const chosen = otherId ?? similar[0]?.complaintId;
      const other = chosen ? await getJson(`/v1/complaints/${encodeURIComponent(chosen)}`) : null;
      if (ticket !== latest) return;
      body.replaceChildren(...view(complaint, other, similar, (next) => show(complaintId, next, false)).filter(Boolean));
    } catch (err) {
      if (ticket === latest) body.replaceChildren(errorBox(err, '无法加载投诉'));
    }
  }

  function view(complaint, other, similar, pick) {
    let picker = null;
    if (similar.length > 1) {
      const select = el(
        'select',
        { id: 'compare-other', on: { change: () => pick(select.value) } },
        similar.map((s) =>
          el('option', { value: s.complaintId, selected: s.complaintId === other?.id }, `${s.complaintId}（相似度 ${s.similarity.toFixed(2)}${own.has(s.complaintId) ? '，本人' : ''}）`),
        ),
      );
      picker = el('div', { class: 'filters' }, el('label', { for: 'compare-other' }, '对比对象'), select);
    }
    if (!other) {
      return [el('div', { class: 'compare' }, pane(complaint, [{ text: maskText(complaint.text), shared: false }])), el('p', { class: 'empty' }, '未发现与该投诉相似的已存储投诉。')];
    }
    const shared = sharedPassages(maskText(complaint.text), maskText(other.text));
    const score = similar.find((s) => s.complaintId === other.id)?.similarity;
    return [
      picker,
      score !== undefined && el('p', {}, `存储的相似度：${score.toFixed(2)}`),
      el('div', { class: 'compare' }, pane(complaint, shared.left.segments, shared.left.share), pane(other, shared.right.segments, shared.right.share)),
    ];
  }

  function pane(c, segments, share) {
    const heading = `${formatDate(c.receivedAt)} ${c.respondent?.name ?? ''}`;
    return el(
      'section',
      { class: 'pane', 'aria-label': heading },
      el('h3', {}, heading),
      facts([
        ['编号', `${c.id}（外部编号 ${c.externalId}）`],
        ['当事人', c.complainantId === selfId ? '本人' : el('a', { href: `#/complainants/${encodeURIComponent(c.complainantId)}` }, `他人：${c.complainantId}`)],
        ['共有片段', share !== undefined && `本文 ${Math.round(share * 100)}% 的3字片段也见于另一件`],
      ]),
      el('p', { class: 'complaint-text' }, segments.map((s) => (s.shared ? el('mark', {}, s.text) : s.text))),
    );
  }

  return { node, show };
}

/** The person's entries, newest first; the open one (if any) is shown in full. */
async function entriesSection(profile, user, onChange) {
  const entries = profile.entries ?? [];
  if (entries.length === 0) return section('entries', '名录记录', el('p', { class: 'empty' }, '暂无名录记录。'));
  const holder = el('div');
  const buttons = new Map();

  async function select(entryId) {
    const panel = entryPanel(entryId, {
      user,
      onChange: (entry) => {
        buttons.get(entry.id).lastChild.textContent = STATE_LABELS[entry.state] ?? entry.state;
        onChange(entry);
      },
    });
    await panel.load();
    for (const [id, button] of buttons) button.setAttribute('aria-pressed', String(id === entryId));
    holder.replaceChildren(panel.node);
  }

  const list = el(
    'ul',
    { class: 'entries' },
    entries.map((e) => {
      const button = el(
        'button',
        {
          type: 'button',
          on: {
            click: () => select(e.id).catch((err) => holder.replaceChildren(errorBox(err, '无法加载名录记录'))),
          },
        },
        `${e.id} · 创建于 ${formatDate(e.createdAt)} · `,
        el('span', {}, STATE_LABELS[e.state] ?? e.state),
      );
      buttons.set(e.id, button);
      return el('li', {}, button);
    }),
  );
  await select((entries.find((e) => OPEN_STATES.includes(e.state)) ?? entries[0]).id);
  return section('entries', '名录记录', entries.length > 1 ? list : null, holder);
}
