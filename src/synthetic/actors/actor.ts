/**
 * The Actor: one complainant in the stream, dressing its writer's filings and their events as
 * intake records in time order.
 */
import { type Ctx, type Filing, formless, type PlannedEvent, type Policy, Writer } from './writer.js';
import { fullWidth, traditional } from '../corpora/shared.js';
import { type Person, phoneNotation } from '../people.js';
import { Rng } from '../randomness.js';
import type { ComplaintBody, EventBody, Group, Label, SyntheticRecord } from '../shapes.js';
import { rfc3339 } from '../time.js';

/**
 * A complainant in the stream: their writer's complaints, then the events those lead to, in time
 * order, dressed as intake bodies. One class for every population keeps the hot path monomorphic.
 */
export class Actor {
  readonly times: number[];
  readonly group: Group;
  private readonly key: string;
  private readonly rng: Rng;
  private readonly person: Person;
  private readonly policy: Policy;
  private cursor = 0;
  private readonly pending: PlannedEvent[] = [];

  constructor(private readonly writer: Writer) {
    this.times = writer.times;
    this.group = writer.group;
    this.key = writer.key;
    this.rng = writer.rng;
    this.person = writer.person;
    this.policy = writer.policy;
  }

  nextAt(): number {
    const tc = this.cursor < this.times.length ? this.times[this.cursor] : Infinity;
    return this.pending.length && this.pending[0].at < tc ? this.pending[0].at : tc;
  }

  emit(ctx: Ctx): SyntheticRecord {
    const tc = this.cursor < this.times.length ? this.times[this.cursor] : Infinity;
    if (this.pending.length && this.pending[0].at < tc) return this.eventRecord(this.pending.shift()!);
    const index = this.cursor++;
    const f = this.writer.file(ctx, index, tc);
    const externalId = ctx.externalId(f.channel, f.respondent.district, tc);
    for (const e of f.events) {
      if (e.at <= tc || e.at >= ctx.end) continue;
      let i = this.pending.length;
      while (i > 0 && this.pending[i - 1].at > e.at) i--;
      e.externalId = externalId;
      this.pending.splice(i, 0, e);
    }
    return { kind: 'complaint', body: this.body(f, tc, externalId), label: this.label(f.traits) };
  }

  private label(traits: string[]): Label {
    return { complainantKey: this.key, group: this.group, expectFlag: this.group === 'professional' || this.group === 'ring', traits };
  }

  private eventRecord(e: PlannedEvent): SyntheticRecord {
    const body: EventBody = { type: e.type, at: rfc3339(e.at, this.rng.chance(0.85) ? 'local' : 'utc') };
    if (e.amount !== undefined) body.amount = e.amount;
    if (e.note !== undefined) body.note = e.note;
    return { kind: 'event', externalId: e.externalId!, body, label: this.label(e.traits) };
  }

  private body(f: Filing, at: number, externalId: string): ComplaintBody {
    const r = this.rng;
    const p = this.person;
    const d = this.policy.disclosure;
    const complainant: ComplaintBody['complainant'] = {};
    if (r.chance(d.name)) complainant.name = p.name;
    if (r.chance(d.id)) {
      if (p.idType !== 'resident_id' || r.chance(0.6)) complainant.idType = p.idType;
      complainant.idNumber = p.idNumber;
    }
    const phone = f.phone ?? p.phones[r.chance(0.8) ? 0 : r.int(p.phones.length)];
    if (f.phone || r.chance(d.phone)) complainant.phone = phoneNotation(phone, r);
    if (p.address && r.chance(d.address)) complainant.address = p.address;
    const account = f.account ?? (f.channel.startsWith('12315') ? p.account12315 : f.channel === 'zheliban' ? p.accountZlb : undefined);
    if (account && (f.account || r.chance(d.account))) complainant.accountId = account;
    if (!complainant.idNumber && !complainant.phone && !complainant.accountId) complainant.phone = phoneNotation(phone, r);

    const m = f.respondent;
    const respondent: ComplaintBody['respondent'] = { name: m.name };
    if (m.creditCode && r.chance(this.policy.codeShare)) respondent.creditCode = m.creditCode;
    if (r.chance(0.45)) respondent.region = m.district.name;
    if (m.platform && r.chance(0.8)) {
      respondent.platform = m.platform;
      if (m.shopId && r.chance(0.7)) respondent.shopId = m.shopId;
    }

    let purchase: ComplaintBody['purchase'];
    let claim: ComplaintBody['claim'];
    if (r.chance(formless(f.channel) ? 0.08 : this.policy.structured)) {
      const deal = f.deal;
      if (deal) {
        const pu: NonNullable<ComplaintBody['purchase']> = {};
        if (r.chance(0.6)) pu.at = rfc3339(deal.purchaseAt, 'local');
        if (r.chance(0.85)) pu.amount = deal.amount;
        if (r.chance(0.6)) pu.quantity = deal.qty;
        if (r.chance(0.8)) pu.product = deal.product.name;
        if (deal.orderIds.length && r.chance(0.7)) pu.orderIds = deal.orderIds;
        if (Object.keys(pu).length) purchase = pu;
      }
      const cl: NonNullable<ComplaintBody['claim']> = {};
      if (f.claimAmount !== undefined && r.chance(0.7)) cl.amount = f.claimAmount;
      if (f.punitive && r.chance(0.7)) cl.punitive = f.punitive;
      if (f.reward !== undefined && r.chance(0.8)) cl.reward = f.reward;
      if (r.chance(f.harm ? 0.8 : 0.4)) cl.harm = f.harm;
      if (Object.keys(cl).length) claim = cl;
    }

    let text = f.text;
    if (f.traditional || p.traditional) {
      text = traditional(text);
      f.traits.push('traditional');
    }
    if (r.chance(this.policy.fullWidth)) {
      text = fullWidth(text);
      f.traits.push('fullwidth');
    }
    // Keys in the contract's order, optional ones only when present, as real intake sends them.
    const body = { externalId } as ComplaintBody;
    if (f.kind !== 'complaint' || r.chance(0.85)) body.kind = f.kind;
    const roll = r.float();
    body.receivedAt = rfc3339(at, roll < 0.78 ? 'local' : roll < 0.9 ? 'utc' : 'local_ms');
    body.channel = f.channel;
    body.complainant = complainant;
    body.respondent = respondent;
    if (purchase) body.purchase = purchase;
    if (claim) body.claim = claim;
    body.text = text;
    return body;
  }
}
