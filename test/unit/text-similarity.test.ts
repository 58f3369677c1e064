import t from 'tap';
import { normaliseForMatching, NAME_PLACEHOLDER } from '../../src/text/normalise.js';
import { exactJaccard, shingleSet } from '../../src/text/shingles.js';
import { estimateJaccard, signature, signatureFromBytes, signatureToBytes, SIGNATURE_LENGTH, SIGNATURE_SCHEME } from '../../src/text/minhash.js';
import { LshIndex } from '../../src/text/lsh-index.js';
import { DEFAULT_INDEX_PARAMS, SimilarityIndex } from '../../src/text/similarity-index.js';
import { ShingleCache } from '../../src/text/shingle-cache.js';

function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const sign = (text: string, merchant?: string): Uint16Array =>
  signature(shingleSet(normaliseForMatching(text, merchant === undefined ? undefined : { maskNames: [merchant] })));

t.test('normalisation makes width, script, case and punctuation variants equal', async (t) => {
  t.equal(normaliseForMatching('ＡＢＣ１２３，投诉！'), normaliseForMatching('ABC123,投诉!'), 'full-width = half-width');
  t.equal(normaliseForMatching('購買了過期食品，要求賠償。'), normaliseForMatching('购买了过期食品，要求赔偿。'), 'traditional = simplified');
  t.equal(normaliseForMatching('购买了过期食品，要求赔偿。'), '购买了过期食品要求赔偿');
  t.equal(normaliseForMatching('VIP會員'), normaliseForMatching('vip会员'), 'case folded');
  t.equal(normaliseForMatching('要求 退款！\n（请尽快）😡'), '要求退款请尽快', 'whitespace, punctuation and symbols removed');
  t.equal(normaliseForMatching('𠀀了😀1😀2'), '𠀀了0', 'astral ideographs kept, emoji dropped');
  t.equal(normaliseForMatching(''), '');
});

t.test('digits are masked, a run of them becoming one 0', async (t) => {
  t.equal(normaliseForMatching('2023年5月12日支付128.50元'), '0年0月0日支付0元');
  t.equal(
    normaliseForMatching('订单号20230512123456789，金额1,280元'),
    normaliseForMatching('订单号９９８８７７，金额35元'),
    'order numbers and amounts of any length and width match',
  );
  t.equal(normaliseForMatching('十倍赔偿'), '十倍赔偿', 'Chinese numerals are words and stay');
});

t.test('respondent names are masked in every written form', async (t) => {
  const template = (merchant: string): string => `本人在${merchant}购买了牛奶，${merchant}拒绝退款。`;
  const a = normaliseForMatching(template('杭州鑫源食品有限公司'), { maskNames: ['杭州鑫源食品有限公司'] });
  const b = normaliseForMatching(template('深圳华泰商贸有限公司'), { maskNames: ['深圳华泰商贸有限公司'] });
  t.equal(a, b, 'two uses naming different merchants match');
  t.equal(a, `本人在${NAME_PLACEHOLDER}购买了牛奶${NAME_PLACEHOLDER}拒绝退款`);
  t.equal(
    normaliseForMatching('在廣州華聯電器有限公司買的', { maskNames: ['广州华联电器有限公司'] }),
    `在${NAME_PLACEHOLDER}买的`,
    'traditional-script mention of a simplified name',
  );
  t.equal(
    normaliseForMatching('在杭州鑫源食品的网店买的', { maskNames: ['杭州鑫源食品有限公司'] }),
    `在${NAME_PLACEHOLDER}的网店买的`,
    'name without its legal form',
  );
  t.equal(normaliseForMatching('住了7天酒店，3天内', { maskNames: ['7天'] }), '住了0天酒店0天内', 'a name reduced to one character and digits is not masked');
});

t.test('English words are stemmed', async (t) => {
  const complain = normaliseForMatching('complain');
  for (const word of ['complained', 'complaining', 'Complains', 'COMPLAIN']) t.equal(normaliseForMatching(word), complain, word);
  t.equal(normaliseForMatching('refunds'), normaliseForMatching('refunded'));
  t.equal(normaliseForMatching('I complained about the iPhone 15'), 'icomplainabouttheiphon0');
});

