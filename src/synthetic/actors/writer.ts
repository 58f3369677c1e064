/**
 * What every complainant shares: the filing a complaint starts as, the generation context, each
 * group's way of filling in forms, the events disputes end in, and the Writer base class.
 */
import type { District, Geography } from '../geography.js';
import { type Deal, type Merchant, Merchants, orderId } from '../merchants.js';
import { type Disclosure, type Person, Registry } from '../people.js';
import { type Item, money, price, type Product } from '../products.js';
import { Rng, Weighted } from '../randomness.js';
import type { ComplaintKind, EventType, Group } from '../shapes.js';
import { DAY } from '../time.js';

export interface PlannedEvent {
  at: number;
  type: EventType;
  amount?: number;
  note?: string;
  traits: string[];
  /** Known once the complaint it belongs to has been numbered. */
  externalId?: string;
}

/** What one complaint says, before it is dressed as an intake body. */
export interface Filing {
  kind: ComplaintKind;
  channel: string;
  respondent: Merchant;
  deal?: Deal<Item>;
  text: string;
  harm: boolean;
  punitive?: 'none' | '3x' | '10x' | 'other';
  claimAmount?: number;
  reward?: boolean;
  traits: string[];
  events: PlannedEvent[];
  /** A phone or account this complaint is filed under instead of the person's own. */
  phone?: string;
  account?: string;
  traditional?: boolean;
}

/** Every filing starts with the same fields so they all share one object shape. */
export function filing(kind: ComplaintKind, channel: string, respondent: Merchant, text: string, traits: string[], events: PlannedEvent[]): Filing {
  return {
    kind,
    channel,
    respondent,
    deal: undefined,
    text,
    harm: false,
    punitive: undefined,
    claimAmount: undefined,
    reward: undefined,
    traits,
    events,
    phone: undefined,
    account: undefined,
    traditional: false,
  };
}

/** How a population fills in forms. */
export interface Policy {
  disclosure: Disclosure;
  /** Share of complaints naming the respondent's credit code when it has one. */
  codeShare: number;
  /** Share of online-form complaints with structured purchase/claim fields. */
  structured: number;
  fullWidth: number;
  channels: Weighted<string>;
}

export interface Ctx {
  seedWords: readonly number[];
  start: number;
  end: number;
  geo: Geography;
  merchants: Merchants;
  registry: Registry;
  externalId(channel: string, district: District, at: number): string;
}

export const SETTLE_NOTES = ['双方自行和解', '经调解达成一致', '商家已退款', '消费者与商家私下协商一致', '商家同意赔偿'];
export const WITHDRAW_NOTES = ['消费者撤回投诉', '投诉人申请撤诉', '已与商家和解，撤回投诉'];
export const END_NOTES = ['调解不成，终止调解', '被投诉人拒绝调解', '双方分歧较大，终止调解'];
export const REJECT_NOTES = ['不符合受理条件', '不属于生活消费需要', '无法联系到投诉人', '证据不足'];
export const UPHELD_NOTES = ['经核查，举报情况属实，已立案', '责令整改', '已予以行政处罚'];

/** Hotline operators, counter clerks and letters give free text; structured fields come from web forms. */
export function formless(channel: string): boolean {
  return channel === '12345-hotline' || channel === 'walk-in' || channel === 'letter';
}

/** One population's way of complaining: when (planned up front) and what (written on demand). */
export abstract class Writer {
  readonly times: number[] = [];

  constructor(
    readonly key: string,
    readonly group: Group,
    readonly rng: Rng,
    readonly person: Person,
    readonly policy: Policy,
  ) {}

  abstract file(ctx: Ctx, index: number, at: number): Filing;

  protected channel(): string {
    return this.policy.channels.draw(this.rng);
  }

  /** Times are drawn unsorted and outside the period sometimes; keep the ones in it, in order. */
  protected settleTimes(ctx: Ctx): void {
    const kept = this.times.filter((t) => t >= ctx.start && t < ctx.end).sort((a, b) => a - b);
    this.times.length = 0;
    this.times.push(...kept);
  }
}

export function event(r: Rng, at: number, type: EventType, notes: readonly string[], traits: string[], amount?: number): PlannedEvent {
  const e: PlannedEvent = { at, type, traits };
  if (amount !== undefined) e.amount = amount;
  if (r.chance(0.5)) e.note = r.pick(notes);
  return e;
}

