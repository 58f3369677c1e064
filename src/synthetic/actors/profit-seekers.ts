/**
 * Profit seekers: professional claimants (职业打假人) and rings sharing identifiers, who buy to
 * complain, write from reused templates and demand statutory multiples.
 */
import {
  type Ctx,
  END_NOTES,
  event,
  type Filing,
  filing,
  later,
  type PlannedEvent,
  POLICIES,
  REJECT_NOTES,
  SETTLE_NOTES,
  UPHELD_NOTES,
  WITHDRAW_NOTES,
  Writer,
} from './writer.js';
import { INGREDIENTS, makeTemplate, renderTemplate, type Template, THREATS, type UseCtx } from '../corpora/claims.js';
import { HOTLINE_HEADS } from '../corpora/ordinary.js';
import { PROCEEDINGS } from '../corpora/proceedings.js';
import { bureauOf, type Deal, type Merchant, orderId, PLATFORM_NAME } from '../merchants.js';
import type { Person } from '../people.js';
import { amountText, type Category, CHEAP, money, price, type Product, PRODUCTS } from '../products.js';
import { Rng, Weighted } from '../randomness.js';
import type { ComplaintKind, Group } from '../shapes.js';
import { DAY, drawInstant, HOUR, HOURS_OFFICE, MINUTE, textDate } from '../time.js';

/** A professional's (or ring's) habits, drawn once per person. */
interface ProfitHabits {
  online: number;
  tiny: number;
  bulk: number;
  buyThenComplain: number;
  threat: number;
  multiOrder: number;
  repeat: number;
  proceedings: number;
}

function drawHabits(r: Rng): ProfitHabits {
  return {
    online: r.uniform(0.4, 0.85),
    tiny: r.uniform(0.1, 0.45),
    bulk: r.uniform(0.02, 0.15),
    buyThenComplain: r.uniform(0.1, 0.4),
    threat: r.chance(0.35) ? 0 : r.uniform(0.01, 0.12),
    multiOrder: r.uniform(0.02, 0.1),
    repeat: r.uniform(0.08, 0.25),
    proceedings: r.uniform(0.005, 0.04),
  };
}

interface Payout {
  merchant: Merchant;
  product: Product;
  at: number;
}

/** What an episode fixes in advance: a split series targets one shop and product. */
interface Episode {
  template: number;
  split: boolean;
  merchant?: Merchant;
  product?: Product;
  /** When this order of a split series was placed. */
  purchaseAt?: number;
}

const CHEAP_BY_CAT = new Map<Category, Product[]>((Object.keys(PRODUCTS) as Category[]).map((cat) => [cat, CHEAP.filter((p) => p.cat === cat)]));
const BULK_CATS: ReadonlySet<Category> = new Set(['food', 'imported', 'health']);
const PROCEEDING_KINDS = new Weighted<'information_request' | 'reconsideration' | 'litigation'>([
  ['information_request', 55],
  ['reconsideration', 30],
  ['litigation', 15],
]);

/**
 * Shared by professionals and rings: a purchase made to be complained about, written up from a
 * template, demanding a statutory multiple.
 */
abstract class ProfitSeeker extends Writer {
  protected readonly habits: ProfitHabits;
  private readonly payouts: Payout[] = [];
  private readonly proceedingChoice: number;

  constructor(key: string, group: Group, rng: Rng, person: Person) {
    super(key, group, rng, person, POLICIES[group]);
    this.habits = drawHabits(rng);
    this.proceedingChoice = rng.int(2);
  }