t.test('shingle sets and exact Jaccard', async (t) => {
  t.equal(shingleSet('').length, 0);
  t.equal(shingleSet('a').length, 1, 'a short text is one shingle');
  t.not(shingleSet('ab')[0], shingleSet('a')[0]);
  t.equal(shingleSet('abcabc').length, 3, 'duplicates removed');
  const set = shingleSet('要求退还货款并十倍赔偿');
  t.ok(
    set.every((v, i) => i === 0 || set[i - 1] < v),
    'sorted ascending',
  );
  t.equal(exactJaccard(Uint32Array.of(1, 2, 3, 4), Uint32Array.of(3, 4, 5)), 2 / 5);
  t.equal(exactJaccard(Uint32Array.of(1, 2), Uint32Array.of(1, 2)), 1);
  t.equal(exactJaccard(Uint32Array.of(1, 2), Uint32Array.of(3)), 0);
  t.equal(exactJaccard(new Uint32Array(0), new Uint32Array(0)), 0, 'empty texts share no template');
  t.equal(exactJaccard(shingleSet('abcd'), shingleSet('abce')), 1 / 3);
});

t.test('signature estimates track exact Jaccard', async (t) => {
  const rng = makeRng(7);
  const randomSet = (values: number[]): Uint32Array => Uint32Array.from(new Set(values)).sort();
  let squared = 0;
  let bias = 0;
  let worst = 0;
  const pairs = 400;
  for (let p = 0; p < pairs; p++) {
    const size = 20 + Math.floor(rng() * 280);
    const shared = Math.floor(rng() * size);
    const common = Array.from({ length: shared }, () => (rng() * 2 ** 32) >>> 0);
    const a = randomSet([...common, ...Array.from({ length: size - shared }, () => (rng() * 2 ** 32) >>> 0)]);
    const b = randomSet([...common, ...Array.from({ length: size - shared }, () => (rng() * 2 ** 32) >>> 0)]);
    const error = estimateJaccard(signature(a), signature(b)) - exactJaccard(a, b);
    squared += error * error;
    bias += error;
    worst = Math.max(worst, Math.abs(error));
  }
  t.ok(Math.sqrt(squared / pairs) < 0.05, `RMSE ${Math.sqrt(squared / pairs).toFixed(4)} < 0.05`);
  t.ok(Math.abs(bias / pairs) < 0.01, `bias ${(bias / pairs).toFixed(4)}`);
  t.ok(worst < 0.2, `worst error ${worst.toFixed(3)}`);
  t.equal(estimateJaccard(signature(Uint32Array.of(5)), signature(Uint32Array.of(5))), 1, 'one-shingle sets');
  t.ok(estimateJaccard(signature(Uint32Array.of(5)), signature(Uint32Array.of(6))) < 0.05);
});

t.test('signatures are deterministic and versioned', async (t) => {
  const text = '本人于2024年3月5日在某某超市购买了进口牛奶2箱，发现未标注生产日期，要求十倍赔偿。';
  const sig = sign(text);
  t.equal(sig.length, SIGNATURE_LENGTH);
  t.same(sign(text), sig, 'same text, same signature');
  // Pinned: stored signatures stay comparable only while these values do. A change here needs
  // a new SIGNATURE_SCHEME and a recomputation of stored signatures.
  t.equal(SIGNATURE_SCHEME, 'n1.c3m1.oph-optdens-128x16-s1');
  t.same(Array.from(sig.slice(0, 12)), [4326, 30552, 17606, 39887, 16913, 61612, 44457, 26132, 39887, 38857, 63012, 26132]);
  const bytes = new Uint8Array(SIGNATURE_LENGTH * 2 + 1);
  bytes.set(signatureToBytes(sig), 1);
  t.same(signatureFromBytes(bytes.subarray(1)), sig, 'round trip through unaligned bytes');
  t.throws(() => signatureFromBytes(new Uint8Array(10)));
});

