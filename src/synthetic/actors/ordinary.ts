/**
 * Ordinary consumers: one to three complaints a year about their own purchases and services.
 */
import { consumerOutcome, type Ctx, dealAt, type Filing, filing, POLICIES, Writer } from './writer.js';
import {
  CLOSINGS,
  COUNTERFEIT_DEMANDS,
  COUNTERFEIT_TEXTS,
  englishText,
  FEELINGS,
  FIRST_TIMER_TEXTS,
  ordinaryCtx,
  ordinaryGoodsText,
  PREPAID_TEXTS,
  REPAIR_TEXTS,
  RESPONSES,
  RESTAURANT_TEXTS,
  serviceCtx,
} from '../corpora/ordinary.js';
import type { Deal } from '../merchants.js';
import type { Person } from '../people.js';
import { type Category, money, type Product, PRODUCTS } from '../products.js';
import { Rng, Weighted } from '../randomness.js';
import type { ComplaintKind } from '../shapes.js';
import { DAY, drawInstant, HOUR } from '../time.js';

const FOODS = [...PRODUCTS.food, ...PRODUCTS.imported];
const BRANDED = [...PRODUCTS.clothing, ...PRODUCTS.cosmetics, ...PRODUCTS.electronics];
const PREPAID_KINDS = ['hair_salon', 'gym', 'training'] as const;

const ORDINARY_CATS = new Weighted<Category>([
  ['food', 28],
  ['imported', 5],
  ['health', 3],
  ['cosmetics', 7],
  ['electronics', 24],
  ['clothing', 24],
  ['toys', 9],
]);

export class Ordinary extends Writer {
  private readonly firstTimer: boolean;

  constructor(ctx: Ctx, key: string, rng: Rng, person: Person) {
    super(key, 'ordinary', rng, person, POLICIES.ordinary);
    const x = rng.float();
    const n = x < 0.72 ? 1 : x < 0.92 ? 2 : 3;
    for (let i = 0; i < n; i++) this.times.push(drawInstant(rng, ctx.start, ctx.end));
    this.settleTimes(ctx);
    this.firstTimer = rng.chance(0.012);
  }

  file(ctx: Ctx, index: number, at: number): Filing {
    const r = this.rng;
    const channel = this.channel();
    const home = this.person.home;
    const online = r.chance(0.45);
    const purchaseAt = at - (r.chance(0.15) ? r.between(1, 10) * HOUR : r.between(1, 60) * DAY + r.int(12 * 3600) * 1000);
    const buy = (product: Product, qty: number): Deal => dealAt(r, ctx.merchants.seller(product.cat, online, r, home), product, qty, purchaseAt);

    if (this.firstTimer && index === 0 && !this.person.english) {
      const d = buy(r.pick(FOODS), 1);
      const text = `${r.pick(FIRST_TIMER_TEXTS)(ordinaryCtx(r, d, 0))}。${r.pick(CLOSINGS)}`;
      const f = filing(
        'complaint',
        channel,
        d.merchant,
        text,
        ['first_time_punitive', 'punitive:10x', 'label_only'],
        consumerOutcome(r, at, 'complaint', d.amount),
      );
      f.deal = d;
      f.punitive = '10x';
      f.claimAmount = money(Math.max(d.amount * 10, 1000));
      return f;
    }
    const topic = this.person.english ? 1 : r.float();
    const kind: ComplaintKind = r.chance(0.05) ? 'complaint_and_report' : 'complaint';
    if (topic < 0.12) {
      const m = ctx.merchants.near('restaurant', r, home);
      const [say, harm] = r.pick(RESTAURANT_TEXTS);
      const c = serviceCtx(r, m, r.between(8, 60) * 10, r.between(2, 30) * 10, purchaseAt);
      const text = `${say(c)}。${r.pick(RESPONSES)}。${harm ? '要求赔偿医药费' : r.pick(['要求退还多收的钱', '要求退还餐费', '要求商家道歉'])}。${r.pick(CLOSINGS)}`;
      const f = filing(kind, channel, m, text, harm ? ['harm'] : [], consumerOutcome(r, at, kind));
      f.harm = harm;
      return f;
    }
    if (topic < 0.2) {
      const business = r.pick(PREPAID_KINDS);
      const m = ctx.merchants.near(business, r, home);
      const paid = r.between(5, 60) * 100;
      const c = serviceCtx(r, m, paid, Math.round(paid * r.uniform(0.2, 0.9)), purchaseAt);
      const text = `${r.pick(PREPAID_TEXTS[business])(c)}。${r.pick(RESPONSES)}。要求退还剩余费用。${r.pick(CLOSINGS)}`;
      return filing(kind, channel, m, text, ['prepaid'], consumerOutcome(r, at, kind));
    }
    if (topic < 0.27) {
      const m = ctx.merchants.near('repair', r, home);
      const c = serviceCtx(r, m, r.between(15, 80) * 10, r.between(10, 50) * 10, purchaseAt);
      const say = REPAIR_TEXTS.find(([shop]) => shop.test(m.name))![1];
      const text = `${say(c)}。${r.pick(FEELINGS)}。${r.pick(['要求退还多收的费用', '要求按合同履行', '要求商家给个说法'])}。${r.pick(CLOSINGS)}`;
      return filing(kind, channel, m, text, ['service'], consumerOutcome(r, at, kind));
    }
    if (topic < 0.3) {
      const d = buy(r.pick(BRANDED), 1);
      const text = `${r.pick(COUNTERFEIT_TEXTS)(ordinaryCtx(r, d, 0))}。${r.pick(RESPONSES)}。${r.pick(COUNTERFEIT_DEMANDS)}。`;
      const f = filing('complaint', channel, d.merchant, text, ['counterfeit', 'punitive:3x'], consumerOutcome(r, at, 'complaint', d.amount));
      f.deal = d;
      f.punitive = '3x';
      f.claimAmount = money(Math.max(d.amount * 3, 500));
      return f;
    }
    const d = buy(r.pick(PRODUCTS[ORDINARY_CATS.draw(r)]), r.chance(0.8) ? 1 : r.between(2, 3));
    const c = this.person.english ? englishText(r, d) : ordinaryGoodsText(r, d, channel === '12345-hotline');
    const f = filing(kind, channel, d.merchant, c.text, c.traits, consumerOutcome(r, at, kind, d.amount));
    f.deal = d;
    f.harm = c.harm;
    if (r.chance(0.3)) f.punitive = 'none';
    if (r.chance(0.4)) f.claimAmount = d.amount;
    return f;
  }
}
