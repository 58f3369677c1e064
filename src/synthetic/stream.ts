/**
 * The stream: options checked into a generation context, then every complainant's records merged
 * in time order.
 */
import { Actor } from './actors/actor.js';
import type { Ctx } from './actors/writer.js';
import { type District, geography } from './geography.js';
import { Merchants } from './merchants.js';
import { Registry } from './people.js';
import { populate, type PopulationSpec, specFor } from './population.js';
import type { GenerateOptions, SyntheticRecord, SyntheticStream } from './shapes.js';
import { DAY, localDate, SHANGHAI } from './time.js';

const START_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

function context(opts: GenerateOptions): { ctx: Ctx; spec: PopulationSpec; yearShare: number } {
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError('seed: an integer');
  const startText = opts.start ?? '2026-01-01T00:00:00+08:00';
  const start = START_FORM.test(startText) ? Date.parse(startText) : NaN;
  if (Number.isNaN(start)) throw new RangeError(`start: an RFC 3339 time with an offset, got "${startText}"`);
  const days = opts.days ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new RangeError('days: an integer from 1 to 3660');
  const yearShare = days / 365;
  const spec = specFor(opts.scale, yearShare);
  const seedWords = [opts.seed >>> 0, Math.floor(opts.seed / 4294967296) | 0];
  const geo = geography(spec.geography);
  const counters = new Map<District, Map<number, number>>();
  let year = 0;
  let yearFrom = 0;
  let yearTo = 0;
  const ctx: Ctx = {
    seedWords,
    start,
    end: start + days * DAY,
    geo,
    merchants: new Merchants(seedWords, spec.complainants, geo),
    registry: new Registry(seedWords),
    externalId(channel, district, at) {
      // Numbered per receiving platform, bureau and year, as the 12315/12345 systems do.
      const hotline = channel === '12345-hotline';
      if (at < yearFrom || at >= yearTo) {
        year = localDate(at).y;
        yearFrom = Date.UTC(year, 0, 1) - SHANGHAI;
        yearTo = Date.UTC(year + 1, 0, 1) - SHANGHAI;
      }
      let byYear = counters.get(district);
      if (!byYear) {
        byYear = new Map();
        counters.set(district, byYear);
      }
      const k = year * 2 + (hotline ? 1 : 0);
      const n = (byYear.get(k) ?? 0) + 1;
      byYear.set(k, n);
      return `${hotline ? '12345' : '12315'}-${district.code}-${year}-${String(n).padStart(6, '0')}`;
    },
  };
  return { ctx, spec, yearShare };
}

/**
 * Min-heap of complainants by the instant of their next record; ties go to the earlier-built one.
 * Keys live next to the ids in typed arrays: comparing never touches the complainants themselves.
 */
class Agenda {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  top(): number {
    return this.ids[0];
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka < kb || (ka === kb && this.ids[a] < this.ids[b]);
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a];
    this.keys[a] = this.keys[b];
    this.keys[b] = k;
    const i = this.ids[a];
    this.ids[a] = this.ids[b];
    this.ids[b] = i;
  }

  push(id: number, key: number): void {
    let c = this.n++;
    this.keys[c] = key;
    this.ids[c] = id;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.less(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  /** Gives the top a new key and re-sorts, or removes it when it has nothing left (key Infinity). */
  rekeyTop(key: number): void {
    if (key === Infinity) {
      this.n--;
      if (this.n === 0) return;
      this.keys[0] = this.keys[this.n];
      this.ids[0] = this.ids[this.n];
    } else {
      this.keys[0] = key;
    }
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= this.n) break;
      const c = l + 1 < this.n && this.less(l + 1, l) ? l + 1 : l;
      if (!this.less(c, p)) break;
      this.swap(c, p);
      p = c;
    }
  }
}

function* records(ctx: Ctx, actors: Actor[]): Generator<SyntheticRecord, void, undefined> {
  const agenda = new Agenda(actors.length);
  actors.forEach((a, i) => {
    const at = a.nextAt();
    if (at !== Infinity) agenda.push(i, at);
  });
  while (agenda.size) {
    const actor = actors[agenda.top()];
    const record = actor.emit(ctx);
    agenda.rekeyTop(actor.nextAt());
    yield record;
  }
}

/**
 * The labelled stream, in time order (complaints by `receivedAt`, events by `at`; an event always
 * after its complaint). Same options, same bytes.
 */
export function generateStream(opts: GenerateOptions): SyntheticStream {
  const { ctx, spec, yearShare } = context(opts);
  const { actors, plan } = populate(ctx, spec, yearShare);
  return Object.assign(records(ctx, actors), { plan });
}