  protected profitFiling(
    ctx: Ctx,
    t: Template,
    at: number,
    fixedFacts: Partial<Pick<Deal, 'merchant' | 'product' | 'purchaseAt'>> & { split?: boolean },
  ): Filing {
    const r = this.rng;
    const h = this.habits;
    const a = t.allegation;
    const traits = ['template', `template:${t.id}`, `allegation:${a.code}`];
    let merchant = fixedFacts.merchant;
    let product = fixedFacts.product;
    if (!merchant && this.payouts.length && r.chance(h.repeat)) {
      // A few looks at recent payouts; one that fits this text and is already paid is the target.
      for (let tries = 0; tries < 4 && !merchant; tries++) {
        const p = r.pick(this.payouts);
        if (p.at < at && a.cats.includes(p.product.cat)) {
          merchant = p.merchant;
          product = p.product;
          traits.push('repeat_after_payout');
        }
      }
    }
    if (!product) {
      const cat = r.pick(a.cats);
      const cheap = CHEAP_BY_CAT.get(cat)!;
      product = cheap.length && r.chance(h.tiny) ? r.pick(cheap) : r.pick(PRODUCTS[cat]);
    }
    merchant ??= ctx.merchants.seller(product.cat, r.chance(h.online), r);

    let qty = r.chance(0.7) ? 1 : r.between(2, 4);
    if (BULK_CATS.has(product.cat) && r.chance(h.bulk)) {
      qty = r.between(10, 50);
      traits.push('bulk');
    }
    const orders = merchant.platform && !fixedFacts.split && r.chance(h.multiOrder) ? r.between(3, 6) : 1;
    if (orders > 1 || fixedFacts.split) traits.push('split_orders');
    qty = Math.max(qty, orders);
    const purchaseAt =
      fixedFacts.purchaseAt ??
      (r.chance(h.buyThenComplain) ? at - r.between(2 * 3600, 47 * 3600) * 1000 : at - r.between(2, 45) * DAY - r.int(12 * 3600) * 1000);
    if (at - purchaseAt < 48 * HOUR) traits.push('buy_then_complain');
    const unit = price(r, product);
    const amount = money(unit * qty);
    const orderIds: string[] = [];
    if (merchant.platform) for (let i = 0; i < orders; i++) orderIds.push(orderId(r, merchant.platform, purchaseAt - (orders - 1 - i) * r.between(0, 2) * DAY));

    const multiple = a.punitive === '10x' ? 10 : 3;
    const minimum = a.punitive === '10x' ? 1000 : 500;
    const claim = money(Math.max(amount * multiple, minimum));
    const floor = amount * multiple < minimum;
    const platform = merchant.platform ? PLATFORM_NAME[merchant.platform] : '';
    const c: UseCtx = {
      date: textDate(purchaseAt, r),
      m: merchant.name,
      shopNote: platform ? `（${platform}店铺）` : '',
      platform: platform ? `${platform}平台` : '线下门店',
      p: product.name,
      q: `${qty}${product.unit}`,
      price: amountText(unit),
      amt: amountText(amount),
      claim: amountText(claim),
      total: amountText(money(claim + amount)),
      orderNote: orderIds.length > 1 ? `，分${orders}次下单，订单号分别为${orderIds.join('、')}` : orderIds.length ? `，订单号：${orderIds[0]}` : '',
      name: this.person.name,
      floor,
      oldDate: textDate(purchaseAt - r.between(30, 400) * DAY, r),
      n: r.between(6, 18),
      ingredient: r.pick(INGREDIENTS),
      listPrice: amountText(Math.round(unit * r.uniform(1.5, 3))),
    };
    let text = renderTemplate(r, t, c);
    const channel = this.channel();
    const reward = t.kind === 'complaint' ? undefined : true;
    if (t.kind !== 'report') {
      traits.push(`punitive:${a.punitive}`, `demand:${t.style}`);
      if (floor) traits.push('floor');
      if (r.chance(h.threat)) {
        text += r.pick(THREATS);
        traits.push('threat');
      }
    }
    if (reward) traits.push('reward');
    if (a.labelOnly) traits.push('label_only');
    if (amount <= 50 && claim >= amount * 10) traits.push('tiny_purchase');
    if (channel === '12345-hotline') text = `${r.pick(HOTLINE_HEADS)}${text}`;
    const f = filing(t.kind, channel, merchant, text, traits, this.profitOutcome(at, t.kind, claim, merchant, product));
    f.deal = { merchant, product, qty, amount, purchaseAt, orderIds };
    f.reward = reward;
    f.traditional = t.traditional;
    if (t.kind !== 'report') {
      f.punitive = a.punitive;
      f.claimAmount = claim;
    }
    return f;
  }

