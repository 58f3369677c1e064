import type { Finding, Level } from '../detection/types.js';

/** What a finished rescan reports (rescan/diff.ts builds it; stored with the rescan). */
export interface RescanDiff {
  newlyFlagged: Array<{ complainantId: string; score: number; level: Level }>;
  noLongerReview: Array<{ complainantId: string; score: number; level: Level; before: { score: number; level: Level } }>;
  unchanged: number;
  counts: { evaluated: number; newlyFlagged: number; noLongerReview: number; levelChanged: number };
  byIndicator: Record<string, { before: number; after: number }>;
  examples: Array<{ complainantId: string; before: { score: number; level: Level }; after: { score: number; level: Level; findings: Finding[] } }>;
  truncated?: true;
  summary: string;
}

export type RescanState = 'queued' | 'running' | 'done' | 'failed';

/** What a rescan did (or, dry, would do) with one complainant. */
export type RescanOutcome = 'flag' | 'below_review' | 'open_entry' | 'allow_listed' | 'same_evidence';
