/**
 * Who exists: the population of each scale (presets and custom sizes), and every complainant built
 * from it.
 */
import { Actor } from './actors/actor.js';
import { makeWave, WaveMember } from './actors/collective.js';
import { Heavy } from './actors/heavy-genuine.js';
import { Ordinary } from './actors/ordinary.js';
import { type Campaign, Professional, type Ring, RingMember } from './actors/profit-seekers.js';
import type { Ctx } from './actors/writer.js';
import { makeTemplate } from './corpora/claims.js';
import { type District, DISTRICTS, ZJ_COUNT } from './geography.js';
import { makePerson, SURNAMES } from './people.js';
import { type Category, PRODUCTS } from './products.js';
import { Rng } from './randomness.js';
import type { Group, Scale, StreamPlan } from './shapes.js';
import { DAY, drawInstant, HOURS_OFFICE, rfc3339 } from './time.js';

export interface PopulationSpec {
  complainants: number;
  heavy: number;
  professionals: number;
  /** Mean complaints per professional per year, 20–400. */
  proMean: number;
  rings: number;
  ringSize: readonly [number, number];
  waves: number;
  waveSize: readonly [number, number];
  geography: 'district' | 'province';
}

/**
 * District-year follows Lucheng (~7,000 complaints and reports a quarter). Province is sized for
 * ~1M complaints from ~200k people, which needs many more heavy filers per head than a district.
 */
const PRESETS: Record<'tiny' | 'district-year' | 'province', PopulationSpec> = {
  tiny: {
    complainants: 80,
    heavy: 2,
    professionals: 3,
    proMean: 28,
    rings: 1,
    ringSize: [3, 3],
    waves: 1,
    waveSize: [12, 12],
    geography: 'district',
  },
  'district-year': {
    complainants: 14_000,
    heavy: 60,
    professionals: 60,
    proMean: 110,
    rings: 5,
    ringSize: [3, 6],
    waves: 8,
    waveSize: [20, 250],
    geography: 'district',
  },
  province: {
    complainants: 200_000,
    heavy: 3_000,
    professionals: 4_500,
    proMean: 130,
    rings: 300,
    ringSize: [3, 6],
    waves: 250,
    waveSize: [20, 400],
    geography: 'province',
  },
};

/** Expected complaints per person in a full year, used to size custom scales. */
const PER_YEAR = { ordinary: 1.36, heavy: 47.5, ringMember: 28, waveMember: 1.1 };

function logUniformMean(lo: number, hi: number): number {
  return lo === hi ? lo : (hi - lo) / Math.log(hi / lo);
}

function customSpec(n: number, target: number | undefined, yearShare: number): PopulationSpec {
  const heavy = Math.round(n * 0.0043);
  let professionals = n >= 40 ? Math.max(1, Math.round(n * 0.0043)) : 0;
  const rings = n >= 150 ? Math.max(1, Math.round(n * 0.00036)) : 0;
  const waves = n >= 150 ? Math.max(1, Math.round(n * 0.00057)) : 0;
  const waveHi = Math.max(10, Math.min(n >= 100_000 ? 400 : 250, Math.round(n * 0.03)));
  const waveSize = [Math.min(20, Math.ceil(waveHi / 2)), waveHi] as const;
  const spec: PopulationSpec = {
    complainants: n,
    heavy,
    professionals,
    proMean: 110,
    rings,
    ringSize: [3, 6],
    waves,
    waveSize,
    geography: n > 50_000 ? 'province' : 'district',
  };
  if (target === undefined) return spec;
  const waveMembers = waves * logUniformMean(waveSize[0], waveSize[1]);
  const ordinary = n - heavy - professionals - rings * 4.5 - waveMembers;
  const others =
    ordinary * PER_YEAR.ordinary + heavy * PER_YEAR.heavy * yearShare + rings * 4.5 * PER_YEAR.ringMember * yearShare + waveMembers * PER_YEAR.waveMember;
  const needed = target - others;
  if (needed > 0 && professionals === 0) professionals = 1;
  if (professionals > 0) {
    let mean = needed / (professionals * yearShare);
    if (mean > 400) {
      // More professionals, taken from the ordinary consumers, each near the top of the range.
      const more = Math.ceil(needed / (380 * yearShare));
      if (more - professionals > ordinary) {
        throw new RangeError(`scale: ${target} complaints cannot come from ${n} complainants (a professional files at most 400 a year)`);
      }
      professionals = more;
      mean = needed / (professionals * yearShare);
    }
    spec.professionals = professionals;
    spec.proMean = Math.min(400, Math.max(21, mean));
  }
  return spec;
}

