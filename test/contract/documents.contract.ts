/**
 * Documents. `nextNumber(prefix, year)` answers 1, 2, … per prefix and year, each number once: a
 * rolled-back transaction gives its numbers back, a committed one keeps them. A document is read
 * back exactly (HTML, and the PDF bytes once set); a number is stored once. `forEntry` lists an
 * entry's documents without their bodies, oldest first (ties by sequence). `setPdf` stores a PDF
 * only on a document without one and says whether it did. A document's service is stored once;
 * `serviceOf` answers the services of the documents asked for.
 */
import type { DocumentRecord } from '../../src/documents/document.js';
import type { ContractGroup } from './harness.js';
import { T0 } from './factories.js';

const doc = (id: string, over: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id,
  entryId: 'r_1',
  kind: 'notice',
  number: `告〔2026〕${id}号`,
  year: 2026,
  seq: 1,
  html: `<p>${id}</p>`,
  htmlSha256: `sha-${id}`,
  pdf: null,
  pdfSha256: null,
  pdfAt: null,
  createdAt: T0,
  createdBy: 'sup',
  ...over,
});

export const documentsContract: ContractGroup = (t, fresh) => {
  t.test('documents: numbers per prefix and year, given back by a rollback, never given twice', async (t) => {
    const { store } = await fresh(t);
    const taken = await store.write(async (tx) => [
      await tx.documents.nextNumber('告', 2026),
      await tx.documents.nextNumber('告', 2026),
      await tx.documents.nextNumber('决', 2026),
      await tx.documents.nextNumber('告', 2027),
    ]);
    t.strictSame(taken, [1, 2, 1, 1], 'one sequence per prefix and year');
    await t.rejects(
      store.write(async (tx) => {
        t.equal(await tx.documents.nextNumber('告', 2026), 3);
        throw new Error('undone');
      }),
    );
    await store.write(async (tx) => {
      await tx
        .savepoint(async () => {
          t.equal(await tx.documents.nextNumber('告', 2026), 3);
          throw new Error('undone');
        })
        .catch(() => undefined);
    });
    t.equal(await store.write((tx) => tx.documents.nextNumber('告', 2026)), 3, 'the undone numbers are given again, committed ones not');
  });

  t.test('documents: stored and read back, listed per entry without bodies, a number stored once', async (t) => {
    const { store } = await fresh(t);
    await store.write(async (tx) => {
      await tx.documents.insert(doc('d_2', { seq: 2, createdAt: T0 + 1 }));
      await tx.documents.insert(doc('d_1'));
      await tx.documents.insert(doc('d_3', { entryId: 'r_2' }));
    });
    t.strictSame(await store.read.documents.get('d_1'), doc('d_1'));
    t.equal(await store.read.documents.get('d_missing'), undefined);
    const listed = await store.read.documents.forEntry('r_1');
    t.strictSame(
      listed.map((d) => d.id),
      ['d_1', 'd_2'],
      'oldest first',
    );
    t.notOk('html' in listed[0] || 'pdf' in listed[0], 'no bodies in lists');
    await t.rejects(
      store.write((tx) => tx.documents.insert(doc('d_4', { number: '告〔2026〕d_1号' }))),
      'the same number refused',
    );
  });

  t.test('documents: a PDF is set once; a service is stored once and read back', async (t) => {
    const { store } = await fresh(t);
    await store.write((tx) => tx.documents.insert(doc('d_1')));
    const pdf = Buffer.from('%PDF-1.4 first');
    t.equal(await store.write((tx) => tx.documents.setPdf('d_1', pdf, 'sha-pdf', T0 + 5)), true);
    t.equal(await store.write((tx) => tx.documents.setPdf('d_1', Buffer.from('%PDF-1.4 second'), 'other', T0 + 6)), false, 'the first stays');
    t.match(await store.read.documents.get('d_1'), { pdfSha256: 'sha-pdf', pdfAt: T0 + 5 });
    t.ok((await store.read.documents.get('d_1'))!.pdf!.equals(pdf), 'the bytes as stored');

    const service = { documentId: 'd_1', method: '邮寄送达' as const, servedOn: '2026-10-09', note: null, recordedBy: 'rev', recordedAt: T0 + 7 };
    await store.write((tx) => tx.documents.insertService(service));
    await t.rejects(
      store.write((tx) => tx.documents.insertService({ ...service, method: '直接送达' })),
      'once per document',
    );
    t.strictSame(await store.read.documents.serviceOf(['d_1', 'd_2']), [service]);
    t.strictSame(await store.read.documents.serviceOf([]), []);
  });
};
