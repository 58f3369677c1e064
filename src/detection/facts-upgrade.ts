/**
 * When a version of Sieve ships a new lexicon, complaints stored before it were read only with the
 * older ones. At start they are read again from their stored text with the new lexicon (their
 * existing facts untouched), so a rule set that reads with it can assess, dry-run and backtest
 * every stored complaint. Done once per lexicon version; a setting records the versions read.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../storage/ports.js';
import type { FactsSource } from '../storage/ports.js';
import type { Punitive } from '../intake/complaint.schema.js';
import { readWithLaterLexicons, unreadLexicons, type FactsInput, type StoredFacts } from './facts.js';
import { LEXICON_VERSIONS } from './lexicon.js';

const READ_WITH = 'facts_lexicons';
const BATCH = 2000;

const orUndefined = <T>(v: T | null) => v ?? undefined;

/** The complaint as intake saw it, as far as facts are concerned. */
export function inputOf(row: FactsSource): FactsInput {
  return {
    text: row.text,
    purchase: {
      amount: orUndefined(row.purchaseAmount),
      quantity: orUndefined(row.purchaseQuantity),
      product: orUndefined(row.purchaseProduct),
      orderIds: orUndefined(row.purchaseOrderIds),
    },
    claim: {
      amount: orUndefined(row.claimAmount),
      punitive: orUndefined(row.claimPunitive) as Punitive | undefined,
      reward: orUndefined(row.claimReward),
      harm: orUndefined(row.claimHarm),
    },
  };
}

export async function readStoredWithNewLexicons(store: Store, log: FastifyBaseLogger): Promise<number> {
  const wanted = LEXICON_VERSIONS.join(',');
  if ((await store.read.assessments.setting(READ_WITH)) === wanted) return 0;
  const total = await store.read.complaints.count();
  const started = Date.now();
  let lastLog = started;
  let after = 0;
  let updated = 0;
  let seen = 0;
  for (;;) {
    const rows = await store.read.complaints.factsSources(after, BATCH);
    if (!rows.length) break;
    const changes = rows.flatMap((row) => {
      const unread = unreadLexicons(row.facts as StoredFacts);
      return unread.length ? [{ seq: row.seq, facts: readWithLaterLexicons(inputOf(row), row.facts as StoredFacts, unread) }] : [];
    });
    if (changes.length)
      await store.write(async (tx) => {
        for (const c of changes) await tx.complaints.setFacts(c.seq, c.facts);
      });
    updated += changes.length;
    seen += rows.length;
    after = rows[rows.length - 1].seq;
    if (Date.now() - lastLog > 5000) {
      log.info({ read: seen, total }, 'reading stored complaints with the new lexicon');
      lastLog = Date.now();
    }
  }
  await store.write((tx) => tx.assessments.setSetting(READ_WITH, wanted));
  if (updated) log.info({ complaints: updated, ms: Date.now() - started, lexicons: LEXICON_VERSIONS }, 'stored complaints read with the new lexicon');
  return updated;
}