  /** Claimants go back to the shops that paid them lately, not to every one they ever had. */
  private remember(p: Payout): void {
    this.payouts.push(p);
    if (this.payouts.length > 40) this.payouts.shift();
  }

  /** Professionals often settle privately and then withdraw; merchants that paid become targets again. */
  private profitOutcome(at: number, kind: ComplaintKind, claim: number, merchant: Merchant, product: Product): PlannedEvent[] {
    const r = this.rng;
    const x = r.float();
    if (kind === 'report') {
      if (x < 0.12) return [event(r, later(r, at, 5, 40), 'upheld', UPHELD_NOTES, ['upheld'])];
      if (x < 0.42) return [event(r, later(r, at, 5, 30), 'rejected', REJECT_NOTES, ['rejected'])];
      return [];
    }
    if (x < 0.3) {
      const amount = money(Math.round((r.chance(0.5) ? claim : claim * r.uniform(0.2, 0.9)) / 10) * 10);
      const settledAt = later(r, at, 1, 20);
      this.remember({ merchant, product, at: settledAt });
      const out = [event(r, settledAt, 'settled', SETTLE_NOTES, ['settled', 'payout'], amount)];
      if (r.chance(0.75))
        out.push(event(r, settledAt + r.between(1800, 72 * 3600) * 1000, 'withdrawn', WITHDRAW_NOTES, ['withdrawn', 'withdraw_after_settlement']));
      return out;
    }
    if (x < 0.38) {
      const paidAt = later(r, at, 5, 40);
      this.remember({ merchant, product, at: paidAt });
      return [event(r, paidAt, 'compensated', SETTLE_NOTES, ['compensated', 'payout'], claim)];
    }
    if (x < 0.63) return [event(r, later(r, at, 5, 40), 'mediation_ended', END_NOTES, ['mediation_ended'])];
    if (x < 0.75) return [event(r, later(r, at, 3, 20), 'rejected', REJECT_NOTES, ['rejected'])];
    if (x < 0.8) return [event(r, later(r, at, 1, 15), 'withdrawn', WITHDRAW_NOTES, ['withdrawn'])];
    if (x < 0.83) return [event(r, later(r, at, 10, 50), 'upheld', UPHELD_NOTES, ['upheld'])];
    return [];
  }

  /** Information requests, reconsiderations and lawsuits against the bureau that handled them. */
  protected proceeding(at: number, against: Merchant): Filing {
    const r = this.rng;
    const kind = PROCEEDING_KINDS.draw(r);
    const bureau = bureauOf(against.district);
    const text = PROCEEDINGS[kind][this.proceedingChoice]({
      date: textDate(at - r.between(20, 120) * DAY, r),
      m: against.name,
      bureau: bureau.name,
      court: against.district.name,
    });
    return filing(kind, r.chance(0.6) ? 'letter' : '12315-web', bureau, text, ['proceedings'], []);
  }
}

export class Professional extends ProfitSeeker {
  private readonly templates: Template[] = [];
  private readonly steps: Episode[] = [];
  private readonly targets: Merchant[] = [];

