/**
 * What each document says, as data for its template: the facts and findings of the frozen
 * evidence bundle in sentences, the person (name and masked identifiers only — other
 * complainants are never named), the measures, the periods and dates in Chinese, earlier
 * documents cited by number. Pure: the same entry and inputs give the same context, and the
 * template decides the wording around it (templates/documents/, editable by a bureau).
 */
import type { Finding } from '../detection/types.js';
import { RULE_SET_V1 } from '../detection/rule-set.js';
import type { EntryRecord } from '../registry/entry.js';
import { IDENTIFIER_LABELS, MEASURE_LABELS } from '../registry/labels.js';
import type { Coverage } from '../registry/calendar.js';
import { compareText } from '../shared/ids.js';
import { DOCUMENT_TITLES, type DocumentKind } from './document.js';
import { chineseDate, chineseNumber, regionName } from './format.js';

const KIND_LABELS: Record<string, string> = {
  complaint: '投诉',
  report: '举报',
  complaint_and_report: '投诉举报',
  information_request: '政府信息公开申请',
  reconsideration: '行政复议',
  litigation: '行政诉讼',
};

export interface Bureau {
  name: string;
  address: string;
  contact: string;
  seal: string;
}

export interface DocumentInput {
  kind: DocumentKind;
  /** Null for a draft (the notice before approval). */
  number: string | null;
  issuedAt: number | null;
  bureau: Bureau;
  person: { name: string | null; identifiers: Array<{ type: string; masked: string }> };
  entry: EntryRecord;
  policy: { defenceWorkingDays: number; termMonths: number };
  defenceFrom: 'approval' | 'service';
  /** How trustworthy the holiday data behind the deadline is (notice only). */
  coverage: Coverage | null;
  /** Documents issued earlier for the entry, cited by later ones, with their service if recorded. */
  earlier: Array<{ kind: DocumentKind; number: string; createdAt: number; service?: { method: string; servedOn: string } }>;
  /** The reason recorded with the step that issues the document (removal). */
  reason: string | null;
}