const TEMPLATE = (merchant: string, date: string, total: number, order: string, inserted = ''): string =>
  `本人于${date}在${merchant}购买了进口纯牛奶3箱，共计${total}元，订单号${order}。` +
  '收到货后发现该产品外包装未标注生产日期和保质期，配料表中未标明食品添加剂的具体名称，属于不符合食品安全标准的食品。' +
  inserted +
  '根据《中华人民共和国食品安全法》第一百四十八条规定，消费者可以要求经营者支付价款十倍的赔偿金。' +
  `现要求商家退还货款${total}元，并支付十倍赔偿金${total * 10}元。请贵局依法查处并书面答复本人。`;

const FILLER_PHRASES = [
  '快递一直不送货',
  '客服态度恶劣',
  '要求退款',
  '商品质量有问题',
  '请贵局依法查处',
  '会员卡不给退',
  '外卖里吃出头发',
  '物业乱收费',
  '手机屏幕坏了',
  '酒店没有房间',
  '课程无法上课',
  '多次联系商家未果',
  '希望尽快处理',
  '衣服起球严重',
  '充值后门店关门',
  '价格与标价不一致',
  '产品已过保质期',
  '谢谢',
];

function fillerText(rng: () => number): string {
  const parts: string[] = [];
  const count = 4 + Math.floor(rng() * 5);
  for (let i = 0; i < count; i++) parts.push(FILLER_PHRASES[Math.floor(rng() * FILLER_PHRASES.length)]);
  return `${Math.floor(rng() * 1000)}号${parts.join('，')}。`;
}

t.test('the index finds an edited use of a template and not an unrelated complaint', async (t) => {
  const rng = makeRng(11);
  const index = new LshIndex({ bands: 32, rows: 4 });
  for (let i = 0; i < 500; i++) index.add(sign(fillerText(rng)));
  const original = index.add(sign(TEMPLATE('杭州鑫源食品有限公司', '2024年3月5日', 168, '20240305112233445566'), '杭州鑫源食品有限公司'));
  const unrelated = index.add(
    sign('我在某某健身房办了会员卡3000元，现在门店关门了，要求退费被拒绝。商家一直推诿。请贵局依法查处并书面答复本人。', '某某健身房'),
  );
  for (let i = 0; i < 500; i++) index.add(sign(fillerText(rng)));

  const editedText = TEMPLATE('深圳华泰商贸有限公司', '2025-01-17', 89.5, '7788990011', '我已多次联系客服协商，对方一直推诿。');
  const edited = normaliseForMatching(editedText, { maskNames: ['深圳华泰商贸有限公司'] });
  const originalSet = shingleSet(
    normaliseForMatching(TEMPLATE('杭州鑫源食品有限公司', '2024年3月5日', 168, '20240305112233445566'), { maskNames: ['杭州鑫源食品有限公司'] }),
  );
  t.ok(exactJaccard(shingleSet(edited), originalSet) >= 0.5, 'the edited use is a near-duplicate by exact Jaccard');

  const matches = index.query(signature(shingleSet(edited)), { maxCandidates: 300, minEstimate: 0.5 });
  t.equal(matches[0]?.doc, original, 'the template use is the best match');
  t.ok(matches[0].estimate >= 0.5);
  t.notOk(
    matches.some((m) => m.doc === unrelated),
    'the unrelated complaint is not returned',
  );
  t.equal(matches.length, 1, 'no filler complaint is returned');
});

t.test('query limits, exclusion and ordering', async (t) => {
  const index = new LshIndex({ bands: 32, rows: 4 });
  const sig = sign(TEMPLATE('某甲公司', '2024年1月1日', 10, '1'));
  for (let i = 0; i < 50; i++) index.add(sig);
  const all = index.query(sig, { maxCandidates: 1000, minEstimate: 0.9 });
  t.equal(all.length, 50);
  t.same(
    all.slice(0, 3).map((m) => m.doc),
    [49, 48, 47],
    'equal estimates: newest first',
  );
  t.equal(index.query(sig, { maxCandidates: 10, minEstimate: 0 }).length, 10, 'candidate cap');
  t.equal(index.query(sig, { maxCandidates: 1000, minEstimate: 0, maxMatches: 5 }).length, 5, 'stop after enough matches');
  const recent = index.query(sig, { maxCandidates: 1000, minEstimate: 0, minDoc: 40 });
  t.same(
    recent.map((m) => m.doc).sort((a, b) => a - b),
    [40, 41, 42, 43, 44, 45, 46, 47, 48, 49],
    'only documents from minDoc on',
  );
  const even = index.query(sig, { maxCandidates: 1000, minEstimate: 0, exclude: (doc) => doc % 2 === 1 });
  t.ok(even.length === 25 && even.every((m) => m.doc % 2 === 0), 'excluded documents are passed over');
  t.throws(() => index.add(new Uint16Array(64)), RangeError);
  t.throws(() => new LshIndex({ bands: 43, rows: 3 }), RangeError);
});

