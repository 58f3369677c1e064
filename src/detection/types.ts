/** Values the detection engine works with. Findings are stored exactly as computed. */
import type { ComplaintKind } from '../intake/vocabulary.js';
import type { IndicatorClass, IndicatorCode } from './rule-set.js';
import type { ComplaintFacts } from './facts.js';

export type Level = 'none' | 'watch' | 'review';

export interface Evidence {
  /** The complaints the finding rests on, newest first (capped in stored assessments; see count). */
  complaintIds: string[];
  /** How many complaints (or events, identifiers) qualified — always complete. */
  count: number;
  /** Set when complaintIds was cut to keep stored assessments small; bundles are never cut. */
  complaintIdsTruncated?: true;
  window?: { days: number; from: string; to: string };
  threshold?: number;
  respondents?: number;
  regions?: string[];
  similarity?: Array<{ complaintId: string; otherComplaintId: string; similarity: number; sameComplainant: boolean }>;
  /** Distinct matched phrases with how many of the complaints used each. */
  phrases?: Array<{ phrase: string; complaints: number }>;
  events?: Array<{ eventId: string; complaintId: string; type: string; at: string }>;
  identifiers?: Array<{ via: string; masked: string; complainantIds: string[]; distinctIdNumbers: number }>;
  otherComplainants?: number;
  detail?: Record<string, unknown>;
}

export interface Finding {
  code: IndicatorCode;
  class: IndicatorClass;
  title: string;
  /** Legal basis in force on the dates of the complaints counted. */
  basis: string;
  weight: number;
  ruleSetVersion: string;
  evidence: Evidence;
}

/** One of the complainant's complaints as the indicators see it. */
export interface HistoryComplaint {
  seq: number;
  id: string;
  kind: ComplaintKind;
  receivedAt: number;
  respondentKey: string;
  respondentName: string;
  region: string | null;
  purchaseAt: number | null;
  facts: ComplaintFacts;
}

export interface HistoryEvent {
  id: string;
  complaintId: string;
  type: string;
  at: number;
}

/** A verified near-duplicate pair between one of the complainant's complaints and another complaint. */
export interface NearDuplicate {
  complaintId: string;
  otherComplaintId: string;
  similarity: number;
  sameComplainant: boolean;
  otherReceivedAt: number;
  otherComplainantId: string;
  /**
   * The other complaint demands punitive or outsized compensation. Determined only where it
   * matters — for another person's complaint matched by one that does not seek profit itself.
   */
  otherProfit: boolean;
  /** The other complainant shares a phone, address or account with this one. */
  otherLinked: boolean;
}

export interface SharedIdentifier {
  via: string;
  masked: string;
  /** Other records using it (as of asOf). */
  complainantIds: string[];
  /** Distinct ID numbers among all its holders, this complainant included. */
  distinctIdNumbers: number;
}

export interface AssessmentInput {
  asOf: number;
  complaints: HistoryComplaint[];
  events: HistoryEvent[];
  nearDuplicates: NearDuplicate[];
  sharedIdentifiers: SharedIdentifier[];
}

export interface Assessment {
  score: number;
  level: Level;
  ruleSetVersion: string;
  asOf: number;
  findings: Finding[];
  counts: { d30: number; d365: number };
}

/** An assessment as an intake answer shows it, with the near-duplicates found for the complaint. */
export interface AssessmentView {
  score: number;
  level: Level;
  ruleSetVersion: string;
  asOf: string;
  findings: Finding[];
  similar: Array<{ complaintId: string; externalId: string; similarity: number; sameComplainant: boolean }>;
}

export const VOLUME_KINDS: ReadonlySet<ComplaintKind> = new Set(['complaint', 'report', 'complaint_and_report']);
export const REPORT_KINDS: ReadonlySet<ComplaintKind> = new Set(['report', 'complaint_and_report']);
export const PROCEEDING_KINDS: ReadonlySet<ComplaintKind> = new Set(['information_request', 'reconsideration', 'litigation']);