export const later = (r: Rng, at: number, minDays: number, maxDays: number): number => at + r.between(minDays, maxDays) * DAY + r.int(8 * 3600) * 1000;

/** How an ordinary dispute ends: most are mediated, some fail, a few are withdrawn or refused. */
export function consumerOutcome(r: Rng, at: number, kind: ComplaintKind, refund?: number): PlannedEvent[] {
  const x = r.float();
  if (kind === 'report') {
    if (x < 0.35) return [event(r, later(r, at, 5, 40), 'upheld', UPHELD_NOTES, ['upheld'])];
    if (x < 0.5) return [event(r, later(r, at, 5, 30), 'rejected', REJECT_NOTES, ['rejected'])];
    return [];
  }
  if (x < 0.46) return [event(r, later(r, at, 1, 25), 'settled', SETTLE_NOTES, ['settled'], refund !== undefined && r.chance(0.6) ? refund : undefined)];
  if (x < 0.61) return [event(r, later(r, at, 5, 40), 'mediation_ended', END_NOTES, ['mediation_ended'])];
  if (x < 0.68) return [event(r, later(r, at, 1, 15), 'withdrawn', WITHDRAW_NOTES, ['withdrawn'])];
  if (x < 0.73) return [event(r, later(r, at, 2, 15), 'rejected', REJECT_NOTES, ['rejected'])];
  if (x < 0.78) return [event(r, later(r, at, 10, 50), 'upheld', UPHELD_NOTES, ['upheld'])];
  return [];
}

export function adHoc(name: string, district: District): Merchant {
  return { key: -1, name, district };
}

export function dealAt(r: Rng, merchant: Merchant, product: Product, qty: number, purchaseAt: number): Deal {
  const orderIds = merchant.platform ? [orderId(r, merchant.platform, purchaseAt)] : [];
  return { merchant, product, qty, amount: money(price(r, product) * qty), purchaseAt, orderIds };
}

export const POLICIES: Record<Group, Policy> = {
  ordinary: {
    disclosure: { id: 0.85, phone: 0.9, name: 0.85, address: 0.35, account: 0.8 },
    codeShare: 0.3,
    structured: 0.55,
    fullWidth: 0.01,
    channels: new Weighted([
      ['12315-web', 25],
      ['12315-app', 20],
      ['12315-miniprogram', 10],
      ['12345-hotline', 25],
      ['zheliban', 10],
      ['walk-in', 7],
      ['letter', 3],
    ]),
  },
  heavy_genuine: {
    disclosure: { id: 0.7, phone: 0.95, name: 0.8, address: 0.5, account: 0.8 },
    codeShare: 0.2,
    structured: 0.4,
    fullWidth: 0.01,
    channels: new Weighted([
      ['12345-hotline', 35],
      ['12315-web', 30],
      ['zheliban', 20],
      ['12315-app', 15],
    ]),
  },
  collective: {
    disclosure: { id: 0.85, phone: 0.95, name: 0.9, address: 0.4, account: 0.8 },
    codeShare: 0.35,
    structured: 0.55,
    fullWidth: 0.01,
    channels: new Weighted([
      ['12315-web', 30],
      ['12315-app', 25],
      ['12345-hotline', 25],
      ['zheliban', 10],
      ['walk-in', 10],
    ]),
  },
  professional: {
    disclosure: { id: 0.95, phone: 0.9, name: 0.95, address: 0.5, account: 0.85 },
    codeShare: 0.8,
    structured: 0.75,
    fullWidth: 0.02,
    channels: new Weighted([
      ['12315-web', 60],
      ['12315-app', 15],
      ['letter', 10],
      ['zheliban', 5],
      ['12345-hotline', 5],
      ['walk-in', 5],
    ]),
  },
  ring: {
    disclosure: { id: 0.95, phone: 0.85, name: 0.9, address: 0.8, account: 0.85 },
    codeShare: 0.75,
    structured: 0.7,
    fullWidth: 0.02,
    channels: new Weighted([
      ['12315-web', 70],
      ['12315-app', 20],
      ['letter', 5],
      ['zheliban', 5],
    ]),
  },
};
