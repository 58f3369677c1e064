import t from 'tap';
import { residentIdCheckChar } from '../../src/identity/resident-id.js';
import { creditCodeCheckChar } from '../../src/identity/credit-code.js';
import { normalisePhone } from '../../src/identity/phone.js';
import { generateStream, summarize, GROUPS, type ComplaintBody, type GenerateOptions, type SyntheticRecord } from '../../src/synthetic/index.js';

const collect = (opts: GenerateOptions): SyntheticRecord[] => [...generateStream(opts)];
const complaints = (records: SyntheticRecord[]) => records.flatMap((r) => (r.kind === 'complaint' ? [{ body: r.body, label: r.label }] : []));

const tiny = collect({ seed: 7, scale: 'tiny' });
// One realistic district-year is shared by the tests that need volume (about 50k records).
const district = collect({ seed: 1, scale: 'district-year' });

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const KINDS = ['complaint', 'report', 'complaint_and_report', 'information_request', 'reconsideration', 'litigation'];
const EVENT_TYPES = ['withdrawn', 'settled', 'compensated', 'mediation_ended', 'upheld', 'rejected'];
const length = (s: string): number => [...s].length;
const instant = (s: string): number => Date.parse(s);

/** Character 3-grams after NFKC, lower-casing, digit masking and dropping spaces and punctuation. */
function shingles(text: string): Set<string> {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\d/g, '0')
    .replace(/[\s\p{P}\p{S}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Every problem with one body, as "field: reason" strings (empty when it is valid). */
function contractProblems(b: ComplaintBody): string[] {
  const p: string[] = [];
  const c = b.complainant;
  if (!b.externalId || length(b.externalId) > 128) p.push('externalId length');
  if (!/^(12315|12345)-\d{6}-\d{4}-\d{6,}$/.test(b.externalId)) p.push(`externalId form ${b.externalId}`);
  if (!RFC3339.test(b.receivedAt)) p.push(`receivedAt ${b.receivedAt}`);
  if (b.kind !== undefined && !KINDS.includes(b.kind)) p.push(`kind ${b.kind}`);
  if (b.channel !== undefined && length(b.channel) > 128) p.push('channel length');
  if (!b.text || length(b.text) > 20_000) p.push('text length');
  if (!c.idNumber && !c.phone && !c.accountId) p.push('no identifier');
  if (c.name !== undefined && (length(c.name) === 0 || length(c.name) > 100)) p.push('name length');
  if (c.address !== undefined && length(c.address) > 300) p.push('address length');
  if (c.accountId !== undefined && length(c.accountId) > 128) p.push('accountId length');
  if (c.idNumber !== undefined && (c.idType ?? 'resident_id') === 'resident_id') {
    if (!/^\d{17}[\dX]$/.test(c.idNumber) || residentIdCheckChar(c.idNumber) !== c.idNumber[17]) p.push(`idNumber ${c.idNumber}`);
    const month = Number(c.idNumber.slice(10, 12));
    const day = Number(c.idNumber.slice(12, 14));
    const year = Number(c.idNumber.slice(6, 10));
    if (year < 1940 || year > 2010 || month < 1 || month > 12 || day < 1 || day > 31) p.push(`birth date in ${c.idNumber}`);
  }
  if (c.phone !== undefined && !/^1[3-9]\d{9}$/.test(normalisePhone(c.phone) ?? '')) p.push(`phone ${c.phone}`);
  const r = b.respondent;
  if (!r.name || length(r.name) > 200) p.push('respondent.name length');
  if (r.creditCode !== undefined) {
    if (r.creditCode.length !== 18 || creditCodeCheckChar(r.creditCode) !== r.creditCode[17]) p.push(`creditCode ${r.creditCode}`);
    if (!r.creditCode.slice(2, 8).startsWith('33')) p.push(`creditCode region ${r.creditCode}`);
  }
  for (const f of ['platform', 'shopId'] as const) if (r[f] !== undefined && length(r[f]!) > 128) p.push(`${f} length`);
  const pu = b.purchase;
  if (pu) {
    if (pu.at !== undefined && !RFC3339.test(pu.at)) p.push(`purchase.at ${pu.at}`);
    if (pu.amount !== undefined && !(pu.amount >= 0)) p.push('purchase.amount');
    if (pu.product !== undefined && length(pu.product) > 128) p.push('product length');
    if (pu.orderIds?.some((o) => length(o) > 128 || o.length === 0)) p.push('orderIds');
    if (pu.at !== undefined && instant(pu.at) >= instant(b.receivedAt)) p.push('purchase after complaint');
  }
  const cl = b.claim;
  if (cl?.punitive !== undefined && !['none', '3x', '10x', 'other'].includes(cl.punitive)) p.push(`punitive ${cl.punitive}`);
  if (cl?.amount !== undefined && !(cl.amount >= 0)) p.push('claim.amount');
  return p;
}

t.test('the same seed and options give byte-identical output', async (t) => {
  t.equal(JSON.stringify(collect({ seed: 7, scale: 'tiny' })), JSON.stringify(tiny), 'tiny, seed 7, twice');
  t.not(JSON.stringify(collect({ seed: 8, scale: 'tiny' })), JSON.stringify(tiny), 'another seed differs');
  const custom = { seed: 3, scale: { complainants: 500 }, start: '2025-06-01T00:00:00Z', days: 90 } as const;
  t.equal(JSON.stringify(collect(custom)), JSON.stringify(collect(custom)), 'custom scale and period, twice');
});

t.test('tiny scale is small and has every population', async (t) => {
  const s = summarize(tiny);
  t.ok(s.complaints >= 150 && s.complaints <= 1_000, `complaints ${s.complaints}`);
  t.ok(s.records < 2_000, `records ${s.records}`);
  for (const g of GROUPS) t.ok(s.groups[g].complainants > 0, `${g} present`);
  t.equal(generateStream({ seed: 7, scale: 'tiny' }).plan.complaints, s.complaints, 'the plan announces the exact complaint count');
});

t.test('every complaint body meets the intake contract', async (t) => {
  for (const [name, records] of [
    ['tiny', tiny],
    ['district-year', district],
  ] as const) {
    const problems = new Map<string, number>();
    const ids = new Set<string>();
    for (const { body } of complaints(records)) {
      for (const problem of contractProblems(body)) problems.set(problem, (problems.get(problem) ?? 0) + 1);
      ids.add(body.externalId);
    }
    t.same([...problems.entries()].slice(0, 10), [], `${name}: no contract problems`);
    t.equal(ids.size, complaints(records).length, `${name}: externalIds are unique`);
  }
});

t.test('people are told apart only by their identifiers', async (t) => {
  const owners = new Map<string, Set<string>>();
  for (const { body, label } of complaints(district)) {
    const id = body.complainant.idNumber;
    if (!id) continue;
    const set = owners.get(id) ?? new Set();
    set.add(label.complainantKey);
    owners.set(id, set);
  }
  const shared = [...owners.values()].filter((s) => s.size > 1);
  t.equal(shared.length, 0, 'no ID number belongs to two people');
});

t.test('records come in time order and events follow their complaint', async (t) => {
  for (const [name, records] of [
    ['tiny', tiny],
    ['district-year', district],
  ] as const) {
    const received = new Map<string, number>();
    let previous = -Infinity;
    let disorder = 0;
    let orphans = 0;
    let early = 0;
    let misplacedAmount = 0;
    let badType = 0;
    for (const r of records) {
      const at = instant(r.kind === 'complaint' ? r.body.receivedAt : r.body.at);
      if (at < previous) disorder++;
      previous = at;
      if (r.kind === 'complaint') {
        received.set(r.body.externalId, at);
        continue;
      }
      const complaintAt = received.get(r.externalId);
      if (complaintAt === undefined) orphans++;
      else if (!(at > complaintAt)) early++;
      if (!EVENT_TYPES.includes(r.body.type) || !RFC3339.test(r.body.at)) badType++;
      if (r.body.amount !== undefined && r.body.type !== 'settled' && r.body.type !== 'compensated') misplacedAmount++;
    }
    t.equal(disorder, 0, `${name}: non-decreasing time`);
    t.equal(orphans, 0, `${name}: every event refers to an earlier complaint`);
    t.equal(early, 0, `${name}: every event is dated after its complaint`);
    t.equal(badType, 0, `${name}: event types and times are valid`);
    t.equal(misplacedAmount, 0, `${name}: amounts only on settled and compensated`);
  }
  const short = collect({ seed: 2, scale: { complainants: 400 }, start: '2026-03-01T00:00:00+08:00', days: 30 });
  const from = instant('2026-03-01T00:00:00+08:00');
  const outside = short.filter((r) => {
    const at = instant(r.kind === 'complaint' ? r.body.receivedAt : r.body.at);
    return at < from || at >= from + 30 * 86_400_000;
  });
  t.equal(outside.length, 0, 'a 30-day period keeps every record inside it');
});

t.test('group sizes and volumes are those of a district', async (t) => {
  const s = summarize(district);
  const people = GROUPS.reduce((n, g) => n + s.groups[g].complainants, 0);
  t.ok(s.complaints > 20_000 && s.complaints < 40_000, `about 28k complaints a year (${s.complaints})`);
  t.ok(s.groups.ordinary.complainants / people > 0.9, 'most complainants are ordinary consumers');
  const perHead = (g: (typeof GROUPS)[number]) => s.groups[g].complaints / s.groups[g].complainants;
  t.ok(perHead('ordinary') >= 1.2 && perHead('ordinary') <= 1.6, `ordinary: 1–3 each (${perHead('ordinary').toFixed(2)})`);
  t.ok(perHead('heavy_genuine') >= 15 && perHead('heavy_genuine') <= 80, `heavy: 15–80 a year (${perHead('heavy_genuine').toFixed(1)})`);
  t.ok(perHead('professional') >= 20 && perHead('professional') <= 400, `professional: 20–400 a year (${perHead('professional').toFixed(1)})`);
  t.ok(perHead('collective') < 1.3, 'wave members complain about once');
  const proShare = s.groups.professional.complaints / s.complaints;
  t.ok(proShare > 0.1 && proShare < 0.4, `professionals file a large minority of complaints (${proShare.toFixed(2)})`);
  t.ok(s.groups.professional.complainants + s.groups.ring.complainants < 0.02 * people, 'few profit-seekers');

  const flagged = new Set(district.filter((r) => r.label.expectFlag).map((r) => r.label.group));
  t.same([...flagged].sort(), ['professional', 'ring'], 'only professionals and rings are expected to be flagged');

  const waves = new Map<string, number>();
  for (const { label } of complaints(district)) {
    const issue = label.traits.find((x) => x.startsWith('issue:'));
    if (issue) waves.set(issue, (waves.get(issue) ?? 0) + 1);
  }
  t.ok(
    [...waves.values()].every((n) => n >= 20),
    'every wave has dozens of complaints',
  );

  for (const trait of [
    'first_time_punitive',
    'punitive:10x',
    'punitive:3x',
    'demand:numeric',
    'demand:shorthand',
    'floor',
    'label_only',
    'tiny_purchase',
    'bulk',
    'split_orders',
    'buy_then_complain',
    'repeat_after_payout',
    'withdraw_after_settlement',
    'reward',
    'threat',
    'proceedings',
    'shared_phone',
    'traditional',
    'fullwidth',
    'english',
    'civic',
    'shared_draft',
  ]) {
    t.ok((s.traits[trait] ?? 0) > 0, `some records show ${trait}`);
  }
});

t.test('the optional fields are sometimes given and often left to the text', async (t) => {
  const bodies = complaints(district).map((c) => c.body);
  const share = (f: (b: ComplaintBody) => boolean) => bodies.filter(f).length / bodies.length;
  for (const [name, f] of [
    ['purchase.amount', (b: ComplaintBody) => b.purchase?.amount !== undefined],
    ['claim.punitive', (b: ComplaintBody) => b.claim?.punitive !== undefined],
    ['respondent.creditCode', (b: ComplaintBody) => b.respondent.creditCode !== undefined],
    ['respondent.region', (b: ComplaintBody) => b.respondent.region !== undefined],
  ] as const) {
    const x = share(f);
    t.ok(x > 0.03 && x < 0.8, `${name} present in ${(100 * x).toFixed(0)}%`);
  }
  t.ok(bodies.some((b) => b.receivedAt.endsWith('Z')) && bodies.some((b) => b.receivedAt.endsWith('+08:00')), 'times in several notations');
  t.ok(
    bodies.some((b) => b.complainant.phone?.startsWith('+86')),
    'phones in several notations',
  );
});

t.test("a professional's texts are templated, an ordinary consumer's are not", async (t) => {
  const texts = new Map<string, { group: string; grams: Set<string>[] }>();
  for (const { body, label } of complaints(district)) {
    const entry = texts.get(label.complainantKey) ?? { group: label.group, grams: [] };
    entry.grams.push(shingles(body.text));
    texts.set(label.complainantKey, entry);
  }
  const templatedShares: number[] = [];
  const ordinaryBest: number[] = [];
  for (const { group, grams } of texts.values()) {
    if (group === 'professional' && grams.length >= 6) {
      let withTwin = 0;
      for (let i = 0; i < grams.length; i++) {
        let best = 0;
        for (let j = 0; j < grams.length && best < 0.5; j++) if (i !== j) best = Math.max(best, jaccard(grams[i], grams[j]));
        if (best >= 0.5) withTwin++;
      }
      templatedShares.push(withTwin / grams.length);
    }
    if (group === 'ordinary' && grams.length >= 2) {
      let best = 0;
      for (let i = 0; i < grams.length; i++) for (let j = i + 1; j < grams.length; j++) best = Math.max(best, jaccard(grams[i], grams[j]));
      ordinaryBest.push(best);
    }
  }
  templatedShares.sort((a, b) => a - b);
  ordinaryBest.sort((a, b) => a - b);
  t.ok(templatedShares.length >= 50, 'enough professionals to judge');
  t.ok(templatedShares[0] >= 0.5, `every professional reuses a text in at least half their complaints (worst ${templatedShares[0].toFixed(2)})`);
  t.ok(templatedShares[templatedShares.length >> 1] >= 0.8, 'the typical professional reuses one in most');
  t.ok(
    ordinaryBest[ordinaryBest.length >> 1] < 0.15,
    `ordinary consumers' own texts barely overlap (median ${ordinaryBest[ordinaryBest.length >> 1].toFixed(2)})`,
  );
  const twins = ordinaryBest.filter((x) => x >= 0.5).length;
  t.ok(twins / ordinaryBest.length < 0.01, `near-duplicates among an ordinary consumer's texts are rare (${twins}/${ordinaryBest.length})`);
});

t.test('ring members are different people who share identifiers and texts within days', async (t) => {
  const rings = new Map<
    string,
    { ids: Set<string>; byPhone: Map<string, Set<string>>; byAddress: Map<string, Set<string>>; byAccount: Map<string, Set<string>> }
  >();
  for (const { body, label } of complaints(district)) {
    if (label.group !== 'ring') continue;
    const ring = label.complainantKey.replace(/-m\d+$/, '');
    const entry = rings.get(ring) ?? { ids: new Set(), byPhone: new Map(), byAddress: new Map(), byAccount: new Map() };
    const id = body.complainant.idNumber;
    if (id) {
      entry.ids.add(id);
      const note = (m: Map<string, Set<string>>, k: string | undefined) => {
        if (k === undefined) return;
        m.set(k, (m.get(k) ?? new Set()).add(id));
      };
      note(entry.byPhone, body.complainant.phone && normalisePhone(body.complainant.phone)!);
      note(entry.byAddress, body.complainant.address);
      note(entry.byAccount, body.complainant.accountId);
    }
    rings.set(ring, entry);
  }
  t.ok(rings.size > 0, 'rings exist');
  for (const [ring, e] of rings) {
    t.ok(e.ids.size >= 2, `${ring}: several ID numbers`);
    const linked = [e.byPhone, e.byAddress, e.byAccount].some((m) => [...m.values()].some((ids) => ids.size >= 2));
    t.ok(linked, `${ring}: two ID numbers share a phone, an address or an account`);
  }
});

t.test('money-seeking patterns are consistent with the events around them', async (t) => {
  const paid = new Map<string, number[]>();
  const respondentOf = new Map<string, string>();
  const settledAt = new Map<string, number>();
  let repeats = 0;
  let unfounded = 0;
  let withdrawals = 0;
  let unsettled = 0;
  for (const r of district) {
    if (r.kind === 'complaint') {
      const key = `${r.label.complainantKey}|${r.body.respondent.name}`;
      respondentOf.set(r.body.externalId, key);
      if (r.label.traits.includes('repeat_after_payout')) {
        repeats++;
        if (!(paid.get(key) ?? []).some((at) => at < instant(r.body.receivedAt))) unfounded++;
      }
      continue;
    }
    const at = instant(r.body.at);
    if (r.body.type === 'settled' || r.body.type === 'compensated') {
      const key = respondentOf.get(r.externalId)!;
      paid.set(key, [...(paid.get(key) ?? []), at]);
      if (r.body.type === 'settled') settledAt.set(r.externalId, at);
    }
    if (r.label.traits.includes('withdraw_after_settlement')) {
      withdrawals++;
      if (!((settledAt.get(r.externalId) ?? Infinity) < at)) unsettled++;
    }
  }
  t.ok(repeats > 0 && unfounded === 0, `${repeats} repeat complaints, each after that shop paid`);
  t.ok(withdrawals > 0 && unsettled === 0, `${withdrawals} withdrawals, each after a settlement`);

  const pro = complaints(district).filter((c) => c.label.group === 'professional' && c.body.kind === 'report');
  t.ok(pro.length > 0 && pro.every((c) => c.label.traits.includes('reward')), 'professional reports ask for a reward');
  const firstTimers = complaints(district).filter((c) => c.label.traits.includes('first_time_punitive'));
  t.ok(
    firstTimers.length > 0 && firstTimers.every((c) => c.label.group === 'ordinary' && !c.label.expectFlag),
    'a first-timer demanding 10× is not to be flagged',
  );
});

t.test('a custom scale follows the numbers asked for', async (t) => {
  const s = summarize(generateStream({ seed: 4, scale: { complainants: 5_000, complaints: 20_000 } }));
  const people = GROUPS.reduce((n, g) => n + s.groups[g].complainants, 0);
  t.equal(people, 5_000, 'exactly the complainants asked for');
  t.ok(Math.abs(s.complaints - 20_000) / 20_000 < 0.15, `about the complaints asked for (${s.complaints})`);
});

t.test('bad options are refused with a clear message', async (t) => {
  const bad: [GenerateOptions, RegExp][] = [
    [{ seed: 1.5, scale: 'tiny' }, /seed/],
    [{ seed: 1, scale: 'tiny', start: '2026-01-01T00:00:00' }, /start/],
    [{ seed: 1, scale: 'tiny', days: 0 }, /days/],
    [{ seed: 1, scale: 'huge' as 'tiny' }, /scale/],
    [{ seed: 1, scale: { complainants: 100, complaints: 50 } }, /complaints/],
    [{ seed: 1, scale: { complainants: 0 } }, /complainants/],
    [{ seed: 1, scale: { complainants: 10, complaints: 100_000 } }, /cannot come from/],
  ];
  for (const [opts, message] of bad) t.throws(() => generateStream(opts), message, JSON.stringify(opts));
});
