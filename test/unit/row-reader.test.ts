import t from 'tap';
import { getTableColumns, sql } from 'drizzle-orm';
import { openSqlite } from '../../src/storage/sqlite/connection.js';
import { complaints, events } from '../../src/storage/sqlite/schema.js';
import { rowReader } from '../../src/storage/sqlite/sql-helpers.js';

// The hot reads decode rows themselves; they must give exactly what drizzle's own mapping gives.
t.test('rowReader decodes rows as drizzle does: JSON, booleans, blobs, nulls, expressions', async (t) => {
  const conn = openSqlite({ path: ':memory:' });
  t.teardown(() => conn.close());
  const db = conn.writer;
  const base = {
    contentHash: 'h',
    complainantId: 'p_1',
    kind: 'complaint' as const,
    respondentName: '某商店',
    textHash: 't',
    createdAt: 1,
    textNormalised: 'n',
    result: { answer: [1, { nested: true }] },
    text: '文本',
  };
  db.insert(complaints)
    .values([
      {
        ...base,
        id: 'c_1',
        externalId: 'x1',
        receivedAt: 10,
        purchaseAt: 5,
        purchaseQuantity: 1.5,
        purchaseOrderIds: ['o1', 'o2'],
        claimReward: true,
        claimHarm: false,
        facts: { paid: true, amount: 12.5, phrases: ['十倍赔偿'] },
        selfMatches: [{ seq: 1, similarity: 0.9 }],
        signature: Buffer.from([1, 2, 3]),
      },
      { ...base, id: 'c_2', externalId: 'x2', receivedAt: 20, facts: {}, selfMatches: [], signature: null },
    ])
    .run();
  db.insert(events).values({ id: 'e_1', complaintId: 'c_1', type: 'upheld', at: 11, amountKey: -1, createdAt: 2 }).run();

  const columns = getTableColumns(complaints);
  const read = rowReader<Record<string, unknown>>(columns);
  const mine = read(db.select(columns).from(complaints).orderBy(complaints.seq).prepare());
  t.same(mine, db.select().from(complaints).orderBy(complaints.seq).all(), 'every column of both rows');
  t.equal(mine[0].claimReward, true);
  t.same(mine[0].facts, { paid: true, amount: 12.5, phrases: ['十倍赔偿'] });
  t.ok(Buffer.isBuffer(mine[0].signature));
  t.equal(mine[1].purchaseAt, null);

  const joined = { id: complaints.id, type: events.type, twice: sql<number>`${events.at} * 2` };
  const query = db.select(joined).from(complaints).innerJoin(events, sql`${events.complaintId} = ${complaints.id}`).prepare();
  t.same(rowReader(joined)(query), query.all(), 'columns from two tables and an expression');
  t.same(rowReader(joined)(query), [{ id: 'c_1', type: 'upheld', twice: 22 }]);
});
