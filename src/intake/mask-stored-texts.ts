/**
 * Complaint texts and event notes stored before personal numbers were masked are masked once at
 * start, the way intake masks new ones: the text, its hash, its normalised form, its similarity
 * signature and its facts are replaced together (facts and signature re-derived from the masked
 * text, so a rescan reads every complaint alike), the keyed hashes of what was found kept, and the
 * text hashes frozen into evidence bundles follow (an unkeyed hash of a text whose masked form is
 * known would give the hidden digits away). Reviewers' reasons and defences are not rewritten:
 * they are part of the audit chain, which is never rewritten; they are masked where shown.
 * Runs before the similarity index is loaded; a setting records that it was done.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../storage/ports.js';
import type { FreeTextMasker } from '../identity/free-text.js';
import { analyseText } from '../detection/analyse.js';
import { inputOf } from '../detection/facts-upgrade.js';
import type { EvidenceBundle } from '../registry/entry.js';
import { REGISTRY_STATES } from '../registry/state-machine.js';

const DONE = 'free_text_masked';
const BATCH = 2000;

export async function maskStoredTexts(store: Store, maskText: FreeTextMasker, log: FastifyBaseLogger): Promise<{ complaints: number; notes: number }> {
  if ((await store.read.assessments.setting(DONE)) === '1') return { complaints: 0, notes: 0 };
  const started = Date.now();
  let lastLog = started;
  const rehashed = new Map<string, string>();

  for (let after = 0; ; ) {
    const rows = await store.read.complaints.factsSources(after, BATCH);
    if (!rows.length) break;
    const changes = rows.flatMap((row) => {
      const masked = maskText(row.text);
      if (!masked.found.length) return [];
      const a = analyseText({ ...inputOf(row), text: masked.text }, row.respondentName);
      return [
        {
          row,
          masked,
          replacement: {
            text: masked.text,
            textHash: a.textHash,
            textNormalised: a.normalised,
            signature: a.signature,
            facts: a.facts,
          },
        },
      ];
    });
    if (changes.length)
      await store.write(async (tx) => {
        for (const c of changes) {
          await tx.complaints.replaceText(c.row.seq, c.replacement);
          await tx.identity.recordTextIdentifiers('complaint', c.row.id, c.masked.found);
          rehashed.set(c.row.id, c.replacement.textHash);
        }
      });
    after = rows[rows.length - 1].seq;
    if (Date.now() - lastLog > 5000) {
      log.info({ read: after }, 'masking personal numbers in stored complaint texts');
      lastLog = Date.now();
    }
  }

  let notes = 0;
  for (let after = 0; ; ) {
    const rows = await store.read.complaints.notes(after, BATCH);
    if (!rows.length) break;
    const changes = rows.map((r) => ({ r, masked: maskText(r.note) })).filter((c) => c.masked.found.length);
    if (changes.length)
      await store.write(async (tx) => {
        for (const c of changes) {
          await tx.complaints.setNote(c.r.seq, c.masked.text);
          await tx.identity.recordTextIdentifiers('event', c.r.id, c.masked.found);
        }
      });
    notes += changes.length;
    after = rows[rows.length - 1].seq;
  }

  await store.write(async (tx) => {
    if (rehashed.size)
      for (const entry of await tx.registry.all([...REGISTRY_STATES])) {
        const follow = (b: EvidenceBundle | null) =>
          b && { ...b, complaints: b.complaints.map((c) => (rehashed.has(c.id) ? { ...c, textSha256: rehashed.get(c.id)! } : c)) };
        const touches = (b: EvidenceBundle | null) => !!b?.complaints.some((c) => rehashed.has(c.id));
        if (touches(entry.evidence) || entry.renewals?.some((r) => touches(r.evidence)))
          await tx.registry.update(entry.id, {
            evidence: follow(entry.evidence),
            renewals: entry.renewals?.map((r) => ({ ...r, evidence: follow(r.evidence)! })) ?? null,
          });
      }
    await tx.assessments.setSetting(DONE, '1');
  });
  if (rehashed.size || notes) log.warn({ complaints: rehashed.size, notes, ms: Date.now() - started }, 'personal numbers in stored texts masked');
  return { complaints: rehashed.size, notes };
}
