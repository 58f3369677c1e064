/**
 * The notice (投诉举报异常名录列入告知书), rendered from the frozen evidence bundle: facts, each
 * indicator with its legal basis and rule version, the complaints counted (dates and
 * respondents only — other complainants are never named), the proposed measures, the defence
 * deadline and how to respond. A pure function: the same entry renders the same document.
 */
import { html, type SafeHtml } from '../shared/html.js';
import { formatTime } from '../shared/time.js';
import type { Finding } from '../detection/types.js';
import type { EvidenceBundle } from './entry.js';
import type { Measure } from './state-machine.js';
import { formatShanghai } from './calendar.js';
import { compareText } from '../shared/ids.js';

export const NOTICE_TITLE = '投诉举报异常名录列入告知书';

export const MEASURE_LABELS: Record<Measure, string> = {
  priority_identity_check: '对其投诉举报优先核验身份信息',
  consumer_relationship_check: '对其投诉核查是否存在真实消费关系',
  merged_handling: '对其同类投诉举报合并处理',
};

const KIND_LABELS: Record<string, string> = {
  complaint: '投诉',
  report: '举报',
  complaint_and_report: '投诉举报',
  information_request: '政府信息公开申请',
  reconsideration: '行政复议',
  litigation: '行政诉讼',
};

export interface NoticeInput {
  entryId: string;
  bureau: string;
  /** The defence window, for a draft whose deadline is not fixed yet. */
  defenceWorkingDays: number;
  /** The listing term proposed. */
  termMonths: number;
  person: { name: string | null; identifiers: Array<{ type: string; masked: string }> };
  bundle: EvidenceBundle;
  measures: Measure[];
  /** Set once the notice is approved; a draft has none. */
  approvedAt: number | null;
  deadline: number | null;
  /** Whether the holiday calendar behind the deadline is official for the years it spans. */
  deadlineCoverage: 'official' | 'provisional' | 'none' | null;
  draft: boolean;
}

const IDENTIFIER_LABELS: Record<string, string> = {
  resident_id: '居民身份证号码',
  passport: '护照号码',
  other: '证件号码',
  phone: '联系电话',
  account: '平台账号',
  address: '地址（区县）',
};

/** One sentence per indicator, from its evidence; counts only, never other people. */
function describe(f: Finding): string {
  const e = f.evidence;
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const win = e.window ? `${e.window.from.slice(0, 10)}至${e.window.to.slice(0, 10)}期间` : '';
  switch (f.code) {
    case 'VOLUME_YEAR':
      return `${win}提交投诉举报${e.count}件（本规则阈值为${e.threshold}件）。`;
    case 'BURST':
      return d.trigger === 'same_day' ? `于${String(d.day)}一日内提交投诉举报${e.count}件。` : `${win}提交投诉举报${e.count}件，涉及${e.respondents}个经营者。`;
    case 'MULTI_REGION':
      return `${win}投诉对象分布于${e.count}个辖区。`;
    case 'TEMPLATE_SELF':
      return `${e.count}件投诉使用相同或高度相似的文本（字符相似度不低于${e.threshold}），分别针对${e.respondents}个不同经营者。`;
    case 'TEMPLATE_RING':
      return `${win}有投诉与其他${e.otherComplainants}名投诉人的${e.count}件投诉文本高度相似（字符相似度不低于${e.threshold}）。`;
    case 'PUNITIVE_DEMAND': {
      const m = (d.multiples ?? {}) as Record<string, number>;
      const parts = [m['10x'] ? `十倍赔偿${m['10x']}件` : '', m['3x'] ? `三倍赔偿${m['3x']}件` : '', m.other ? `其他惩罚性赔偿${m.other}件` : '']
        .filter(Boolean)
        .join('、');
      return `${win}有${e.count}件投诉主张惩罚性赔偿（${parts}）。`;
    }
    case 'TINY_PURCHASE_BIG_CLAIM':
      return `${e.count}件投诉的购买金额不超过${e.threshold}元，而主张的赔偿达到购买金额的十倍以上，且未主张人身或财产损害。`;
    case 'LABEL_OR_AD_ONLY':
      return `${e.count}件投诉仅针对标签瑕疵或广告用语，未主张人身、财产损害或其他质量安全问题。`;
    case 'BULK_OR_SPLIT':
      return `${e.count}件投诉涉及超出合理生活消费需要的购买数量，或短期内分多笔订单购买同一商品。`;
    case 'BUY_THEN_COMPLAIN':
      return `${e.count}件投诉在购买后${e.threshold}小时内提出（仅作参考，不单独作为认定依据）。`;
    case 'REPEAT_AFTER_PAYOUT':
      return `${e.count}件投诉系在同一经营者已经和解或赔付后，再次购买并投诉。`;
    case 'WITHDRAW_AFTER_SETTLEMENT':
      return `${win}有${e.count}件投诉在与经营者私下和解后撤回。`;
    case 'REWARD_SEEKING':
      return `${win}有${e.count}件举报申请举报奖励。`;
    case 'THREAT':
      return `${e.count}件投诉含有以曝光等方式相要挟的表述。`;
    case 'SHARED_IDENTITY':
      return `存在${e.count}项联系电话、地址或平台账号与其他身份证号码共用的情形。`;
    case 'PROCEEDINGS':
      return `${win}申请行政复议、提起行政诉讼或申请政府信息公开${e.count}次。依法寻求救济是当事人的权利，此项仅作背景记录，不作为列入依据。`;
  }
}

