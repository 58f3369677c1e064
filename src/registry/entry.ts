/**
 * A registry entry and the records beside it (allow-list entries, merges) as the domain knows
 * them — plain data, whatever stores them. The frozen evidence bundle's shape lives here too: it is
 * part of the entry, while building one (evidence.ts) needs detection's history.
 */
import type { Finding, Level } from '../detection/types.js';
import type { ComplaintKind } from '../intake/vocabulary.js';
import type { RuleSet } from '../detection/rule-set.js';
import type { Decision, Measure, RegistryState } from './state-machine.js';

export interface EvidenceBundle {
  frozenAt: string;
  frozenBy: string;
  asOf: string;
  ruleSetVersion: string;
  ruleSet: RuleSet;
  score: number;
  level: Level;
  findings: Finding[];
  complaints: Array<{
    id: string;
    externalId: string;
    kind: ComplaintKind;
    receivedAt: string;
    respondent: string;
    region: string | null;
    textSha256: string;
  }>;
  similarityPairs: Array<{ complaintId: string; otherComplaintId: string; similarity: number; sameComplainant: boolean }>;
  linkedIdentities: Array<{ via: string; masked: string; complainantIds: string[]; distinctIdNumbers: number }>;
  /** Highest storage position among the complaints: later complaints are new evidence. */
  maxComplaintSeq: number;
}

export interface Defence {
  at: number;
  by: string;
  text: string;
}

export interface EntryRecord {
  id: string;
  complainantId: string;
  state: RegistryState;
  origin: 'automatic' | 'manual';
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  proposedBy: string | null;
  proposedAt: number | null;
  approvedBy: string | null;
  approvedAt: number | null;
  deadline: number | null;
  defences: Defence[] | null;
  decidedBy: string | null;
  decidedAt: number | null;
  decision: Decision | null;
  decisionReason: string | null;
  listedAt: number | null;
  expiresAt: number | null;
  measures: Measure[] | null;
  evidence: EvidenceBundle | null;
  renewals: Array<{ at: number; by: string; reason: string; evidence: EvidenceBundle }> | null;
  noticeHtml: string | null;
  closedAt: number | null;
  closedSeq: number | null;
  /** The reviewer who claimed the entry or made the manual proposal. */
  heldBy: string | null;
}

/** A new entry: everything that happens later in due process starts empty. */
export function newEntry(
  fields: Pick<EntryRecord, 'id' | 'complainantId' | 'state' | 'origin' | 'createdAt' | 'createdBy'> & Partial<EntryRecord>,
): EntryRecord {
  return {
    updatedAt: fields.createdAt,
    proposedBy: null,
    proposedAt: null,
    approvedBy: null,
    approvedAt: null,
    deadline: null,
    defences: null,
    decidedBy: null,
    decidedAt: null,
    decision: null,
    decisionReason: null,
    listedAt: null,
    expiresAt: null,
    measures: null,
    evidence: null,
    renewals: null,
    noticeHtml: null,
    closedAt: null,
    closedSeq: null,
    heldBy: null,
    ...fields,
  };
}

export interface AllowlistRecord {
  id: string;
  complainantId: string;
  reason: string;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface MergeRecord {
  id: string;
  keptId: string;
  otherId: string;
  moved: Array<{ id: string; previous: string | null }>;
  reason: string;
  actor: string;
  at: number;
  undoneAt: number | null;
  undoneBy: string | null;
  undoReason: string | null;
}
