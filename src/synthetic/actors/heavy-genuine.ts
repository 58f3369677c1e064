/**
 * Heavy but genuine civic complainants: many reports a year, in one recognisable voice, about real
 * problems where they live.
 */
import { adHoc, consumerOutcome, type Ctx, type Filing, filing, POLICIES, Writer } from './writer.js';
import { CIVIC, CIVIC_REQUESTS, CIVIC_WHEN, type CivicCtx, makeVoice, type Voice } from '../corpora/civic.js';
import { HOTLINE_HEADS } from '../corpora/ordinary.js';
import type { Merchant } from '../merchants.js';
import type { Person } from '../people.js';
import { Rng } from '../randomness.js';
import type { ComplaintKind } from '../shapes.js';
import { DAY, drawInstant, textDate } from '../time.js';

export class Heavy extends Writer {
  private readonly voice: Voice;

  constructor(ctx: Ctx, key: string, rng: Rng, person: Person, volume: number) {
    super(key, 'heavy_genuine', rng, person, POLICIES.heavy_genuine);
    this.voice = makeVoice(rng, person);
    for (let i = 0; i < volume; i++) this.times.push(drawInstant(rng, ctx.start, ctx.end));
    this.settleTimes(ctx);
  }

  file(ctx: Ctx, _index: number, at: number): Filing {
    const r = this.rng;
    const v = this.voice;
    const channel = this.channel();
    const home = this.person.home;
    const topic = r.pick(CIVIC);
    const street = r.pick(home.streets);
    let street2 = r.pick(home.streets);
    if (street2 === street) street2 = home.streets[(home.streets.indexOf(street) + 1) % home.streets.length];
    const n = r.between(1, 200);
    let respondent: Merchant;
    if (topic.kinds === 'stall')
      respondent = adHoc(r.pick([`无名流动摊贩（${street}与${street2}交叉口）`, `${street}夜市烧烤摊`, `${street}路边水果摊`]), home);
    else if (topic.kinds === 'unlicensed') respondent = adHoc(`${street}${n}号无证小吃店`, home);
    else respondent = ctx.merchants.near(r.pick(topic.kinds), r, home);
    const c: CivicCtx = {
      m: respondent.name,
      street,
      street2,
      n,
      h: r.between(7, 10),
      a: r.between(5, 60),
      b: r.between(61, 99),
      date: textDate(at - r.between(20, 200) * DAY, r),
    };
    const body = r.pick(topic.texts)(c);
    const request = r.pick(CIVIC_REQUESTS);
    let text: string;
    if (channel === '12345-hotline') {
      text = `${r.pick(HOTLINE_HEADS)}${body}，${r.chance(0.5) ? v.tic + '，' : ''}${request}。`;
    } else {
      text = `${r.chance(0.85) ? v.opener : ''}${r.pick(CIVIC_WHEN)}${body}，${r.chance(0.6) ? v.tic + v.bang : ''}${request}${v.bang}${r.chance(0.9) ? v.closer : ''}${v.signature}`;
    }
    const roll = r.float();
    const kind: ComplaintKind = roll < 0.65 ? 'report' : roll < 0.9 ? 'complaint' : 'complaint_and_report';
    const f = filing(kind, channel, respondent, text, ['civic', topic.trait], consumerOutcome(r, at, kind === 'complaint' ? 'complaint' : 'report'));
    if (kind !== 'complaint') f.reward = false;
    return f;
  }
}