  constructor(ctx: Ctx, key: string, rng: Rng, person: Person, volume: number) {
    super(key, 'professional', rng, person);
    // Specialists: most work one or two product fields with a handful of texts.
    const fields = rng.shuffle(Object.keys(PRODUCTS) as Category[]).slice(0, rng.between(1, 3));
    const count = Math.min(8, 2 + Math.floor(Math.log2(Math.max(1, volume / 20))) + rng.int(2));
    for (let i = 0; i < count; i++) this.templates.push(makeTemplate(rng, `${key}-t${i}`, rng.pick(fields)));
    const favourite = new Weighted(this.templates.map((_, i) => [i, 1 / (i + 1)] as const));

    const period = ctx.end - ctx.start;
    const from = rng.chance(0.7) ? ctx.start : ctx.start + Math.floor((rng.float() * period) / 2 / 1000) * 1000;
    const planned: { at: number; step: Episode }[] = [];
    while (planned.length < volume) {
      const left = volume - planned.length;
      const x = rng.float();
      const template = favourite.draw(rng);
      const day = drawInstant(rng, from, ctx.end, HOURS_OFFICE);
      if (x < 0.3 && left >= 2) {
        // A batch: one sitting, one text, many shops (cf. 36 complaints against 32 businesses).
        const size = rng.between(2, Math.min(12, left));
        for (let i = 0; i < size; i++) planned.push({ at: day + i * rng.between(2, 9) * MINUTE, step: { template, split: false } });
      } else if (x < 0.4 && left >= 3) {
        // Split orders: the same product from one shop several times within days, one complaint each.
        const t = this.templates[template];
        const cat = rng.pick(t.allegation.cats);
        const product = rng.pick(PRODUCTS[cat]);
        const merchant = ctx.merchants.seller(cat, rng.chance(this.habits.online), rng);
        const size = rng.between(3, Math.min(5, left));
        // Orders a day apart, complaints at least a day apart and after all the orders began.
        let purchaseAt = day - (size + rng.between(1, 5)) * DAY;
        let complaintAt = day;
        for (let i = 0; i < size; i++) {
          planned.push({ at: complaintAt, step: { template, split: true, merchant, product, purchaseAt } });
          purchaseAt += rng.between(20, 28) * HOUR;
          complaintAt += rng.between(1, 3) * DAY;
        }
      } else {
        planned.push({ at: day, step: { template, split: false } });
      }
    }
    planned.sort((a, b) => a.at - b.at);
    for (const p of planned) {
      if (p.at < ctx.start || p.at >= ctx.end) continue;
      this.times.push(p.at);
      this.steps.push(p.step);
    }
  }

  file(ctx: Ctx, index: number, at: number): Filing {
    const step = this.steps[index];
    if (!step.split && this.targets.length && this.rng.chance(this.habits.proceedings)) return this.proceeding(at, this.rng.pick(this.targets));
    const f = this.profitFiling(ctx, this.templates[step.template], at, {
      merchant: step.merchant,
      product: step.product,
      purchaseAt: step.purchaseAt,
      split: step.split,
    });
    if (this.targets.length < 30) this.targets.push(f.respondent);
    return f;
  }
}

export interface Campaign {
  at: number;
  template: number;
  merchant?: Merchant;
  product?: Product;
}

/** People with different ID numbers who share a phone, an address or an account and one set of texts. */
export interface Ring {
  id: string;
  templates: Template[];
  campaigns: Campaign[];
  sharedPhone?: string;
  sharedAddress?: string;
  sharedAccount?: string;
}

export class RingMember extends ProfitSeeker {
  private readonly campaignOf: number[] = [];

  constructor(
    ctx: Ctx,
    key: string,
    rng: Rng,
    person: Person,
    private readonly ring: Ring,
    private readonly leader: boolean,
  ) {
    super(key, 'ring', rng, person);
    const planned: { at: number; campaign: number }[] = [];
    ring.campaigns.forEach((c, i) => {
      if (!leader && !rng.chance(0.8)) return;
      const n = rng.between(1, 3);
      for (let k = 0; k < n; k++) planned.push({ at: c.at + rng.int(3 * 86400) * 1000, campaign: i });
    });
    planned.sort((a, b) => a.at - b.at);
    for (const p of planned) {
      if (p.at < ctx.start || p.at >= ctx.end) continue;
      this.times.push(p.at);
      this.campaignOf.push(p.campaign);
    }
  }

  file(ctx: Ctx, index: number, at: number): Filing {
    const c = this.ring.campaigns[this.campaignOf[index]];
    const f = this.profitFiling(ctx, this.ring.templates[c.template], at, { merchant: c.merchant, product: c.product });
    const r = this.rng;
    const ring = this.ring;
    if (ring.sharedPhone && (this.leader || r.chance(0.6))) {
      f.phone = ring.sharedPhone;
      f.traits.push('shared_phone');
    }
    if (ring.sharedAccount && (this.leader || r.chance(0.7)) && f.channel.startsWith('12315')) {
      f.account = ring.sharedAccount;
      f.traits.push('shared_account');
    }
    if (ring.sharedAddress) f.traits.push('shared_address');
    return f;
  }
}
