/**
 * Valid rows for the store contract, shaped as the services write them (intake, flagging,
 * overrides, rescans), with overrides so each case states only what matters to it. Plain data:
 * nothing here knows which backend stores it.
 */
import type { Finding } from '../../src/detection/types.js';
import type { AllowlistRecord, MergeRecord } from '../../src/registry/entry.js';
import type { NewComplaint, RescanItem, RescanRecord, SessionRecord, StoredAssessment, StoredKey } from '../../src/storage/ports.js';

export const DAY = 86_400_000;
/** 2026-03-01T00:00:00Z: every instant in the contract is an offset from it. */
export const T0 = Date.UTC(2026, 2, 1);

export function complaintRow(n: number, over: Partial<NewComplaint> = {}): NewComplaint {
  return {
    id: `c_${n}`,
    externalId: `ext-${n}`,
    contentHash: `content-${n}`,
    complainantId: 'p_a',
    kind: 'complaint',
    receivedAt: T0 + n * DAY,
    respondentName: `某某食品店${n}`,
    textHash: `text-${n}`,
    facts: { amount: n, punitive: false },
    selfMatches: [],
    createdAt: T0 + n * DAY + 1,
    textNormalised: `本人购买饼干${n}`,
    result: {},
    text: `本人于${n}日购买饼干一包，发现已经过期。`,
    ...over,
  };
}

export function complainantRow(id: string, over: { keyType?: 'id' | 'phone' | 'account'; keyHash?: string; createdAt?: number; name?: string | null } = {}) {
  return {
    id,
    keyType: over.keyType ?? 'id',
    keyHash: over.keyHash ?? `key-${id}`,
    idType: 'resident_id',
    name: over.name ?? null,
    createdAt: over.createdAt ?? T0,
  };
}

export function finding(code: Finding['code'], weight = 20): Finding {
  return {
    code,
    class: 'volume',
    title: code,
    basis: '《市场监督管理投诉举报处理暂行办法》',
    weight,
    ruleSetVersion: 'v1',
    evidence: { complaintIds: ['c_1', 'c_2'], count: 2, window: { days: 30, from: '2026-02-01', to: '2026-03-01' } },
  };
}

export function assessmentRow(complainantId: string, over: Partial<Omit<StoredAssessment, 'seq'>> = {}): Omit<StoredAssessment, 'seq'> {
  return {
    complainantId,
    asOf: T0,
    ruleSetVersion: 'v1',
    score: 40,
    level: 'watch',
    findings: [finding('BURST')],
    counts: { d30: 3, d365: 5 },
    source: 'intake',
    sourceId: 'c_1',
    createdAt: T0 + 1,
    ...over,
  };
}

export function keyRow(id: string, over: Partial<StoredKey & { tokenHash: string }> = {}): StoredKey & { tokenHash: string } {
  return { id, name: `name-${id}`, role: 'reviewer', createdAt: T0, revokedAt: null, expiresAt: null, tokenHash: `hash-${id}`, ...over };
}

export function allowRow(id: string, complainantId: string, over: Partial<AllowlistRecord> = {}): AllowlistRecord {
  return {
    id,
    complainantId,
    reason: '已核实为正常消费者',
    expiresAt: T0 + 30 * DAY,
    createdBy: 'sup-carol',
    createdAt: T0,
    revokedAt: null,
    revokedBy: null,
    ...over,
  };
}

export function mergeRow(id: string, keptId: string, otherId: string, over: Partial<MergeRecord> = {}): MergeRecord {
  return {
    id,
    keptId,
    otherId,
    moved: [{ id: otherId, previous: null }],
    reason: '同一人使用两个手机号',
    actor: 'rev-alice',
    at: T0,
    undoneAt: null,
    undoneBy: null,
    undoReason: null,
    ...over,
  };
}

export function rescanRow(id: string, over: Partial<RescanRecord> = {}): RescanRecord {
  return {
    id,
    state: 'queued',
    dryRun: false,
    ruleSetVersion: 'v2',
    ruleSet: { version: 'v2', weights: { BURST: 20 } },
    asOf: null,
    requestedBy: 'admin-1',
    createdAt: T0,
    startedAt: null,
    finishedAt: null,
    progressDone: 0,
    progressTotal: 0,
    diff: null,
    error: null,
    ...over,
  };
}

export function rescanItem(complainantId: string, over: Partial<RescanItem> = {}): RescanItem {
  return {
    complainantId,
    beforeLevel: 'watch',
    beforeScore: 40,
    afterLevel: 'review',
    afterScore: 70,
    findings: { codes: ['BURST', 'PUNITIVE_DEMAND'], beforeCodes: ['BURST'] },
    outcome: 'flag',
    ...over,
  };
}

export function sessionRow(id: string, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    tokenHash: `token-${id}`,
    name: 'rev-alice',
    role: 'reviewer',
    issuer: 'https://sso.example.gov.cn/realms/amr',
    subject: `sub-${id}`,
    displayName: '王小明',
    username: 'wangxm',
    idToken: 'eyJhbGciOiJSUzI1NiJ9.e30.sig',
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: T0 + 8 * 3_600_000,
    ...over,
  };
}
