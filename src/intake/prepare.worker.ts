/**
 * An intake worker thread: prepares batch items (validation, keyed hashes, masking, text analysis)
 * off the thread that answers requests. It holds the PII key it was started with and nothing else.
 */
import { workerData } from 'piscina';
import { analyseText } from '../detection/analyse.js';
import { createFreeTextMasker } from '../identity/free-text.js';
import { createPiiHasher } from '../identity/pii.js';
import { prepareItem, type PrepareTools, type PreparedItem } from './prepare.js';

export interface PrepareWorkerData {
  piiKeyHex: string;
}

const hashPii = createPiiHasher((workerData as PrepareWorkerData).piiKeyHex);
const tools: PrepareTools = {
  hashPii,
  maskText: createFreeTextMasker(hashPii),
  analyse: (input) => analyseText(input, input.respondent.name),
};

export default function prepareChunk(items: unknown[]): PreparedItem[] {
  return items.map((item) => prepareItem(item, tools));
}
