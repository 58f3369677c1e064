/**
 * Identifiers are matched by their keyed hashes, so a service started with another identifier key
 * (SIEVE_PII_KEY set after a first start that generated pii.key, a key mistyped on a second
 * instance, a data folder restored without its key) would match none of the stored ones: every
 * complainant filing again would become a new record, and detection would lose all history without
 * a single error. The database keeps a check value, a keyed hash of a fixed text that reveals nothing
 * of the key, written at the first start; a start with another key is refused.
 */
import type { Store } from '../storage/ports.js';
import type { PiiHasher } from './pii.js';

const SETTING = 'pii_key_check';

/** Records the key's check value on a first start; refuses a key other than the recorded one. */
export async function checkPiiKey(store: Store, hashPii: PiiHasher, where: string): Promise<void> {
  const check = hashPii('key-check', 'sieve');
  const differs = () =>
    new Error(
      `The identifier key (${where}) is not the key this database's identifiers were hashed with: ` +
        'complainants would no longer be recognised. Start with the key the database was written with ' +
        '(SIEVE_PII_KEY, or the pii.key file of its data folder).',
    );
  const stored = await store.read.assessments.setting(SETTING);
  if (stored === check) return;
  if (stored !== undefined) throw differs();
  // Another instance may be starting on the same database: the first to record its key wins.
  await store.write(async (tx) => {
    const now = await tx.assessments.setting(SETTING);
    if (now === undefined) await tx.assessments.setSetting(SETTING, check);
    else if (now !== check) throw differs();
  });
}