export function renderNotice(input: NoticeInput): string {
  const { bundle } = input;
  const counted = new Set(bundle.findings.flatMap((f) => f.evidence.complaintIds));
  const complaints = bundle.complaints.filter((c) => counted.has(c.id)).sort((a, b) => compareText(a.receivedAt, b.receivedAt));
  const issued = input.approvedAt === null ? '（批准后填写）' : formatTime(input.approvedAt).slice(0, 10);
  const deadline =
    input.deadline === null ? `（自批准之日起第${chineseNumber(input.defenceWorkingDays)}个工作日结束，批准后确定）` : formatShanghai(input.deadline);
  const coverageWarning =
    input.deadlineCoverage && input.deadlineCoverage !== 'official'
      ? html`<p class="warn">提示：期限所涉年份的节假日安排尚未按官方通知核定，期限可能需要更正。</p>`
      : '';

  const findings: SafeHtml[] = bundle.findings.map(
    (f, i) => html`<li><h3>${i + 1}. ${f.title}</h3>
<p>${describe(f)}</p>
<p class="basis">依据：${f.basis}</p></li>`,
  );
  const rows = complaints.map(
    (c, i) =>
      html`<tr><td>${i + 1}</td><td>${c.receivedAt.slice(0, 10)}</td><td>${KIND_LABELS[c.kind] ?? c.kind}</td><td>${c.respondent}</td><td>${c.region ?? ''}</td></tr>`,
  );

  const doc = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${NOTICE_TITLE}${input.draft ? '（草稿）' : ''}</title>
<style>
body{font-family:"Noto Serif CJK SC","Songti SC",serif;max-width:46em;margin:2em auto;line-height:1.8;color:#111}
h1{text-align:center;font-size:1.6em} .draft{color:#b00;text-align:center;font-weight:bold;border:2px solid #b00;padding:.3em}
table{border-collapse:collapse;width:100%} td,th{border:1px solid #999;padding:.2em .5em;text-align:left}
.basis{color:#333;font-size:.95em} .warn{color:#b00} .ctl{color:#b00;font-family:monospace}
ol.findings{list-style:none;padding:0} footer{margin-top:2em;text-align:right}
</style>
</head>
<body>
${input.draft ? html`<p class="draft">草稿 — 未经批准，不得送达</p>` : ''}
<h1>${NOTICE_TITLE}</h1>
<p>编号：${input.entryId}</p>
<section>
<h2>当事人</h2>
<p>姓名：${input.person.name ?? '（未提供）'}</p>
<ul>${input.person.identifiers.map((i) => html`<li>${IDENTIFIER_LABELS[i.type] ?? i.type}：${i.masked}</li>`)}</ul>
</section>
<section>
<h2>一、基本事实</h2>
<p>经核查，截至${bundle.asOf.slice(0, 10)}，你在本局登记的近期投诉举报记录中，下列${complaints.length}件被纳入本次认定：</p>
<table><thead><tr><th>序号</th><th>收到日期</th><th>类型</th><th>被投诉（举报）对象</th><th>辖区</th></tr></thead>
<tbody>${rows}</tbody></table>
</section>
<section>
<h2>二、认定情形及依据</h2>
<p>依据本局投诉举报异常情形认定规则（版本 ${bundle.ruleSetVersion}），综合研判发现以下情形：</p>
<ol class="findings">${findings}</ol>
${bundle.findings.length === 0 ? html`<p>本次为工作人员人工提出，理由见本局记录；未发现规则所列情形。</p>` : ''}
</section>
<section>
<h2>三、拟采取的措施</h2>
<p>本局拟将你列入投诉举报异常名录，期限${chineseNumber(input.termMonths)}个月，期间对你的投诉举报采取以下内部工作措施：</p>
<ul>${input.measures.map((m) => html`<li>${MEASURE_LABELS[m]}</li>`)}</ul>
<p>列入名录仅用于本局内部工作管理，不对外公开，不作为信用惩戒依据；你举报的违法行为线索，本局仍将依法核查处理。</p>
</section>
<section>
<h2>四、陈述和申辩</h2>
<p>你有权在${deadline}前，向本局提出书面陈述、申辩意见并提交相关证据，请注明本告知书编号。本局将对你提出的意见进行复核，并在决定中予以答复；不因你提出陈述、申辩而作出更重的决定。逾期未提出的，视为放弃陈述和申辩的权利。</p>
${coverageWarning}
</section>
<footer>
<p>${input.bureau}</p>
<p>${issued}</p>
</footer>
</body>
</html>
`;
  return doc.html;
}

const DIGITS = '零一二三四五六七八九';

/** 1–99 in Chinese numerals, as deadlines are written in notices (七, 十五, 二十). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10 ? DIGITS[n % 10] : '';
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones}`;
}