export function specFor(scale: Scale, yearShare: number): PopulationSpec {
  if (typeof scale === 'string') {
    if (!(scale in PRESETS)) throw new RangeError(`scale: expected tiny, district-year, province or { complainants }, got "${scale}"`);
    return PRESETS[scale];
  }
  const { complainants, complaints } = scale;
  if (!Number.isInteger(complainants) || complainants < 1 || complainants > 5_000_000) {
    throw new RangeError('scale.complainants: an integer from 1 to 5,000,000');
  }
  if (complaints !== undefined && (!Number.isInteger(complaints) || complaints < complainants || complaints > 50_000_000)) {
    throw new RangeError('scale.complaints: an integer, at least scale.complainants and at most 50,000,000');
  }
  return customSpec(complainants, complaints, yearShare);
}

function sameCity(d: District): District[] {
  return DISTRICTS.slice(0, ZJ_COUNT).filter((x) => x.city === d.city);
}

function homeFor(r: Rng, ctx: Ctx, group: Group): District {
  if (r.chance(ctx.geo.outsiders[group])) return DISTRICTS[ZJ_COUNT + r.int(DISTRICTS.length - ZJ_COUNT)];
  return DISTRICTS[ctx.geo.residents.draw(r)];
}

const key = (prefix: string, i: number, width: number): string => `${prefix}-${String(i).padStart(width, '0')}`;

