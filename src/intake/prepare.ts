/**
 * Everything done to a complaint before the write lock: validation, the keyed content hash (the
 * idempotency check), masking of personal numbers in the text, keyed hashes of the identifiers and
 * the text analysis. Pure given the PII key, so a batch's items are prepared in worker threads
 * (intake/prepare-pool.ts) while the main thread answers requests and writes.
 */
import { canonicalJson } from '../shared/canonical.js';
import { validationFailed, type ErrorBody } from '../shared/errors.js';
import type { FoundIdentifier, FreeTextMasker } from '../identity/free-text.js';
import type { PiiHasher } from '../identity/pii.js';
import { hashIdentifiers } from '../identity/resolution.js';
import { validateComplaint, type ComplaintInput } from './complaint.validation.js';

/** Text analysis done before the transaction: what the similarity index and detection need. */
export interface TextAnalysis {
  /** SHA-256 of the text as stored (masked), frozen into evidence bundles. */
  textHash: string;
  signature: Buffer | null;
  /** The text as the similarity index normalises it. */
  normalised: string;
  facts: unknown;
}

/** A validated complaint with everything computed before the write lock is taken. */
export interface Prepared {
  /** As validated, with its text masked: nothing after preparation sees a personal number in it. */
  input: ComplaintInput;
  identifiers: ReturnType<typeof hashIdentifiers>;
  contentHash: string;
  analysis: TextAnalysis;
  /** The personal numbers found in the text, keyed-hashed and masked. */
  inText: FoundIdentifier[];
}

/** One batch item after preparation: ready to store, or refused with the contract's error body. */
export type PreparedItem =
  | { ok: true; prepared: Prepared }
  | { ok: false; externalId: string | null; error: ErrorBody['error']; internal?: undefined }
  /** Preparation itself failed (a fault of ours): the message, for the log. */
  | { ok: false; externalId: string | null; error?: undefined; internal: string };

export interface PrepareTools {
  hashPii: PiiHasher;
  maskText: FreeTextMasker;
  analyse(input: ComplaintInput): TextAnalysis;
}

export function prepareComplaint(raw: ComplaintInput, tools: PrepareTools): Prepared {
  // The content as sent decides idempotency (keyed: it holds raw identifiers), so the hash comes
  // before masking; detection and storage see the masked text only.
  const contentHash = tools.hashPii('content', canonicalJson(raw));
  const masked = tools.maskText(raw.text);
  const input = masked.found.length ? { ...raw, text: masked.text } : raw;
  return { input, identifiers: hashIdentifiers(input.complainant, tools.hashPii), contentHash, analysis: tools.analyse(input), inText: masked.found };
}

export function externalIdOf(item: unknown): string | null {
  const id = item && typeof item === 'object' ? (item as { externalId?: unknown }).externalId : undefined;
  return typeof id === 'string' ? id : null;
}

export function prepareItem(item: unknown, tools: PrepareTools): PreparedItem {
  const v = validateComplaint(item);
  if (!v.ok) return { ok: false, externalId: externalIdOf(item), error: validationFailed(v.details).toJSON() };
  try {
    return { ok: true, prepared: prepareComplaint(v.value, tools) };
  } catch (err) {
    return { ok: false, externalId: externalIdOf(item), internal: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}
