/**
 * What is derived from a complaint's text alone, before any transaction: pure, so it runs in the
 * intake worker threads as well as on the main thread.
 */
import { createHash } from 'node:crypto';
import type { TextAnalysis } from '../intake/prepare.js';
import { fingerprint, fingerprintToBytes, type Fingerprint } from '../text/similarity-index.js';
import { deriveStoredFacts, type FactsInput } from './facts.js';

export interface Analysis extends TextAnalysis {
  fp: Fingerprint;
}

/**
 * Everything stored beside a complaint's text and derived from it alone: its hash, facts,
 * normalised form and similarity signature. Intake does it once per complaint; the start-up
 * masking of older texts does it again for the texts it changes.
 */
export function analyseText(input: FactsInput, respondentName: string): Analysis {
  const fp = fingerprint(input.text, respondentName);
  return {
    textHash: createHash('sha256').update(input.text).digest('hex'),
    facts: deriveStoredFacts(input),
    fp,
    normalised: fp.normalised,
    signature: fingerprintToBytes(fp.signature),
  };
}