t.test('the index grows past its initial capacity and loads stored signatures', async (t) => {
  const rng = makeRng(3);
  const count = 2500;
  const signatures = new Uint16Array(count * SIGNATURE_LENGTH);
  for (let i = 0; i < count; i++) {
    const set = Uint32Array.from({ length: 40 + Math.floor(rng() * 100) }, () => (rng() * 2 ** 32) >>> 0).sort();
    signatures.set(signature(set), i * SIGNATURE_LENGTH);
  }
  const index = new LshIndex({ bands: 32, rows: 4, initialCapacity: 1000 });
  const emptyBytes = index.memoryBytes();
  const numbers = Array.from({ length: count }, (_x, i) => index.add(signatures.subarray(i * SIGNATURE_LENGTH, (i + 1) * SIGNATURE_LENGTH)));
  t.ok(
    numbers.every((doc, i) => doc === i),
    'documents are numbered densely in the order added',
  );
  t.equal(index.size, count);
  t.ok(index.memoryBytes() > emptyBytes * 2, 'storage grew several times');
  t.same(index.signatureOf(0), signatures.subarray(0, SIGNATURE_LENGTH), 'signatures survive growth');
  const loaded = LshIndex.fromSignatures({ bands: 32, rows: 4 }, signatures);
  t.equal(loaded.size, count);
  for (const doc of [0, 1023, 1024, 2499]) {
    const sig = signatures.subarray(doc * SIGNATURE_LENGTH, (doc + 1) * SIGNATURE_LENGTH);
    const grown = index.query(sig, { maxCandidates: 300, minEstimate: 0.9 });
    t.same(grown, [{ doc, estimate: 1 }], `document ${doc} found after growth`);
    t.same(loaded.query(sig, { maxCandidates: 300, minEstimate: 0.9 }), grown, 'loaded index answers alike');
  }
  t.throws(() => index.signatureOf(count), RangeError);
});

t.test('segments: an index grown across many segments answers as one built at once', async (t) => {
  // Near-duplicates on purpose: 40 templates, each use keeping most of its template's shingles.
  const rng = makeRng(5);
  const templates = Array.from({ length: 40 }, () => Array.from({ length: 120 }, () => (rng() * 2 ** 32) >>> 0));
  const count = 9000;
  const signatures = new Uint16Array(count * SIGNATURE_LENGTH);
  for (let i = 0; i < count; i++) {
    const kept = templates[i % 40].filter(() => rng() < 0.85);
    const added = Array.from({ length: 20 }, () => (rng() * 2 ** 32) >>> 0);
    signatures.set(signature(Uint32Array.from([...kept, ...added]).sort()), i * SIGNATURE_LENGTH);
  }
  const sigOf = (doc: number) => signatures.subarray(doc * SIGNATURE_LENGTH, (doc + 1) * SIGNATURE_LENGTH);
  // 64 documents per segment: 141 segments. The bucket table, sized for the first segment, is
  // shared by up to 8 documents a bucket before it is doubled once (and every document relinked),
  // where a loaded index has at most 2: bounded queries must examine the same documents.
  const segmented = new LshIndex({ bands: 32, rows: 4, segmentBits: 6 });
  const sizes: number[] = [];
  for (let doc = 0; doc < count; doc++) {
    segmented.add(sigOf(doc));
    if (doc % 500 === 0) sizes.push(segmented.memoryBytes());
  }
  const whole = LshIndex.fromSignatures({ bands: 32, rows: 4 }, signatures);
  const loadedSegmented = LshIndex.fromSignatures({ bands: 32, rows: 4, segmentBits: 6 }, signatures);
  t.ok(
    sizes.every((b, i) => i === 0 || b > sizes[i - 1]),
    'memory grows with the documents',
  );
  let matched = 0;
  for (let q = 0; q < count; q += 37) {
    for (const opts of [
      { maxCandidates: 5000, minEstimate: 0.5 },
      { maxCandidates: 30, minEstimate: 0.4, minDoc: 1500 },
    ]) {
      const expected = whole.query(sigOf(q), opts);
      t.same(segmented.query(sigOf(q), opts), expected, `query ${q} answers alike when grown`);
      t.same(loadedSegmented.query(sigOf(q), opts), expected, `query ${q} answers alike when loaded`);
      matched += expected.length;
    }
    t.same(segmented.signatureOf(q), sigOf(q));
  }
  t.ok(matched > 1000, `the queries found near-duplicates to compare (${matched})`);
  t.throws(() => new LshIndex({ bands: 32, rows: 4, segmentBits: 0 }), RangeError);
});

