export type RescanState = 'queued' | 'running' | 'done' | 'failed';

/** What a rescan did (or, dry, would do) with one complainant. */
export type RescanOutcome = 'flag' | 'below_review' | 'open_entry' | 'allow_listed' | 'same_evidence';
