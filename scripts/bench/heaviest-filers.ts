/**
 * The heaviest filers of a database, counted in a process of its own (`bench:profiles`): reading a
 * million complaint rows grows a heap and the allocator's arenas, which a thread would leave in the
 * measured process's memory. Prints {records, heaviest: [[complainant id, complaints], ...]}.
 *   node dist/scripts/bench/heaviest-filers.js <database> <count>
 */
import { openReadStore } from '../../src/storage/open-store.js';

const [dbPath, count] = [process.argv[2], Number(process.argv[3])];
const store = openReadStore(dbPath);
const filed = new Map<string, number>();
for (let after = 0; ; ) {
  const rows = await store.read.complaints.detectionRowsAfter(after, 20_000);
  if (!rows.length) break;
  for (const r of rows) filed.set(r.complainantId, (filed.get(r.complainantId) ?? 0) + 1);
  after = rows[rows.length - 1].seq;
}
store.close();
process.stdout.write(JSON.stringify({ records: filed.size, heaviest: [...filed].sort((a, b) => b[1] - a[1]).slice(0, count) }));