t.test('segments: past its first segment, an index makes each next one whole instead of doubling into it', async (t) => {
  const rng = makeRng(9);
  const sig = () => signature(Uint32Array.from({ length: 60 }, () => (rng() * 2 ** 32) >>> 0).sort());
  const index = new LshIndex({ bands: 32, rows: 4, segmentBits: 12 });
  for (let doc = 0; doc <= 4096; doc++) index.add(sig());
  const opened = index.memoryBytes();
  for (let doc = 4097; doc < 8192; doc++) index.add(sig());
  t.equal(index.memoryBytes(), opened, 'no array was replaced while the second segment filled');
  index.add(sig());
  t.ok(index.memoryBytes() > opened, 'the third segment came with the 8,193rd document');
  const reserved = new LshIndex({ bands: 32, rows: 4, segmentBits: 12, initialCapacity: 5000 });
  const before = reserved.memoryBytes();
  for (let doc = 0; doc < 8192; doc++) reserved.add(sig());
  t.equal(reserved.memoryBytes(), before, 'a reserve past one segment is made of whole segments');
});

t.test('an index loaded at start takes the next complaints without replacing its arrays', async (t) => {
  const rng = makeRng(11);
  const sig = () => signature(Uint32Array.from({ length: 60 }, () => (rng() * 2 ** 32) >>> 0).sort());
  const index = new SimilarityIndex(DEFAULT_INDEX_PARAMS, 3000);
  for (let seq = 1; seq <= 3000; seq++) index.add(seq, sig());
  const loaded = index.memoryBytes();
  const next = sig();
  index.add(3001, next);
  t.equal(index.memoryBytes(), loaded, 'the first complaint after the stored ones copied nothing');
  t.same(index.query(next, 0.9), [{ seq: 3001, similarity: 1 }], 'and is found');
});

t.test('the shingle cache serves the set a stored text makes, forgets what is taken out, and stays within its bytes', async (t) => {
  const a = normaliseForMatching('我在店里买的酸奶标签上没有生产日期，违反食品安全法，要求十倍赔偿。');
  const b = normaliseForMatching('网购的保健品宣传能治病，属于虚假宣传，要求退一赔三。');
  const cache = new ShingleCache(4096);
  t.same(cache.missing([1, 2]), [1, 2], 'nothing held at first');
  t.same(cache.get(1, a), shingleSet(a), 'made from the text read');
  t.same(cache.missing([1, 2]), [2], 'then held');
  t.same(cache.get(1, undefined), shingleSet(a), 'and served without a text');
  t.equal(cache.get(2, undefined), undefined, 'a set neither held nor read is not made up');
  cache.forget(1);
  t.same(cache.get(1, b), shingleSet(b), 'a seq taken out and stored again gets its new text’s set');
  t.match(cache.stats(), { hits: 1, misses: 2 });
  for (let seq = 10; seq < 200; seq++) cache.get(seq, `${a}${seq}`);
  t.ok(cache.stats().bytes <= 4096, `held bytes stay within the bound (${cache.stats().bytes})`);
  t.ok(cache.stats().sets < 190, 'the least recently used sets were dropped');
});
