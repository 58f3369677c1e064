/**
 * Collective waves: many people hit by one real defect or closure complaining within weeks, some
 * copying a draft shared in their chat group.
 */
import { type Ctx, END_NOTES, event, type Filing, filing, later, type PlannedEvent, POLICIES, SETTLE_NOTES, UPHELD_NOTES, Writer } from './writer.js';
import { CLOSINGS } from '../corpora/ordinary.js';
import { CAR_MODELS, COURSES, PHONE_MODELS, type WaveCtx, type WaveKind, WAVES } from '../corpora/waves.js';
import type { District } from '../geography.js';
import type { Deal, Merchant } from '../merchants.js';
import type { Person } from '../people.js';
import { amountText, type Item, money } from '../products.js';
import { Rng, Weighted } from '../randomness.js';
import { DAY, HOUR, localDate, textDate } from '../time.js';

interface Wave {
  id: string;
  kind: WaveKind;
  start: number;
  span: number;
  respondents: Merchant[];
  product: Item;
  course: string;
  defect: number;
  /** The text circulating in the owners' chat group, which some members copy. */
  draft: number[];
  copyShare: number;
  closedAt: number;
  home: District;
}

const WAVE_KINDS = new Weighted<WaveKind>([
  ['car', 25],
  ['phone', 20],
  ['closure', 40],
  ['poisoning', 15],
]);
const WAVE_PRICES: Record<WaveKind, (r: Rng) => number> = {
  car: (r) => r.between(898, 2598) * 100,
  phone: (r) => r.pick([1999, 2499, 2999, 3499, 3999, 4999]),
  closure: (r) => r.between(2, 30) * 1000 - r.pick([0, 20, 200]),
  poisoning: (r) => r.between(2, 30) * 100,
};

export function makeWave(ctx: Ctx, index: number): Wave {
  const r = new Rng([...ctx.seedWords, 3, index]);
  const kind = WAVE_KINDS.draw(r);
  const period = ctx.end - ctx.start;
  const spanDays = { car: r.between(30, 60), phone: r.between(20, 45), closure: r.between(7, 30), poisoning: r.between(2, 6) }[kind];
  const span = Math.min(period, spanDays * DAY);
  const start = ctx.start + Math.floor((r.float() * (period - span)) / 1000) * 1000;
  let respondents: Merchant[];
  let product: Item;
  if (kind === 'car') {
    respondents = Array.from({ length: r.between(1, 3) }, () => ctx.merchants.any('car_dealer', r));
    product = { name: r.pick(CAR_MODELS), unit: '辆' };
  } else if (kind === 'phone') {
    respondents = [ctx.merchants.any('online_electronics', r), ...Array.from({ length: r.between(1, 2) }, () => ctx.merchants.any('electronics_store', r))];
    product = { name: r.pick(PHONE_MODELS), unit: '台' };
  } else if (kind === 'closure') {
    respondents = [ctx.merchants.any(r.pick(['training', 'training', 'gym', 'hair_salon'] as const), r)];
    product = { name: '预付课程', unit: '份' };
  } else {
    respondents = [ctx.merchants.any('restaurant', r)];
    product = { name: '餐饮服务', unit: '次' };
  }
  const script = WAVES[kind];
  const calm = script.demands.map(([, p], i) => [i, p ? 0 : 1] as const);
  return {
    id: `wave-${String(index).padStart(3, '0')}`,
    kind,
    start,
    span,
    respondents,
    product,
    course: r.pick(COURSES),
    defect: r.int(script.defects.length),
    draft: [r.int(script.intros.length), r.int(8), r.int(script.histories.length), r.int(script.collective.length), new Weighted(calm).draw(r)],
    copyShare: r.uniform(0.1, 0.35),
    closedAt: start - r.between(0, 5) * DAY,
    home: respondents[0].district,
  };
}

export class WaveMember extends Writer {
  private readonly copier: boolean;