export function populate(ctx: Ctx, spec: PopulationSpec, yearShare: number): { actors: Actor[]; plan: StreamPlan } {
  const reg = ctx.registry;
  const sizing = new Rng([...ctx.seedWords, 1]);
  const ringSizes = Array.from({ length: spec.rings }, () => sizing.between(spec.ringSize[0], spec.ringSize[1]));
  const waves = Array.from({ length: spec.waves }, (_, w) => {
    const wave = makeWave(ctx, w);
    const size = sizing.logBetween(spec.waveSize[0], spec.waveSize[1]);
    // A poisoned dinner has a few dozen guests, not hundreds.
    return { wave, size: wave.kind === 'poisoning' ? Math.min(size, 60) : size };
  });
  const fixedPeople = spec.heavy + spec.professionals + ringSizes.reduce((a, b) => a + b, 0) + waves.reduce((a, b) => a + b.size, 0);
  const ordinaryCount = Math.max(0, spec.complainants - fixedPeople);
  const actors: Actor[] = [];

  for (let i = 0; i < ordinaryCount; i++) {
    const r = new Rng([...ctx.seedWords, 10, i]);
    const x = r.float();
    const foreign = x < 0.006 ? 'english' : x < 0.014 ? 'traditional' : undefined;
    const person = makePerson(r, reg, {
      home: homeFor(r, ctx, 'ordinary'),
      birthFrom: 1950,
      birthTo: 2006,
      phones: r.chance(0.05) ? 2 : 1,
      address: r.chance(0.5),
      foreign,
    });
    actors.push(new Actor(new Ordinary(ctx, key('ord', i, 6), r, person)));
  }
  for (let i = 0; i < spec.heavy; i++) {
    const r = new Rng([...ctx.seedWords, 11, i]);
    const person = makePerson(r, reg, { home: homeFor(r, ctx, 'heavy_genuine'), birthFrom: 1948, birthTo: 1985, phones: 1, address: true });
    actors.push(new Actor(new Heavy(ctx, key('civ', i, 4), r, person, Math.max(3, Math.round(r.between(15, 80) * yearShare)))));
  }
  waves.forEach(({ wave, size }, w) => {
    const homes = sameCity(wave.home);
    for (let j = 0; j < size; j++) {
      const r = new Rng([...ctx.seedWords, 12, w, j]);
      const outsider = r.chance(ctx.geo.outsiders.collective);
      const home = outsider || !homes.length ? homeFor(r, ctx, 'collective') : r.pick(homes);
      const person = makePerson(r, reg, { home, birthFrom: 1955, birthTo: 2004, phones: 1, address: r.chance(0.5) });
      actors.push(new Actor(new WaveMember(ctx, `${wave.id}-p${String(j).padStart(3, '0')}`, r, person, wave)));
    }
  });
  const k = (to: number): number => 380 / (to - 20) - 1;
  const shape = k(spec.proMean);
  for (let i = 0; i < spec.professionals; i++) {
    const r = new Rng([...ctx.seedWords, 13, i]);
    const person = makePerson(r, reg, {
      home: homeFor(r, ctx, 'professional'),
      birthFrom: 1968,
      birthTo: 1998,
      phones: r.chance(0.3) ? 2 : 1,
      address: r.chance(0.6),
    });
    const perYear = 20 + Math.floor(380 * r.float() ** shape);
    actors.push(new Actor(new Professional(ctx, key('pro', i, 4), r, person, Math.max(6, Math.round(perYear * yearShare)))));
  }
  ringSizes.forEach((size, g) => {
    const r = new Rng([...ctx.seedWords, 14, g]);
    const id = key('ring', g, 3);
    const fields = r.shuffle(Object.keys(PRODUCTS) as Category[]).slice(0, 2);
    const templates = Array.from({ length: r.between(1, 3) }, (_, t) => makeTemplate(r, `${id}-t${t}`, r.pick(fields)));
    const home = homeFor(r, ctx, 'ring');
    const surname = r.chance(0.5) ? SURNAMES[r.int(20)] : undefined;
    const leaderRng = new Rng([...ctx.seedWords, 15, g, 0]);
    const leaderPerson = makePerson(leaderRng, reg, { home, birthFrom: 1965, birthTo: 1995, surname, phones: 1, address: true });
    const modes = r.float();
    const ring: Ring = {
      id,
      templates,
      campaigns: [],
      sharedPhone: modes < 0.7 ? leaderPerson.phones[0] : undefined,
      sharedAddress: modes > 0.4 ? leaderPerson.address : undefined,
      sharedAccount: modes < 0.2 || modes > 0.8 ? leaderPerson.account12315 : undefined,
    };
    const campaigns = Math.max(3, Math.round(r.between(10, 25) * yearShare));
    for (let c = 0; c < campaigns; c++) {
      const template = r.int(templates.length);
      const campaign: Campaign = { at: drawInstant(r, ctx.start, Math.max(ctx.start + DAY, ctx.end - 3 * DAY), HOURS_OFFICE), template };
      if (r.chance(0.35)) {
        const cat = r.pick(templates[template].allegation.cats);
        campaign.product = r.pick(PRODUCTS[cat]);
        campaign.merchant = ctx.merchants.seller(cat, r.chance(0.6), r);
      }
      ring.campaigns.push(campaign);
    }
    actors.push(new Actor(new RingMember(ctx, `${id}-m0`, leaderRng, leaderPerson, ring, true)));
    for (let j = 1; j < size; j++) {
      const mr = new Rng([...ctx.seedWords, 15, g, j]);
      const person = makePerson(mr, reg, { home, birthFrom: 1955, birthTo: 2000, surname, phones: 1, address: !ring.sharedAddress && mr.chance(0.5) });
      if (ring.sharedAddress) person.address = ring.sharedAddress;
      actors.push(new Actor(new RingMember(ctx, `${id}-m${j}`, mr, person, ring, false)));
    }
  });

  const complainants: Record<Group, number> = { ordinary: 0, heavy_genuine: 0, collective: 0, professional: 0, ring: 0 };
  let complaints = 0;
  for (const a of actors) {
    complainants[a.group]++;
    complaints += a.times.length;
  }
  return {
    actors,
    plan: {
      complainants,
      complaints,
      rings: spec.rings,
      waves: spec.waves,
      start: rfc3339(ctx.start, 'local'),
      end: rfc3339(ctx.end, 'local'),
    },
  };
}