/** One sentence per indicator, from its evidence; counts only, never other people. */
function describe(f: Finding): string {
  const e = f.evidence;
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const win = e.window ? `${chineseDate(e.window.from)}至${chineseDate(e.window.to)}期间` : '';
  switch (f.code) {
    case 'VOLUME_YEAR':
      return `${win}提交投诉举报${e.count}件（本规则阈值为${e.threshold}件）。`;
    case 'BURST':
      return d.trigger === 'same_day'
        ? `于${typeof d.day === 'string' ? chineseDate(d.day) : ''}一日内提交投诉举报${e.count}件。`
        : `${win}提交投诉举报${e.count}件，涉及${e.respondents}个经营者。`;
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

const dateOrNull = (ms: number | null | undefined) => (ms == null ? null : chineseDate(ms));

function cite(earlier: DocumentInput['earlier'], kind: DocumentKind) {
  const doc = earlier.filter((d) => d.kind === kind).at(-1);
  if (!doc) return null;
  return {
    number: doc.number,
    date: chineseDate(doc.createdAt),
    servedOn: doc.service ? chineseDate(doc.service.servedOn) : null,
    method: doc.service?.method ?? null,
  };
}

/** The bundle a document rests on: the latest renewal's, else the proposal's. */
function bundleOf(entry: EntryRecord) {
  return entry.renewals?.at(-1)?.evidence ?? entry.evidence;
}

/** Everything a document template may use; every key is present (null when it does not apply). */
export function documentContext(input: DocumentInput) {
  const { entry, policy } = input;
  const bundle = bundleOf(entry);
  const counted = new Set(bundle?.findings.flatMap((f) => f.evidence.complaintIds) ?? []);
  const complaints = (bundle?.complaints ?? []).filter((c) => counted.has(c.id)).sort((a, b) => compareText(a.receivedAt, b.receivedAt));
  const deadline = input.kind === 'notice' && input.number !== null ? dateOrNull(entry.deadline) : null;
  return {
    bureau: input.bureau,
    document: {
      kind: input.kind,
      title: DOCUMENT_TITLES[input.kind],
      number: input.number,
      date: dateOrNull(input.issuedAt),
      draft: input.number === null,
    },
    person: {
      name: input.person.name,
      identifiers: input.person.identifiers.map((i) => ({ label: IDENTIFIER_LABELS[i.type] ?? '证件号码', masked: i.masked })),
    },
    entry: { id: entry.id },
    facts: {
      asOf: bundle ? chineseDate(bundle.asOf) : null,
      ruleSetVersion: bundle?.ruleSetVersion ?? null,
      complaints: complaints.map((c, i) => ({
        index: i + 1,
        date: chineseDate(c.receivedAt),
        kind: KIND_LABELS[c.kind] ?? '投诉举报',
        respondent: c.respondent,
        region: regionName(c.region),
      })),
      findings: (bundle?.findings ?? []).map((f, i) => ({ index: i + 1, title: f.title, description: describe(f), basis: f.basis })),
    },
    measures: (entry.measures ?? []).map((m) => MEASURE_LABELS[m]),
    term: { months: chineseNumber(policy.termMonths) },
    defence: {
      workingDays: chineseNumber(policy.defenceWorkingDays),
      fromService: input.defenceFrom === 'service',
      deadline,
      coverageWarning: input.coverage !== null && input.coverage !== 'official',
    },
    defences: (entry.defences ?? []).map((d) => ({ date: chineseDate(d.at), text: d.text })),
    decisionReason: entry.decisionReason,
    listedOn: dateOrNull(entry.listedAt),
    expiresOn: dateOrNull(entry.expiresAt),
    closedOn: dateOrNull(entry.closedAt),
    reason: input.reason,
    cited: { notice: cite(input.earlier, 'notice'), decision: cite(input.earlier, 'decision') },
  };
}

export type DocumentContext = ReturnType<typeof documentContext>;

/**
 * A document for every template to be tried on at start: one complaint, one finding, a defence,
 * every date set — so a misspelt variable anywhere in a template fails the start, not a step.
 */
export function sampleInput(kind: DocumentKind, bureau: Bureau, policy: DocumentInput['policy'], defenceFrom: DocumentInput['defenceFrom']): DocumentInput {
  const at = Date.parse('2026-01-05T10:00:00+08:00');
  const complaint = {
    id: 'c_sample',
    externalId: 'sample',
    kind: 'complaint' as const,
    receivedAt: '2026-01-02T10:00:00+08:00',
    respondent: '示例商店',
    region: '鹿城区',
    textSha256: '0'.repeat(64),
  };
  const finding = {
    code: 'PUNITIVE_DEMAND',
    class: 'profit',
    title: '主张惩罚性赔偿',
    basis: '示例依据',
    weight: 1,
    ruleSetVersion: 'v1',
    evidence: {
      complaintIds: ['c_sample'],
      count: 1,
      window: { days: 365, from: '2025-01-02T00:00:00+08:00', to: '2026-01-02T23:59:59+08:00' },
      detail: { multiples: { '10x': 1 } },
    },
  } as unknown as Finding;
  const evidence = {
    frozenAt: '2026-01-05T10:00:00+08:00',
    frozenBy: 'sample',
    asOf: '2026-01-05T10:00:00+08:00',
    ruleSetVersion: 'v1',
    ruleSet: RULE_SET_V1,
    score: 50,
    level: 'review' as const,
    findings: [finding],
    complaints: [complaint],
    similarityPairs: [],
    linkedIdentities: [],
    maxComplaintSeq: 1,
  };
  const entry: EntryRecord = {
    id: 'r_sample',
    complainantId: 'p_sample',
    state: 'notified',
    origin: 'automatic',
    createdAt: at,
    createdBy: 'system',
    updatedAt: at,
    proposedBy: 'sample',
    proposedAt: at,
    approvedBy: 'sample',
    approvedAt: at,
    deadline: at,
    defences: [{ at, by: 'sample', text: '示例申辩' }],
    decidedBy: 'sample',
    decidedAt: at,
    decision: 'list',
    decisionReason: '示例理由',
    listedAt: at,
    expiresAt: at,
    measures: ['priority_identity_check'],
    evidence,
    renewals: null,
    noticeHtml: null,
    closedAt: at,
    closedSeq: 1,
    heldBy: null,
  };
  return {
    kind,
    number: '示例〔2026〕1号',
    issuedAt: at,
    bureau,
    person: { name: '示例', identifiers: [{ type: 'resident_id', masked: '330302********0011' }] },
    entry,
    policy,
    defenceFrom,
    coverage: 'provisional',
    earlier: [
      { kind: 'notice', number: '示例〔2026〕1号', createdAt: at, service: { method: '直接送达', servedOn: '2026-01-05' } },
      { kind: 'decision', number: '示例〔2026〕2号', createdAt: at },
    ],
    reason: '示例理由',
  };
}