  constructor(
    ctx: Ctx,
    key: string,
    rng: Rng,
    person: Person,
    private readonly wave: Wave,
  ) {
    super(key, 'collective', rng, person, POLICIES.collective);
    const u = rng.float();
    // Most people complain in the first days of a wave, a tail keeps coming.
    const first = wave.start + Math.floor((u * u * wave.span) / 1000) * 1000;
    this.times.push(first);
    if (rng.chance(0.1)) this.times.push(first + rng.between(10, 25) * DAY);
    this.settleTimes(ctx);
    this.copier = rng.chance(wave.copyShare);
  }

  file(_ctx: Ctx, index: number, at: number): Filing {
    const r = this.rng;
    const w = this.wave;
    const s = WAVES[w.kind];
    const channel = this.channel();
    const respondent = r.pick(w.respondents);
    const paid = WAVE_PRICES[w.kind](r);
    const purchaseAt =
      w.kind === 'poisoning' ? w.start - r.between(1, 20) * HOUR : w.start - r.between(20, w.kind === 'car' ? 700 : 300) * DAY - r.int(10 * 3600) * 1000;
    const deal: Deal<Item> = { merchant: respondent, product: w.product, qty: 1, amount: paid, purchaseAt, orderIds: [] };
    const { y, m } = localDate(purchaseAt);
    const total = r.between(24, 96);
    const left = r.between(4, total - 2);
    const c: WaveCtx = {
      date: textDate(purchaseAt, r),
      ym: `${y}年${m}月`,
      m: respondent.name,
      model: w.product.name,
      amt: amountText(paid),
      n: w.kind === 'closure' ? total : r.between(2, 6),
      k: w.kind === 'closure' ? left : r.between(2, 14),
      rest: Math.round((paid * left) / total),
      fee: r.between(3, 25) * 100,
      km: r.between(3, 30) * 1000,
      vin: 'L' + r.digits(16),
      course: w.course,
      closeDate: textDate(w.closedAt, r),
    };
    const traits = ['collective', `issue:${w.id}`];
    if (index > 0) {
      const subject = w.kind === 'poisoning' ? respondent.name : w.product.name;
      const text = `${textDate(this.times[0], r)}已经就${subject}的问题投诉过，至今没有处理结果，再次投诉。${s.demands[0][0](c)}。`;
      const f = filing('complaint', channel, respondent, text, [...traits, 'follow_up'], []);
      f.deal = deal;
      f.harm = s.harm;
      return f;
    }
    const pick = (slotIndex: number, n: number): number => (this.copier ? w.draft[slotIndex] % n : r.int(n));
    const variants = s.defects[w.defect];
    let demand = pick(4, s.demands.length);
    if (!this.copier && s.demands[demand][1] && r.chance(0.7)) demand = 0;
    const [say, punitive] = s.demands[demand];
    const collective = s.collective[pick(3, s.collective.length)];
    let text = `${s.intros[pick(0, s.intros.length)](c)}，${variants[pick(1, variants.length)](c)}。${s.histories[pick(2, s.histories.length)](c)}。`;
    if (!this.copier && r.chance(0.5)) text += `${r.pick(s.personal)}。`;
    if (collective) text += `${collective}。`;
    text += `${say(c)}。`;
    if (!this.copier && r.chance(0.5)) text += r.pick(CLOSINGS);
    if (this.copier) traits.push('shared_draft');
    if (punitive) traits.push(`punitive:${punitive}`);
    if (s.harm) traits.push('harm');
    const f = filing('complaint', channel, respondent, text, traits, this.outcome(at));
    f.deal = deal;
    f.harm = s.harm;
    if (punitive) {
      f.punitive = punitive;
      f.claimAmount = money(paid * (punitive === '10x' ? 10 : 3));
    }
    return f;
  }

  private outcome(at: number): PlannedEvent[] {
    const r = this.rng;
    const x = r.float();
    const settleShare = { car: 0.2, phone: 0.4, closure: 0.05, poisoning: 0.5 }[this.wave.kind];
    if (x < settleShare) return [event(r, later(r, at, 5, 45), 'settled', SETTLE_NOTES, ['settled'])];
    if (x < settleShare + 0.35) return [event(r, later(r, at, 10, 60), 'mediation_ended', END_NOTES, ['mediation_ended'])];
    if (x < settleShare + 0.45) return [event(r, later(r, at, 10, 60), 'upheld', UPHELD_NOTES, ['upheld'])];
    return [];
  }
}
