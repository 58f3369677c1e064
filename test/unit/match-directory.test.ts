/** The match directory holds each indexed complaint's ids as they were stored, whatever their length or script. */
import t from 'tap';
import { tempStore } from '../helpers/app.js';
import { MatchDirectory } from '../../src/detection/match-directory.js';
import { OtherComplaintCache } from '../../src/detection/other-complaints.js';
import { complaintRow } from '../contract/factories.js';

const filed = (n: number, externalId = `12315-330281-2026-${String(n).padStart(6, '0')}`) => ({
  id: `c_${n.toString(36).padStart(20, '0')}`,
  externalId,
  receivedAt: 1_700_000_000_000 + n,
  complainantId: `p_${n % 7}`,
});

t.test('ids come back as added, past the room first made for them, and go with an undone seq', async (t) => {
  // Room for 1,024 complaints' ids at first: 5,000 make it grow, twice over.
  const directory = new MatchDirectory(0);
  for (let seq = 1; seq <= 5000; seq++) directory.add(seq, filed(seq));
  const wide = { ...filed(5001, '投诉-上海市-２０２６-第１２３号-🍜'), id: 'c_中文编号' };
  directory.add(5001, wide);
  const wrong: number[] = [];
  for (let seq = 1; seq <= 5000; seq++) {
    const { id, externalId } = filed(seq);
    const ref = directory.refOf(seq);
    if (ref?.id !== id || ref.externalId !== externalId) wrong.push(seq);
  }
  t.same(wrong, [], 'every one of 5,000 as added');
  t.same(directory.refOf(5001), { id: wide.id, externalId: wide.externalId }, 'ids outside ASCII, and characters beyond the basic plane');
  t.same(directory.get(5001), { receivedAt: wide.receivedAt, recordId: wide.complainantId }, 'with who filed it, and when');
  t.equal(directory.refOf(5002), undefined, 'nothing for a seq not added');
  t.equal(directory.refOf(10_000_000), undefined, 'nor beyond what the directory has room for');

  directory.forget(4000);
  t.equal(directory.refOf(4000), undefined, 'an undone intake is forgotten');
  directory.add(4000, filed(9999));
  t.equal(directory.refOf(4000)?.id, filed(9999).id, 'and its seq, used again, names the complaint stored under it now');
  t.equal(directory.refOf(3999)?.id, filed(3999).id, 'the seqs beside it unchanged');
  t.ok(directory.memoryBytes() > 5001 * 47, 'the bytes held count the ids');
});

t.test('what the directory holds is not read from the database; what it does not is', async (t) => {
  const store = tempStore(t, 'sieve-directory-');
  const stored = await store.write((tx) => tx.complaints.insert(complaintRow(1)));
  // A seq the directory holds but the database does not: only the directory can name it.
  const directory = new MatchDirectory(16);
  const onlyHeld = stored + 5;
  directory.add(onlyHeld, filed(3));
  const cache = new OtherComplaintCache(10, (seq) => directory.refOf(seq));
  t.same(
    [...(await cache.idsOf(store.read, [onlyHeld, stored]))],
    [
      [onlyHeld, filed(3).id],
      [stored, 'c_1'],
    ],
    'the directory first, the database for the rest',
  );
  t.equal(cache.size.refs, 1, 'only what was read is held in the cache itself');
  t.same(
    [...(await cache.refsOf(store.read, [stored, onlyHeld]))],
    [
      [stored, { id: 'c_1', externalId: 'ext-1' }],
      [onlyHeld, { id: filed(3).id, externalId: filed(3).externalId }],
    ],
  );
});
