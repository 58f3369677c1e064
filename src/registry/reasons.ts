/**
 * Reasons the system gives for its own steps are stored as a code with parameters (in the audit
 * record's `data`), and worded in Chinese where they are shown: the wording can change without
 * touching the tamper-evident chain. Records written before codes carry an English sentence; the
 * ones the service wrote are recognised and worded the same way, anything else is shown as stored.
 */

export type ReasonParams = Record<string, string | number>;

const WORDING: Record<string, (p: ReasonParams) => string> = {
  'flag.review': (p) => `评估达到“需审查”级别（${p.score}分，规则版本 ${p.ruleSetVersion}），系统自动标记待审。`,
  'expire.term': () => '名录期限届满，自动移出。',
};

export const REASON_CODES = Object.keys(WORDING);

/** English sentences the service stored before reasons were codes. */
const LEGACY: Array<[RegExp, string, (m: RegExpMatchArray) => ReasonParams]> = [
  [/^Assessment reached review \(score (\d+), rule set ([^)]+)\)\.$/, 'flag.review', (m) => ({ score: Number(m[1]), ruleSetVersion: m[2] })],
];

export function reasonText(code: string, params: ReasonParams = {}): string | undefined {
  return WORDING[code]?.(params);
}

/** A stored reason as shown: the code's wording, a recognised legacy sentence's, or the text as stored. */
export function shownReason(reason: string | null | undefined, data: unknown): { reason: string | null; reasonCode?: string; reasonParams?: ReasonParams } {
  const d = data && typeof data === 'object' ? (data as { reasonCode?: unknown; reasonParams?: unknown }) : {};
  if (typeof d.reasonCode === 'string') {
    const params = (d.reasonParams && typeof d.reasonParams === 'object' ? d.reasonParams : {}) as ReasonParams;
    return { reason: reasonText(d.reasonCode, params) ?? reason ?? null, reasonCode: d.reasonCode, reasonParams: params };
  }
  if (reason) {
    for (const [pattern, code, params] of LEGACY) {
      const m = pattern.exec(reason);
      if (m) return { reason: reasonText(code, params(m))!, reasonCode: code, reasonParams: params(m) };
    }
  }
  return { reason: reason ?? null };
}
