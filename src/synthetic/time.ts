/**
 * Calendar helpers on Shanghai time without Date objects in the hot path: civil dates, RFC 3339
 * and handwritten dates, and plausible instants (day of week, hour) to file at.
 */
import { Rng, Weighted } from './randomness.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const SHANGHAI = 8 * HOUR;

function localDayStart(ms: number): number {
  return Math.floor((ms + SHANGHAI) / DAY) * DAY - SHANGHAI;
}

export const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

type TimeNotation = 'local' | 'local_ms' | 'utc';

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm): no Date objects in the hot path. */
export function civil(days: number): LocalDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function localDate(ms: number): LocalDate {
  return civil(Math.floor((ms + SHANGHAI) / DAY));
}

export function rfc3339(ms: number, notation: TimeNotation): string {
  const t = notation === 'utc' ? ms : ms + SHANGHAI;
  const days = Math.floor(t / DAY);
  const { y, m, d } = civil(days);
  const rest = t - days * DAY;
  const clock = `${pad2(Math.floor(rest / HOUR))}:${pad2(Math.floor(rest / MINUTE) % 60)}:${pad2(Math.floor(rest / 1000) % 60)}`;
  const frac = notation === 'local_ms' || rest % 1000 !== 0 ? '.' + String(rest % 1000).padStart(3, '0') : '';
  return `${y}-${pad2(m)}-${pad2(d)}T${clock}${frac}${notation === 'utc' ? 'Z' : '+08:00'}`;
}

/** The ways people write a date in a complaint. */
export function textDate(ms: number, rng: Rng): string {
  const { y, m, d } = localDate(ms);
  switch (rng.int(7)) {
    case 0:
    case 1:
    case 2:
      return `${y}年${m}月${d}日`;
    case 3:
      return `${m}月${d}日`;
    case 4:
      return `${y}-${pad2(m)}-${pad2(d)}`;
    case 5:
      return `${y}.${m}.${d}`;
    default:
      return `${y}年${m}月${d}号`;
  }
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function englishDate(ms: number): string {
  const { m, d } = localDate(ms);
  return `${MONTHS_EN[m - 1]} ${d}`;
}

/** Web forms are used around the clock but mostly in office hours and evenings. */
const HOURS_ANY = new Weighted<number>(
  [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 2, 3, 3.2, 3, 2.2, 2.6, 3, 3, 2.8, 2.2, 1.8, 1.8, 2, 2, 1.4, 0.8].map((w, h) => [h, w] as const),
);
/** Professionals and rings file like office work, in working hours. */
export const HOURS_OFFICE = new Weighted<number>(
  [0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 3, 2.5, 0.5, 1.5, 3, 3, 2.5, 1.5, 0, 0, 0, 0, 0, 0].map((w, h) => [h, w] as const),
);

/** An instant in [from, to), on a plausible day and hour. */
export function drawInstant(rng: Rng, from: number, to: number, hours: Weighted<number> = HOURS_ANY): number {
  const first = localDayStart(from);
  const days = Math.max(1, Math.ceil((to - first) / DAY));
  for (let i = 0; i < 16; i++) {
    const day = first + rng.int(days) * DAY;
    const dow = (Math.floor((day + SHANGHAI) / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    if ((dow === 0 || dow === 6) && !rng.chance(0.65)) continue;
    const t = day + hours.draw(rng) * HOUR + rng.int(3600) * 1000;
    if (t >= from && t < to) return t;
  }
  return from + Math.floor((rng.float() * Math.max(1, to - from)) / 1000) * 1000;
}
