/**
 * Complaints of a district-year stream for a folder that already holds one: the generator numbers
 * external ids the same for every seed, so without the prefix `tag` they would be answered as
 * conflicts with the stored complaints instead of being stored.
 */
import { generateStream, type SyntheticRecord } from '../../src/synthetic/index.js';

export type SyntheticComplaint = Extract<SyntheticRecord, { kind: 'complaint' }>;

export function* taggedComplaints(seed: number, tag: string): Generator<SyntheticComplaint> {
  for (const rec of generateStream({ seed, scale: 'district-year' }))
    if (rec.kind === 'complaint') yield { ...rec, body: { ...rec.body, externalId: `${tag}${rec.body.externalId}` } };
}
