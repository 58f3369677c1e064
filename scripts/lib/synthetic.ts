/**
 * Labelled synthetic intake data for tests, benchmarks and the demo.
 *
 * The stream imitates what a Zhejiang market-supervision bureau receives: mostly one-off
 * consumers, a few citizens who write very often about civic problems, waves of people hit by
 * one real defect, professional claimants (职业打假人) reusing templates for money, and rings of
 * people sharing identifiers. Every record carries the ground truth (`label`) so detectors can
 * be scored against it.
 *
 * Memory: each complainant keeps only the instants of its own complaints and its pending
 * events; bodies are written when their turn comes, so a province-sized year streams in a few
 * hundred MB at most.
 */
import { residentIdCheckChar } from '../../src/identity/resident-id.js';
import { creditCodeCheckChar } from '../../src/identity/credit-code.js';
import { fmix32 } from '../../src/text/hash.js';

// ─── Public shapes ────────────────────────────────────────────────────────────────────────────

export type Group = 'ordinary' | 'heavy_genuine' | 'collective' | 'professional' | 'ring';
export const GROUPS: readonly Group[] = ['ordinary', 'heavy_genuine', 'collective', 'professional', 'ring'];

export interface Label {
  /** The real person behind the record, whatever identifiers the record carries. */
  complainantKey: string;
  group: Group;
  /** Whether a careful human reviewer would want this person reviewed. */
  expectFlag: boolean;
  /** What this record exhibits, e.g. `punitive:10x`, `label_only`, `template:pro-0003-t1`. */
  traits: string[];
}

export type ComplaintKind =
  | 'complaint'
  | 'report'
  | 'complaint_and_report'
  | 'information_request'
  | 'reconsideration'
  | 'litigation';

export type EventType = 'withdrawn' | 'settled' | 'compensated' | 'mediation_ended' | 'upheld' | 'rejected';

/** The body of `POST /v1/complaints`, exactly as sent. */
export interface ComplaintBody {
  externalId: string;
  kind?: ComplaintKind;
  receivedAt: string;
  channel?: string;
  complainant: {
    name?: string;
    idType?: 'resident_id' | 'passport' | 'other';
    idNumber?: string;
    phone?: string;
    address?: string;
    accountId?: string;
  };
  respondent: { name: string; creditCode?: string; region?: string; platform?: string; shopId?: string };
  purchase?: { at?: string; amount?: number; quantity?: number; product?: string; orderIds?: string[] };
  claim?: { amount?: number; punitive?: 'none' | '3x' | '10x' | 'other'; reward?: boolean; harm?: boolean };
  text: string;
}

/** The body of `POST /v1/complaints/{id}/events`. */
export interface EventBody {
  type: EventType;
  at: string;
  amount?: number;
  note?: string;
}

export type SyntheticRecord =
  | { kind: 'complaint'; body: ComplaintBody; label: Label }
  | { kind: 'event'; externalId: string; body: EventBody; label: Label };

export type Scale = 'tiny' | 'district-year' | 'province' | { complainants: number; complaints?: number };

export interface GenerateOptions {
  seed: number;
  scale: Scale;
  /** RFC 3339 with an offset; default 2026-01-01T00:00:00+08:00. */
  start?: string;
  /** Length of the period in days; default 365. */
  days?: number;
}

/** What the population was planned to be, known before the first record is produced. */
export interface StreamPlan {
  complainants: Record<Group, number>;
  /** Exact number of complaint records the stream will yield (events come on top). */
  complaints: number;
  rings: number;
  waves: number;
  start: string;
  end: string;
}

export type SyntheticStream = Generator<SyntheticRecord, void, undefined> & { readonly plan: StreamPlan };

// ─── Randomness ───────────────────────────────────────────────────────────────────────────────


function hashKeys(keys: readonly number[], salt: number): number {
  let h = fmix32(salt * 0x9e3779b9);
  for (const k of keys) h = fmix32((Math.imul(h ^ (k >>> 0), 0x01000193) + 0x7f4a7c15) | 0);
  return h;
}

/**
 * sfc32: fast, small state, good statistics. Every complainant, cohort and merchant owns one,
 * seeded from (seed, domain, index), so what one produces never depends on how the others
 * interleave.
 */
class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(keys: readonly number[]) {
    this.a = hashKeys(keys, 1);
    this.b = hashKeys(keys, 2);
    this.c = hashKeys(keys, 3);
    this.d = hashKeys(keys, 4);
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  uniform(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Log-uniform integer: sizes of waves and volumes are heavy-tailed. */
  logBetween(lo: number, hi: number): number {
    return Math.min(hi, Math.floor(Math.exp(this.uniform(Math.log(lo), Math.log(hi + 1)))));
  }

  digits(n: number): string {
    let s = '';
    while (s.length < n) s += String(this.u32() % 1_000_000_000).padStart(9, '0');
    return s.slice(0, n);
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const x = xs[i];
      xs[i] = xs[j];
      xs[j] = x;
    }
    return xs;
  }
}

class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: Iterable<readonly [T, number]>) {
    for (const [item, w] of entries) {
      if (w <= 0) continue;
      this.total += w;
      this.items.push(item);
      this.cumulative.push(this.total);
    }
  }

  draw(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/**
 * Identifiers must never collide between different people by accident (a collision would be a
 * false SHARED_IDENTITY link), so running counters go through a multiplicative bijection mod
 * 10^k: unique by construction, scattered to the eye.
 */
function scatter(counter: number, modulus: number, multiplier: number, offset: number): number {
  return (((counter % modulus) * multiplier + offset) % modulus + modulus) % modulus;
}

// ─── Time ─────────────────────────────────────────────────────────────────────────────────────

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SHANGHAI = 8 * HOUR;

function localDayStart(ms: number): number {
  return Math.floor((ms + SHANGHAI) / DAY) * DAY - SHANGHAI;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

type TimeNotation = 'local' | 'local_ms' | 'utc';

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm): no Date objects in the hot path. */
function civil(days: number): LocalDate {
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

function localDate(ms: number): LocalDate {
  return civil(Math.floor((ms + SHANGHAI) / DAY));
}

function rfc3339(ms: number, notation: TimeNotation): string {
  const t = notation === 'utc' ? ms : ms + SHANGHAI;
  const days = Math.floor(t / DAY);
  const { y, m, d } = civil(days);
  const rest = t - days * DAY;
  const clock = `${pad2(Math.floor(rest / HOUR))}:${pad2(Math.floor(rest / MINUTE) % 60)}:${pad2(Math.floor(rest / 1000) % 60)}`;
  const frac = notation === 'local_ms' || rest % 1000 !== 0 ? '.' + String(rest % 1000).padStart(3, '0') : '';
  return `${y}-${pad2(m)}-${pad2(d)}T${clock}${frac}${notation === 'utc' ? 'Z' : '+08:00'}`;
}

/** The ways people write a date in a complaint. */
function textDate(ms: number, rng: Rng): string {
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

function englishDate(ms: number): string {
  const { m, d } = localDate(ms);
  return `${MONTHS_EN[m - 1]} ${d}`;
}

/** Web forms are used around the clock but mostly in office hours and evenings. */
const HOURS_ANY = new Weighted<number>(
  [0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 2, 3, 3.2, 3, 2.2, 2.6, 3, 3, 2.8, 2.2, 1.8, 1.8, 2, 2, 1.4, 0.8].map(
    (w, h) => [h, w] as const,
  ),
);
/** Professionals and rings file like office work, in working hours. */
const HOURS_OFFICE = new Weighted<number>(
  [0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 3, 2.5, 0.5, 1.5, 3, 3, 2.5, 1.5, 0, 0, 0, 0, 0, 0].map((w, h) => [h, w] as const),
);

/** An instant in [from, to), on a plausible day and hour. */
function drawInstant(rng: Rng, from: number, to: number, hours: Weighted<number> = HOURS_ANY): number {
  const first = localDayStart(from);
  const days = Math.max(1, Math.ceil((to - first) / DAY));
  for (let i = 0; i < 16; i++) {
    const day = first + rng.int(days) * DAY;
    const dow = (Math.floor((day + SHANGHAI) / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    if ((dow === 0 || dow === 6) && !rng.chance(0.65)) continue;
    const t = day + hours.draw(rng) * HOUR + rng.int(3600) * 1000;
    if (t >= from && t < to) return t;
  }
  return from + Math.floor(rng.float() * Math.max(1, to - from) / 1000) * 1000;
}

// ─── Geography ────────────────────────────────────────────────────────────────────────────────

interface District {
  code: string;
  name: string;
  city: string;
  province: string;
  streets: readonly string[];
}

const CITIES: Record<string, string> = {
  '3301': '杭州市',
  '3302': '宁波市',
  '3303': '温州市',
  '3304': '嘉兴市',
  '3305': '湖州市',
  '3306': '绍兴市',
  '3307': '金华市',
  '3308': '衢州市',
  '3309': '舟山市',
  '3310': '台州市',
  '3311': '丽水市',
};

const LUCHENG_STREETS = [
  '五马街', '解放北路', '人民西路', '车站大道', '学院中路', '飞霞南路', '府前街', '信河街', '蝉街',
  '锦绣路', '汤家桥路', '黎明西路', '江滨西路', '望江东路', '划龙桥路', '瓯江路', '广场路', '南塘街',
];
const COMMON_STREETS = [
  '人民路', '解放路', '中山路', '建设路', '新华路', '文化路', '环城北路', '城南大道', '滨江路', '工业路',
  '兴业路', '光明路', '胜利路', '和平路', '体育场路', '府前路', '东风路', '新民街', '开元路', '学府路',
];

/** [code, name, relative population]: Zhejiang county-level divisions in use since 2021. */
const ZHEJIANG: readonly (readonly [string, string, number])[] = [
  ['330302', '鹿城区', 10], ['330303', '龙湾区', 6], ['330304', '瓯海区', 8], ['330305', '洞头区', 1],
  ['330324', '永嘉县', 6], ['330326', '平阳县', 6], ['330327', '苍南县', 6], ['330328', '文成县', 2],
  ['330329', '泰顺县', 2], ['330381', '瑞安市', 11], ['330382', '乐清市', 11], ['330383', '龙港市', 4],
  ['330102', '上城区', 13], ['330105', '拱墅区', 11], ['330106', '西湖区', 11], ['330108', '滨江区', 5],
  ['330109', '萧山区', 20], ['330110', '余杭区', 12], ['330111', '富阳区', 8], ['330112', '临安区', 6],
  ['330113', '临平区', 11], ['330114', '钱塘区', 7], ['330122', '桐庐县', 4], ['330127', '淳安县', 3],
  ['330182', '建德市', 4], ['330203', '海曙区', 10], ['330205', '江北区', 5], ['330206', '北仑区', 8],
  ['330211', '镇海区', 5], ['330212', '鄞州区', 16], ['330213', '奉化区', 6], ['330225', '象山县', 6],
  ['330226', '宁海县', 7], ['330281', '余姚市', 12], ['330282', '慈溪市', 18], ['330402', '南湖区', 6],
  ['330411', '秀洲区', 6], ['330421', '嘉善县', 6], ['330424', '海盐县', 4], ['330481', '海宁市', 7],
  ['330482', '平湖市', 6], ['330483', '桐乡市', 8], ['330502', '吴兴区', 8], ['330503', '南浔区', 5],
  ['330521', '德清县', 5], ['330522', '长兴县', 7], ['330523', '安吉县', 5], ['330602', '越城区', 9],
  ['330603', '柯桥区', 11], ['330604', '上虞区', 8], ['330624', '新昌县', 4], ['330681', '诸暨市', 12],
  ['330683', '嵊州市', 7], ['330702', '婺城区', 9], ['330703', '金东区', 5], ['330723', '武义县', 4],
  ['330726', '浦江县', 5], ['330727', '磐安县', 2], ['330781', '兰溪市', 6], ['330782', '义乌市', 19],
  ['330783', '东阳市', 11], ['330784', '永康市', 10], ['330802', '柯城区', 4], ['330803', '衢江区', 4],
  ['330822', '常山县', 3], ['330824', '开化县', 3], ['330825', '龙游县', 4], ['330881', '江山市', 5],
  ['330902', '定海区', 5], ['330903', '普陀区', 3], ['330921', '岱山县', 2], ['330922', '嵊泗县', 1],
  ['331002', '椒江区', 7], ['331003', '黄岩区', 6], ['331004', '路桥区', 7], ['331022', '三门县', 4],
  ['331023', '天台县', 4], ['331024', '仙居县', 4], ['331081', '温岭市', 14], ['331082', '临海市', 11],
  ['331083', '玉环市', 6], ['331102', '莲都区', 5], ['331121', '青田县', 4], ['331122', '缙云县', 4],
  ['331123', '遂昌县', 2], ['331124', '松阳县', 2], ['331125', '云和县', 1], ['331126', '庆元县', 1],
  ['331127', '景宁畲族自治县', 1], ['331181', '龙泉市', 2],
];

/** Birthplaces of people from elsewhere; professional claimants are often not local. */
const ELSEWHERE: readonly (readonly [string, string, string, string])[] = [
  ['320102', '江苏省', '南京市', '玄武区'], ['320106', '江苏省', '南京市', '鼓楼区'],
  ['410105', '河南省', '郑州市', '金水区'], ['430104', '湖南省', '长沙市', '岳麓区'],
  ['420106', '湖北省', '武汉市', '武昌区'], ['360102', '江西省', '南昌市', '东湖区'],
  ['340104', '安徽省', '合肥市', '蜀山区'], ['350203', '福建省', '厦门市', '思明区'],
  ['440106', '广东省', '广州市', '天河区'], ['510107', '四川省', '成都市', '武侯区'],
  ['370102', '山东省', '济南市', '历下区'], ['130102', '河北省', '石家庄市', '长安区'],
  ['610113', '陕西省', '西安市', '雁塔区'], ['500103', '重庆市', '', '渝中区'],
  ['450103', '广西壮族自治区', '南宁市', '青秀区'], ['310115', '上海市', '', '浦东新区'],
];

const DISTRICTS: readonly District[] = [
  ...ZHEJIANG.map(([code, name]) => ({
    code,
    name,
    city: CITIES[code.slice(0, 4)],
    province: '浙江省',
    streets: code === '330302' ? LUCHENG_STREETS : COMMON_STREETS,
  })),
  ...ELSEWHERE.map(([code, province, city, name]) => ({ code, name, city, province, streets: COMMON_STREETS })),
];
const ZJ_COUNT = ZHEJIANG.length;
const HOME_DISTRICT = 0; // 鹿城区: the district-year scale is modelled on Lucheng's bureau.

interface Geography {
  /** District index → weight, for businesses with a counter. */
  shops: ReadonlyMap<number, number>;
  /** District index → weight, for where online shops are registered. */
  online: ReadonlyMap<number, number>;
  /** Where local complainants live. */
  residents: Weighted<number>;
  /** Share of people who live outside Zhejiang, by group. */
  outsiders: Record<Group, number>;
}

function geography(kind: 'district' | 'province'): Geography {
  const zj = ZHEJIANG.map(([code, , w], i) => [i, w, code] as const);
  const wenzhou = zj.filter(([, , code]) => code.startsWith('3303'));
  if (kind === 'district') {
    const local = wenzhou.map(([i, w]) => [i, i === HOME_DISTRICT ? 60 : w] as const);
    return {
      shops: new Map(local),
      online: new Map(zj.map(([i, w, code]) => [i, code.startsWith('3303') ? w * 4 : w] as const)),
      residents: new Weighted(wenzhou.map(([i, w]) => [i, i === HOME_DISTRICT ? 40 : w] as const)),
      outsiders: { ordinary: 0.08, heavy_genuine: 0, collective: 0.03, professional: 0.45, ring: 0.3 },
    };
  }
  const all = zj.map(([i, w]) => [i, w] as const);
  return {
    shops: new Map(all),
    online: new Map(zj.map(([i, w, code]) => [i, code.startsWith('3301') ? w * 3 : w] as const)),
    residents: new Weighted(all),
    outsiders: { ordinary: 0.1, heavy_genuine: 0, collective: 0.03, professional: 0.4, ring: 0.3 },
  };
}

const COMPOUNDS = [
  '锦绣花园', '阳光家园', '翠微新村', '江滨小区', '东方明珠苑', '和平新村', '景山花园', '府东公寓', '新城嘉苑',
  '绿城玫瑰园', '金色家园', '春晖小区', '滨江花苑', '康乐坊', '水心住宅区', '银都花园', '广厦公寓', '松台小区',
];

// ─── People ───────────────────────────────────────────────────────────────────────────────────

const SURNAMES =
  '陈林王黄张李郑周吴金潘叶徐胡朱杨刘蔡谢章施赵孙马郭何高罗梁宋唐许韩冯邓曹彭曾肖田董袁于蒋余杜程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严戴莫孔汤池项应季麻';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉鑫宇浩晨欣怡佳雨婷子涵梓萱俊晓东海峰波斌亮红玲燕萍雪琳颖倩宁凯鹏飞龙旭阳帆博瑞泽轩睿思琪可心悦志远永春秋月荣德福贵安康乐';
const FOREIGN_NAMES = [
  'John Smith', 'Maria Garcia', 'Ahmed Hassan', 'Olga Ivanova', 'Kim Min-jun', 'David Brown', 'Sarah Wilson',
  'Lucas Martin', 'Emma Müller', 'Nguyen Van An', 'Priya Sharma', 'Tom Becker', 'Anna Kowalska', 'James Lee',
];

function chineseName(rng: Rng, surname?: string): string {
  const s = surname ?? SURNAMES[Math.min(rng.int(SURNAMES.length), rng.int(SURNAMES.length))];
  const n = rng.chance(0.7) ? 2 : 1;
  let g = '';
  for (let i = 0; i < n; i++) g += GIVEN[rng.int(GIVEN.length)];
  return s + g;
}

interface Person {
  name: string;
  idType: 'resident_id' | 'passport' | 'other';
  idNumber: string;
  phones: string[];
  address?: string;
  account12315: string;
  accountZlb: string;
  home: District;
  /** Writes in traditional characters (Hong Kong, Macao, Taiwan). */
  traditional: boolean;
  /** Writes in English (foreign resident). */
  english: boolean;
}

/** How much of a person's identity they put on each complaint. */
interface Disclosure {
  id: number;
  phone: number;
  name: number;
  address: number;
  account: number;
}

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188',
  '189', '191', '198', '199',
];

/** Phone numbers arrive in many notations; the service normalises them. */
function phoneNotation(phone: string, rng: Rng): string {
  const a = phone.slice(0, 3);
  const b = phone.slice(3, 7);
  const c = phone.slice(7);
  switch (rng.int(12)) {
    case 0:
      return `+86 ${a}-${b}-${c}`;
    case 1:
      return `+86${phone}`;
    case 2:
      return `${a} ${b} ${c}`;
    case 3:
      return `${a}-${b}-${c}`;
    case 4:
      return `0086 ${phone}`;
    case 5:
      return `(+86) ${a} ${b} ${c}`;
    default:
      return phone;
  }
}

/** Issues identifiers that are valid and never shared by accident. */
class Registry {
  private readonly residentIds = new Set<string>();
  private readonly addresses = new Set<string>();
  private phoneCounter = 0;
  private accountCounter = 0;
  private passportCounter = 0;
  private readonly salt: number;

  constructor(seedWords: readonly number[]) {
    this.salt = hashKeys(seedWords, 99);
  }

  residentId(rng: Rng, regionCode: string, birthFrom: number, birthTo: number): string {
    for (;;) {
      const year = rng.between(birthFrom, birthTo);
      const birth = civil(Math.floor(Date.UTC(year, 0, 1) / DAY) + rng.int(365));
      const seq = String(rng.int(1000)).padStart(3, '0');
      const first17 = regionCode + birth.y + pad2(birth.m) + pad2(birth.d) + seq;
      const id = first17 + residentIdCheckChar(first17);
      if (!this.residentIds.has(id)) {
        this.residentIds.add(id);
        return id;
      }
    }
  }

  phone(rng: Rng): string {
    const n = scatter(this.phoneCounter++, 100_000_000, 73_856_093, this.salt % 100_000_000);
    return rng.pick(MOBILE_PREFIXES) + String(n).padStart(8, '0');
  }

  accounts(): { account12315: string; accountZlb: string } {
    const n = this.accountCounter++;
    return {
      account12315: `12315:u-${scatter(n, 100_000_000, 19_349_663, this.salt % 9_999_991)}`,
      accountZlb: `zlb:${String(scatter(n, 10_000_000_000, 700_001, this.salt)).padStart(10, '0')}`,
    };
  }

  passport(rng: Rng): string {
    const n = scatter(this.passportCounter++, 100_000_000, 48_271_119, this.salt % 1000);
    return rng.pick(['P', 'X', 'M', 'K', 'C']) + String(n).padStart(8, '0');
  }

  /** Hong Kong/Macao permit (H/M + 8 digits) or Taiwan permit (8 digits). */
  permit(rng: Rng): string {
    const n = String(scatter(this.passportCounter++, 100_000_000, 48_271_119, this.salt % 1000)).padStart(8, '0');
    return rng.chance(0.5) ? rng.pick(['H', 'M']) + n : n;
  }

  address(rng: Rng, d: District): string {
    for (;;) {
      const head = `${d.province}${d.city}${d.name}`;
      const street = rng.pick(d.streets);
      const tail = rng.chance(0.7)
        ? `${rng.pick(COMPOUNDS)}${rng.between(1, 40)}幢${rng.between(1, 4)}单元${rng.between(1, 33)}0${rng.between(1, 4)}室`
        : `${rng.between(1, 399)}号${rng.between(1, 6)}楼`;
      const full = (rng.chance(0.3) ? head.replace(d.province, '') : head) + street + tail;
      if (!this.addresses.has(full)) {
        this.addresses.add(full);
        return full;
      }
    }
  }
}

interface PersonSpec {
  home: District;
  birthFrom: number;
  birthTo: number;
  surname?: string;
  phones: number;
  address: boolean;
  foreign?: 'english' | 'traditional';
}

function makePerson(rng: Rng, reg: Registry, spec: PersonSpec): Person {
  const { account12315, accountZlb } = reg.accounts();
  const phones: string[] = [];
  for (let i = 0; i < spec.phones; i++) phones.push(reg.phone(rng));
  const address = spec.address ? reg.address(rng, spec.home) : undefined;
  const common = { phones, address, account12315, accountZlb, home: spec.home };
  if (spec.foreign === 'english') {
    const name = rng.pick(FOREIGN_NAMES);
    return { name, idType: 'passport', idNumber: reg.passport(rng), ...common, traditional: false, english: true };
  }
  if (spec.foreign === 'traditional') {
    const name = chineseName(rng);
    return { name, idType: 'other', idNumber: reg.permit(rng), ...common, traditional: true, english: false };
  }
  const name = chineseName(rng, spec.surname);
  const idNumber = reg.residentId(rng, spec.home.code, spec.birthFrom, spec.birthTo);
  return { name, idType: 'resident_id', idNumber, ...common, traditional: false, english: false };
}

// ─── Products and merchants ───────────────────────────────────────────────────────────────────

type Category = 'food' | 'imported' | 'health' | 'cosmetics' | 'electronics' | 'clothing' | 'toys';

/** What a complaint is about, as the complainant names it. */
interface Item {
  name: string;
  unit: string;
}

/** A retail product: its price range and the field it belongs to. */
interface Product extends Item {
  min: number;
  max: number;
  cat: Category;
}

const P = (cat: Category, rows: readonly (readonly [string, string, number, number])[]): Product[] =>
  rows.map(([name, unit, min, max]) => ({ name, unit, min, max, cat }));

const PRODUCTS: Record<Category, Product[]> = {
  food: P('food', [
    ['黄芪薏米饼干', '盒', 12, 39], ['手工牛肉干', '袋', 19, 68], ['黑芝麻丸', '盒', 29, 69], ['酸枣仁百合糕', '盒', 25, 59],
    ['蜂蜜柚子茶', '瓶', 28, 58], ['即食燕窝', '瓶', 68, 298], ['冻干水果脆', '袋', 15, 39], ['红枣枸杞茶', '盒', 19, 49],
    ['螺蛳粉', '袋', 9.9, 19.9], ['零食大礼包', '份', 19.9, 49.9], ['月饼礼盒', '盒', 88, 398], ['桂花糕', '盒', 15, 35],
    ['鲜花饼', '盒', 19, 45], ['辣条', '包', 2.5, 9.9], ['火腿肠', '袋', 3.5, 12], ['挂面', '包', 4.5, 12],
    ['纯牛奶', '盒', 4.5, 9.8], ['方便面', '桶', 3.5, 6.5], ['手撕面包', '袋', 9.9, 19.9], ['风味豆干', '袋', 5, 12],
    ['散装糖果', '斤', 9.9, 19.9], ['温州鱼丸', '袋', 12, 29], ['酱鸭舌', '盒', 45, 98], ['猪肉脯', '袋', 15, 39],
    ['五香瓜子', '袋', 6, 15], ['苏打水', '瓶', 3, 6], ['代餐奶昔', '罐', 79, 199], ['挂耳咖啡', '盒', 39, 99],
    ['魔芋爽', '包', 1.5, 4.5], ['老酸奶', '杯', 6, 12], ['黄酒', '瓶', 25, 88], ['白酒', '瓶', 88, 698],
  ]),
  imported: P('imported', [
    ['进口曲奇饼干', '盒', 29, 89], ['进口红酒', '瓶', 88, 698], ['进口巧克力', '盒', 39, 129], ['进口奶粉', '罐', 198, 398],
    ['进口燕麦片', '袋', 39, 89], ['进口橄榄油', '瓶', 68, 198], ['进口果汁', '瓶', 12, 29], ['进口软糖', '袋', 15, 39],
    ['日本抹茶粉', '袋', 39, 99], ['泰国椰子水', '瓶', 8, 15], ['韩国海苔', '包', 9.9, 29], ['进口威化饼', '盒', 19, 49],
  ]),
  health: P('health', [
    ['鱼油软胶囊', '瓶', 98, 298], ['乳清蛋白粉', '罐', 168, 398], ['褪黑素片', '瓶', 59, 129], ['氨糖软骨素片', '瓶', 128, 398],
    ['辅酶Q10胶囊', '瓶', 99, 299], ['人参固体饮料', '盒', 68, 298], ['压片糖果', '瓶', 29, 128], ['葛根解酒片', '盒', 39, 99],
    ['苦瓜降糖茶', '盒', 59, 199], ['灵芝孢子粉', '盒', 198, 998], ['阿胶糕', '盒', 98, 298], ['益生菌粉', '盒', 79, 199],
  ]),
  cosmetics: P('cosmetics', [
    ['美白面霜', '瓶', 58, 398], ['祛斑精华液', '瓶', 98, 498], ['防脱洗发水', '瓶', 49, 159], ['祛痘凝胶', '支', 39, 99],
    ['补水面膜', '盒', 39, 129], ['婴儿护臀膏', '支', 29, 79], ['染发膏', '盒', 39, 99],
  ]),
  electronics: P('electronics', [
    ['蓝牙耳机', '副', 99, 499], ['充电宝', '个', 49, 159], ['电热水壶', '台', 59, 199], ['电饭煲', '台', 159, 699],
    ['吹风机', '个', 79, 399], ['空气炸锅', '台', 199, 599], ['插线板', '个', 19, 69], ['智能手表', '块', 199, 999],
    ['儿童电话手表', '块', 199, 599], ['扫地机器人', '台', 999, 2999], ['电动牙刷', '支', 99, 399], ['电暖器', '台', 129, 499],
  ]),
  clothing: P('clothing', [
    ['羽绒服', '件', 299, 1299], ['运动鞋', '双', 199, 899], ['羊毛衫', '件', 199, 699], ['真皮皮鞋', '双', 299, 899],
    ['儿童外套', '件', 99, 299], ['真丝睡衣', '套', 199, 599], ['牛仔裤', '条', 99, 399], ['皮带', '条', 59, 299],
  ]),
  toys: P('toys', [
    ['儿童积木', '盒', 49, 199], ['毛绒玩具', '个', 29, 99], ['遥控车', '辆', 99, 299], ['儿童滑板车', '辆', 129, 399],
    ['磁力片', '盒', 59, 199], ['水枪', '把', 19, 59],
  ]),
};

/** Cheap items professionals buy to claim the ¥1,000 / ¥500 statutory floors. */
const CHEAP = [...PRODUCTS.food, ...PRODUCTS.imported].filter((p) => p.min <= 15);

function price(rng: Rng, p: Product): number {
  const v = rng.uniform(p.min, p.max);
  if (p.max < 20) return Math.round(v * 10) / 10;
  return Math.max(p.min, Math.floor(v) + rng.pick([0, 0, 0.5, 0.8, 0.9]));
}

const money = (x: number): number => Math.round(x * 100) / 100;
/** 12 → "12", 12.5 → "12.5", 12.05 → "12.05". */
function amountText(x: number): string {
  const cents = Math.round(x * 100);
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  if (frac === 0) return String(whole);
  return frac % 10 === 0 ? `${whole}.${frac / 10}` : `${whole}.${pad2(frac)}`;
}

type MerchantKind =
  | 'grocery' | 'supermarket' | 'pharmacy' | 'cosmetics_store' | 'electronics_store' | 'clothing_store'
  | 'toy_store' | 'restaurant' | 'hair_salon' | 'gym' | 'training' | 'car_dealer' | 'market' | 'parking'
  | 'mall' | 'repair' | 'online_food' | 'online_health' | 'online_cosmetics' | 'online_electronics'
  | 'online_clothing' | 'online_toys';

const BRAND_CHARS = '鑫源恒泰华联佳美福瑞兴隆盛达润丰金龙嘉和康乐安顺新宏宇诚信友邦优品鲜味香悦汇百惠万家一禾田森林海川星月辰';
const BRAND_WORDS = ['惠民', '百佳', '佳佳', '好又多', '万家福', '一品', '优选', '乐购', '邻里', '红太阳', '小康', '百姓', '金三角', '阿强', '老陈'];
const PLATFORMS: readonly (readonly [string, string, number])[] = [
  ['taobao', '淘宝', 30], ['tmall', '天猫', 15], ['jd', '京东', 15], ['pinduoduo', '拼多多', 20], ['douyin', '抖音', 15], ['kuaishou', '快手', 5],
];
const PLATFORM_TABLE = new Weighted(PLATFORMS.map(([id, , w]) => [id, w] as const));
const PLATFORM_NAME: Record<string, string> = Object.fromEntries(PLATFORMS.map(([id, name]) => [id, name]));

function brand(rng: Rng): string {
  return rng.chance(0.3) ? rng.pick(BRAND_WORDS) : BRAND_CHARS[rng.int(BRAND_CHARS.length)] + BRAND_CHARS[rng.int(BRAND_CHARS.length)];
}

interface KindInfo {
  online: boolean;
  /** Pool size per 1,000 complainants: how many distinct such businesses the stream draws on. */
  pool: number;
  /** Share of sole traders (个体工商户, credit code 92…) and of businesses without any code. */
  soleTrader: number;
  unregistered: number;
  name: (rng: Rng, d: District) => string;
}

const place = (d: District): string => (d.name.endsWith('市') ? d.name : d.city + d.name);

const KINDS: Record<MerchantKind, KindInfo> = {
  grocery: { online: false, pool: 60, soleTrader: 0.8, unregistered: 0.02,
    name: (r, d) => `${r.chance(0.5) ? place(d) : d.name}${r.chance(0.5) ? r.pick(d.streets).replace(/[路街道]+$/, '') : ''}${brand(r)}${r.pick(['便利店', '超市', '食品店', '副食品商店', '食品商行', '烟酒商店', '进口食品店'])}` },
  supermarket: { online: false, pool: 8, soleTrader: 0.1, unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['超市有限公司', '购物中心有限公司', '生活超市有限公司', '连锁超市有限公司'])}` },
  pharmacy: { online: false, pool: 10, soleTrader: 0.3, unregistered: 0,
    name: (r, d) => r.chance(0.5) ? `${d.city || d.name}${brand(r)}大药房有限公司${d.name.slice(0, 2)}店` : `${place(d)}${brand(r)}堂药店` },
  cosmetics_store: { online: false, pool: 6, soleTrader: 0.7, unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['美妆店', '化妆品店', '美妆生活馆'])}` },
  electronics_store: { online: false, pool: 12, soleTrader: 0.5, unregistered: 0,
    name: (r, d) => r.chance(0.5) ? `${place(d)}${brand(r)}数码科技有限公司` : `${d.name}${brand(r)}${r.pick(['手机店', '电器商行', '家电商场'])}` },
  clothing_store: { online: false, pool: 12, soleTrader: 0.7, unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['服饰店', '服装专卖店', '鞋业商行', '童装店', '鞋店'])}` },
  toy_store: { online: false, pool: 4, soleTrader: 0.8, unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['玩具店', '母婴用品店', '文具玩具店'])}` },
  restaurant: { online: false, pool: 40, soleTrader: 0.75, unregistered: 0.04,
    name: (r, d) => `${r.chance(0.4) ? d.name : ''}${brand(r)}${r.pick(['小吃店', '饭店', '餐厅', '面馆', '火锅店', '烧烤店', '大排档', '酒家', '快餐店', '海鲜楼'])}` },
  hair_salon: { online: false, pool: 8, soleTrader: 0.85, unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['美发工作室', '造型会所', '理发店', '美容美发店'])}` },
  gym: { online: false, pool: 3, soleTrader: 0.2, unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['健身有限公司', '体育发展有限公司', '健身俱乐部'])}` },
  training: { online: false, pool: 3, soleTrader: 0, unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['教育培训学校', '艺术培训中心', '教育科技有限公司', '文化艺术培训学校有限公司'])}` },
  car_dealer: { online: false, pool: 2, soleTrader: 0, unregistered: 0,
    name: (r, d) => `${d.city || place(d)}${brand(r)}汽车销售服务有限公司` },
  market: { online: false, pool: 2, soleTrader: 0, unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}农贸市场` },
  parking: { online: false, pool: 2, soleTrader: 0, unregistered: 0.1,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['停车场管理有限公司', '物业管理有限公司'])}` },
  mall: { online: false, pool: 2, soleTrader: 0, unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['商业管理有限公司', '购物广场有限公司'])}` },
  repair: { online: false, pool: 4, soleTrader: 0.8, unregistered: 0.05,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['家电维修部', '汽车维修服务部', '装饰工程有限公司', '开锁服务部'])}` },
  online_food: { online: true, pool: 30, soleTrader: 0.5, unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['食品专营店', '零食旗舰店', '进口食品店', '特产店', '食品官方旗舰店', '休闲食品店'])}` },
  online_health: { online: true, pool: 12, soleTrader: 0.3, unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['保健品专营店', '健康旗舰店', '营养品店', '滋补品旗舰店'])}` },
  online_cosmetics: { online: true, pool: 8, soleTrader: 0.5, unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['美妆专营店', '化妆品旗舰店', '护肤品店'])}` },
  online_electronics: { online: true, pool: 10, soleTrader: 0.3, unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['数码专营店', '电器旗舰店', '3C数码店', '家电官方旗舰店'])}` },
  online_clothing: { online: true, pool: 10, soleTrader: 0.5, unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['服饰旗舰店', '女装店', '鞋类专营店', '童装旗舰店'])}` },
  online_toys: { online: true, pool: 4, soleTrader: 0.5, unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['玩具旗舰店', '益智玩具店', '母婴专营店'])}` },
};
const KIND_NAMES = Object.keys(KINDS) as MerchantKind[];

/** Who sells what, offline and online. */
const SELLERS: Record<Category, { offline: MerchantKind[]; online: MerchantKind[] }> = {
  food: { offline: ['grocery', 'grocery', 'supermarket'], online: ['online_food'] },
  imported: { offline: ['grocery', 'supermarket'], online: ['online_food'] },
  health: { offline: ['pharmacy', 'supermarket'], online: ['online_health'] },
  cosmetics: { offline: ['cosmetics_store', 'supermarket'], online: ['online_cosmetics'] },
  electronics: { offline: ['electronics_store'], online: ['online_electronics'] },
  clothing: { offline: ['clothing_store'], online: ['online_clothing'] },
  toys: { offline: ['toy_store', 'supermarket'], online: ['online_toys'] },
};

interface Merchant {
  key: number;
  name: string;
  creditCode?: string;
  district: District;
  platform?: string;
  shopId?: string;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BASE31_7 = 31 ** 7;

function withCheck(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (check === null) throw new Error(`credit code body outside the GB 32100 alphabet: ${first17}`);
  return first17 + check;
}

function creditCode(rng: Rng, d: District, key: number, soleTrader: boolean, salt: number): string {
  const head = '9' + (soleTrader ? '2' : '1') + d.code;
  if (rng.chance(0.8)) {
    // Codes issued since 2015 carry "MA" and seven free characters; older ones embed the
    // nine-character organisation code.
    let n = scatter(key, BASE31_7, 7919, salt % BASE31_7);
    let tail = '';
    for (let i = 0; i < 7; i++) {
      tail = CODE_ALPHABET[n % 31] + tail;
      n = Math.floor(n / 31);
    }
    return withCheck(head + 'MA' + tail);
  }
  return withCheck(head + String(scatter(key, 100_000_000, 7919, salt % 100_000_000)).padStart(8, '0') + rng.int(10));
}

function bureauOf(d: District): Merchant {
  const name = d.name.endsWith('市') ? `${d.name}市场监督管理局` : `${d.city}${d.name}市场监督管理局`;
  const body = String(fmix32(Number(d.code)) % 10_000_000).padStart(7, '0');
  return { key: -1, name, creditCode: withCheck('11' + d.code + '00' + body), district: d };
}

/** A run of merchant serials registered in one district. */
interface Block {
  district: District;
  /** Offset of the block within the list it belongs to (all districts, or one city). */
  start: number;
  size: number;
  /** The block's first serial. */
  first: number;
}

/**
 * Each kind's serials are cut into one block per district, sized by the district's weight, so a
 * merchant's district follows from its serial and "a shop in my city" is one draw.
 */
interface Pool {
  index: number;
  total: number;
  blocks: Block[];
  byCity: Map<string, { blocks: Block[]; total: number }>;
}

function pickBlock(blocks: readonly Block[], offset: number): Block {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return blocks[lo];
}

class Merchants {
  private readonly cache = new Map<number, Merchant>();
  private readonly pools = new Map<MerchantKind, Pool>();
  private readonly salt: number;

  constructor(
    private readonly seedWords: readonly number[],
    complainants: number,
    geo: Geography,
  ) {
    this.salt = hashKeys(seedWords, 7);
    KIND_NAMES.forEach((kind, index) => {
      const info = KINDS[kind];
      const weights = info.online ? geo.online : geo.shops;
      const wanted = Math.max(6, Math.round((info.pool * complainants) / 1000));
      const sum = [...weights.values()].reduce((a, b) => a + b, 0);
      const blocks: Block[] = [];
      const byCity = new Map<string, { blocks: Block[]; total: number }>();
      let start = 0;
      for (const [d, w] of weights) {
        const block = { district: DISTRICTS[d], start, size: Math.max(1, Math.round((wanted * w) / sum)), first: start };
        blocks.push(block);
        start += block.size;
        const city = byCity.get(block.district.city) ?? { blocks: [], total: 0 };
        // City-local offsets, so the same binary search serves both lookups.
        city.blocks.push({ ...block, start: city.total });
        city.total += block.size;
        byCity.set(block.district.city, city);
      }
      this.pools.set(kind, { index, total: start, blocks, byCity });
    });
  }

  private get(kind: MerchantKind, pool: Pool, serial: number, district: District): Merchant {
    const key = pool.index * 16_777_216 + serial;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const info = KINDS[kind];
    const rng = new Rng([...this.seedWords, 2, key]);
    const m: Merchant = { key, name: info.name(rng, district), district };
    if (!rng.chance(info.unregistered)) m.creditCode = creditCode(rng, district, key, rng.chance(info.soleTrader), this.salt);
    if (info.online) {
      m.platform = PLATFORM_TABLE.draw(rng);
      m.shopId = m.platform === 'jd' ? `1000${rng.digits(5)}` : m.platform === 'taobao' || m.platform === 'tmall' ? `shop${rng.digits(9)}` : `${m.platform}-${rng.digits(8)}`;
    }
    this.cache.set(key, m);
    return m;
  }

  any(kind: MerchantKind, rng: Rng): Merchant {
    const pool = this.pools.get(kind)!;
    const serial = rng.int(pool.total);
    return this.get(kind, pool, serial, pickBlock(pool.blocks, serial).district);
  }

  /** A business in the complainant's city, or anywhere when none of that kind is there. */
  near(kind: MerchantKind, rng: Rng, home: District): Merchant {
    const pool = this.pools.get(kind)!;
    const city = pool.byCity.get(home.city);
    if (!city || home.province !== '浙江省') return this.any(kind, rng);
    const offset = rng.int(city.total);
    const block = pickBlock(city.blocks, offset);
    return this.get(kind, pool, block.first + offset - block.start, block.district);
  }

  /** Online shops are anywhere; people buy over the counter where they live. */
  seller(cat: Category, online: boolean, rng: Rng, home?: District): Merchant {
    if (online) return this.any(rng.pick(SELLERS[cat].online), rng);
    const kind = rng.pick(SELLERS[cat].offline);
    return home ? this.near(kind, rng, home) : this.any(kind, rng);
  }
}

function orderId(rng: Rng, platform: string, at: number): string {
  switch (platform) {
    case 'taobao':
    case 'tmall':
      return rng.pick(['2', '3', '4']) + rng.digits(18);
    case 'jd':
      return rng.pick(['2', '3']) + rng.digits(11);
    case 'pinduoduo': {
      const { y, m, d } = localDate(at);
      return `${String(y).slice(2)}${pad2(m)}${pad2(d)}-${rng.digits(15)}`;
    }
    case 'kuaishou':
      return '23' + rng.digits(16);
    default: // douyin
      return '69' + rng.digits(17);
  }
}

// ─── Text: shared pieces ──────────────────────────────────────────────────────────────────────

/** One purchase as the complainant experienced it. */
interface Deal<P extends Item = Product> {
  merchant: Merchant;
  product: P;
  qty: number;
  amount: number;
  purchaseAt: number;
  orderIds: string[];
}

function fullWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c === 0x20 ? '\u3000' : c > 0x20 && c < 0x7f ? String.fromCharCode(c + 0xfee0) : ch;
  }
  return out;
}

/**
 * Simplified → traditional (Hong Kong usage) for the vocabulary this generator writes. OpenCC's
 * full dictionary takes ~0.4 s to load, too slow for small test streams, so this table was derived
 * from OpenCC's output over the generator's own texts: a character table, and the phrases where
 * one simplified character stands for several traditional ones (发 → 發/髮, 干 → 幹/乾, …).
 */
const TRAD_PHRASES = new Map<string, string>([
  ['邻里', '鄰里'],
  ['公里', '公里'],
  ['尽快', '儘快'],
  ['染发', '染髮'],
  ['洗发', '洗髮'],
  ['美发', '美髮'],
  ['理发', '理髮'],
  ['头发', '頭髮'],
  ['联系', '聯繫'],
  ['上周', '上週'],
  ['这周', '這週'],
  ['一周', '一週'],
  ['标注', '標註'],
  ['注册', '註冊'],
  ['复议', '複議'],
  ['反复', '反覆'],
  ['答复', '答覆'],
  ['一只', '一隻'],
  ['面霜', '面霜'],
  ['面包', '麪包'],
  ['挂面', '掛麪'],
  ['方便面', '方便麪'],
  ['面馆', '麪館'],
  ['手表', '手錶'],
  ['老板', '老闆'],
  ['标志', '標誌'],
  ['批准', '批准'],
  ['心脏', '心臟'],
  ['冻干', '凍乾'],
  ['饼干', '餅乾'],
  ['豆干', '豆乾'],
  ['肉干', '肉乾'],
  ['不干胶', '不乾膠'],
  ['若干', '若干'],
  ['分钟', '分鐘'],
  ['恶心', '噁心'],
  ['熏天', '熏天'],
  ['人参', '人蔘'],
]);
const TRAD_PHRASE = new RegExp(`(${[...TRAD_PHRASES.keys()].sort((a, b) => b.length - a.length).join('|')})`);
const TRAD_FROM =
  '职业号宁兴绍华丽马车学飞蝉锦绣汤桥滨东划龙瓯广场设环胜体风开区湾头县阳苍顺乐萧余临钱庐仑镇盐乡吴浔长诸义兰乌游黄岩门岭莲缙云庆苏楼郑岳汉厦济历庄陕壮园绿晖银陈张叶杨刘谢赵孙罗许韩冯' +
  '邓于蒋吕卢钟谭陆范贾邹贺顾龚万严项应伟静强军艳杰涛刚国辉晓峰红颖凯鹏泽轩远荣贵单饼干枣窝冻蛳礼鲜条肠挂纯装鱼酱鸭猪进麦榄软胶辅参饮压灵发补婴儿护蓝机电宝个热壶饭气锅线块话扫动绒运双' +
  '丝裤带积遥辆枪恒联达润丰诚优汇选购邻里猫烟连锁药妆馆数码饰专卖厅烧档会训艺术销务农贸维营舰产闲养肤类监几这买给过现经霉虫后显变质时称两对状盖拧图样来还层怀医说离页没写颜么问疗点传晕' +
  '恶货坏脸痒挤键关烫厉竖边声别断缩链钻轮题员态换处结让厂检测觉骗实办诉种负责无费间烦尽复请帮协调们决赔并额课节练报师构诺际蝇账价泻订乱约柜鉴据权诈偿规标签听况虚领导够视继续响见爷从揽' +
  '脏厨卫熏渍杀横摊准却凭盘与贩占摆尘饺执证贴验隐观组织讲鸡钢险顿冲驶异挡确认总仪灯统频启顶内湿计渗缘级旧群网彻瞒贷胆宽画为损预闭资笔俭攒当劝随呕诊绞误担腾纪缓驰锐讯极语编围举违该属喷' +
  '则仅剂递减钠书罚详询绝铺词册备录识适龄钾柠赛氢惩审纠纷恳奖励暂将沟记愿畅转络纸邮针议讼错终较';
const TRAD_TO =
  '職業號寧興紹華麗馬車學飛蟬錦繡湯橋濱東劃龍甌廣場設環勝體風開區灣頭縣陽蒼順樂蕭餘臨錢廬侖鎮鹽鄉吳潯長諸義蘭烏遊黃巖門嶺蓮縉雲慶蘇樓鄭嶽漢廈濟歷莊陝壯園綠暉銀陳張葉楊劉謝趙孫羅許韓馮' +
  '鄧於蔣呂盧鍾譚陸範賈鄒賀顧龔萬嚴項應偉靜強軍豔傑濤剛國輝曉峯紅穎凱鵬澤軒遠榮貴單餅幹棗窩凍螄禮鮮條腸掛純裝魚醬鴨豬進麥欖軟膠輔參飲壓靈發補嬰兒護藍機電寶個熱壺飯氣鍋線塊話掃動絨運雙' +
  '絲褲帶積遙輛槍恆聯達潤豐誠優匯選購鄰裏貓煙連鎖藥妝館數碼飾專賣廳燒檔會訓藝術銷務農貿維營艦產閒養膚類監幾這買給過現經黴蟲後顯變質時稱兩對狀蓋擰圖樣來還層懷醫説離頁沒寫顏麼問療點傳暈' +
  '惡貨壞臉癢擠鍵關燙厲豎邊聲別斷縮鏈鑽輪題員態換處結讓廠檢測覺騙實辦訴種負責無費間煩盡復請幫協調們決賠並額課節練報師構諾際蠅賬價瀉訂亂約櫃鑑據權詐償規標籤聽況虛領導夠視繼續響見爺從攬' +
  '髒廚衞燻漬殺橫攤準卻憑盤與販佔擺塵餃執證貼驗隱觀組織講雞鋼險頓衝駛異擋確認總儀燈統頻啓頂內濕計滲緣級舊羣網徹瞞貸膽寬畫為損預閉資筆儉攢當勸隨嘔診絞誤擔騰紀緩馳鋭訊極語編圍舉違該屬噴' +
  '則僅劑遞減鈉書罰詳詢絕鋪詞冊備錄識適齡鉀檸賽氫懲審糾紛懇獎勵暫將溝記願暢轉絡紙郵針議訟錯終較';
const TRAD_CHARS = new Map<string, string>([...TRAD_FROM].map((c, i) => [c, [...TRAD_TO][i]]));
// Every character in the table is in the BMP, so a plain (non-unicode) class matches them.
const TRAD_CHAR = new RegExp(`[${TRAD_FROM}]`, 'g');
const toTraditionalChar = (ch: string): string => TRAD_CHARS.get(ch)!;

function traditional(text: string): string {
  // split() with a capturing group alternates plain stretches and phrases, so a converted phrase
  // is never run through the character table again.
  const parts = text.split(TRAD_PHRASE);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    out += i % 2 ? TRAD_PHRASES.get(parts[i])! : parts[i].replace(TRAD_CHAR, toTraditionalChar);
  }
  return out;
}

const REL_DAYS = ['前几天', '上周', '昨天', '上个月', '前天', '月初', '这个月中旬', '上周末'];
const qtyText = (qty: number, unit: string): string => (qty === 1 ? '一' + unit : `${qty}${unit}`);
const via = (m: Merchant): string => (m.platform ? `${PLATFORM_NAME[m.platform]}上的` : '');

// ─── Text: ordinary consumers ─────────────────────────────────────────────────────────────────

interface OrdinaryCtx {
  date: string;
  rel: string;
  m: string;
  via: string;
  p: string;
  q: string;
  amt: string;
  n: number;
}

type Fill<C> = (c: C) => string;

const ORD_INTROS: readonly Fill<OrdinaryCtx>[] = [
  (c) => `${c.date}在${c.via}${c.m}买了${c.q}${c.p}`,
  (c) => `我${c.rel}在${c.via}${c.m}购买的${c.p}`,
  (c) => `本人于${c.date}在${c.via}${c.m}购买${c.p}，共${c.amt}元`,
  (c) => `${c.date}我在${c.via}${c.m}下单了${c.p}，付了${c.amt}元`,
  (c) => `在${c.via}${c.m}买的${c.p}`,
  (c) => `我${c.rel}在${c.via}${c.m}花${c.amt}元买了${c.q}${c.p}`,
  (c) => `${c.rel}给家里买了${c.p}，是在${c.via}${c.m}买的`,
  (c) => `${c.date}，我在${c.via}${c.m}买了${c.p}（${c.amt}元）`,
  (c) => `你好，我${c.rel}在${c.via}${c.m}买过${c.q}${c.p}`,
];

interface Problem {
  text: string;
  harm?: boolean;
  /** Product names the problem makes sense for (default: every product of the category). */
  only?: RegExp;
  not?: RegExp;
}

const DRINK = /水|奶|茶|酒|汁|咖啡/;

const PROBLEMS: Record<Category, readonly Problem[]> = {
  food: [
    { text: '拆开包装发现已经发霉了', not: DRINK }, { text: '回家打开发现里面有一根头发', not: DRINK },
    { text: '吃到一半发现里面有虫子', not: DRINK }, { text: '打开后有股很重的哈喇味，明显变质了', not: DRINK },
    { text: '包装袋是漏气的，东西全都受潮了', not: DRINK }, { text: '吃的时候咬到一块硬塑料片', not: DRINK },
    { text: '看了一下生产日期，已经过期好几天了' }, { text: '回家称了一下，分量明显不足', not: DRINK },
    { text: '孩子吃了以后肚子疼，拉了一晚上肚子', harm: true, not: DRINK },
    { text: '孩子喝了以后肚子疼，吐了两次', harm: true, only: DRINK },
    { text: '喝了一口发现味道不对，里面有絮状物', only: DRINK }, { text: '瓶盖一拧就漏，里面的东西已经变味了', only: DRINK },
    { text: '里面的东西都碎成渣了，跟图片完全不一样', only: /饼|糕|干|脆|片/ },
    { text: '吃起来一股怪味，包装里还有一层白毛', not: DRINK },
  ],
  imported: [
    { text: '打开发现饼干已经受潮变软了', only: /饼|曲奇|威化/ },
    { text: '瓶口的封膜是破的，怀疑被打开过', only: /奶粉|橄榄油|果汁|椰子水|红酒/ },
    { text: '吃了以后全身起红疹，去医院说是过敏', harm: true }, { text: '收到的时候离过期只剩一周，页面上根本没写' },
    { text: '里面有一股霉味，颜色也不对' }, { text: '包装上全是外文，看不懂怎么吃，问客服也说不清' },
  ],
  health: [
    { text: '吃了一个疗程一点效果都没有，跟宣传的完全不一样' }, { text: '吃了以后头晕恶心，去医院看了', harm: true },
    { text: '收到的货比宣传的分量少了很多' }, { text: '胶囊都粘在一起了，有股怪味', only: /胶囊/ },
    { text: '包装盒是压坏的，里面的东西撒了一半' }, { text: '外包装上的批号和里面的不一样' },
  ],
  cosmetics: [
    { text: '用了两天脸上就开始过敏发红', harm: true, not: /洗发|染发/ }, { text: '用了以后头皮又红又痒', harm: true, only: /洗发|染发/ },
    { text: '打开发现是用过的，封口已经破了' }, { text: '味道很刺鼻，和之前买的完全不一样' },
    { text: '挤出来的膏体已经分层了', only: /霜|膏|凝胶/ },
  ],
  electronics: [
    { text: '用了不到一个月就坏了，完全没法用' }, { text: '按键失灵，怎么按都没反应' },
    { text: '开机没几分钟就自动关机', only: /手表|机器人/ },
    { text: '充电的时候烫得厉害，还有一股焦味', only: /充电宝|耳机|手表|牙刷|机器人/ },
    { text: '底部漏水，根本没法用', only: /壶|电饭煲/ }, { text: '屏幕上出现了一条竖线', only: /手表/ },
    { text: '右边耳机没有声音', only: /耳机/ },
    { text: '收到就是坏的，插上电没有任何反应', only: /壶|电饭煲|吹风机|炸锅|插线板|电暖器/ },
    { text: '用了三次就烧坏了，差点着火', only: /壶|吹风机|炸锅|插线板|电暖器/ },
    { text: '噪音特别大，跟宣传的静音完全不一样', only: /机器人|吹风机|电暖器|炸锅/ },
  ],
  clothing: [
    { text: '穿了一次鞋底就开胶了', only: /鞋/ }, { text: '穿了没几天鞋跟就断了', only: /皮鞋/ },
    { text: '洗了一次就严重缩水，还起球', not: /鞋|皮带/ }, { text: '掉色很厉害，把别的衣服都染了', not: /鞋|皮带/ },
    { text: '拉链第二天就坏了', only: /外套|羽绒|牛仔/ }, { text: '一直往外钻毛，穿一次身上全是毛', only: /羽绒/ },
    { text: '尺码和吊牌上写的差了两个码', not: /皮带/ }, { text: '皮带扣第二天就断了', only: /皮带/ },
    { text: '皮面一折就裂开了', only: /皮带|皮鞋/ }, { text: '穿上以后身上发痒起疹子', harm: true, not: /鞋|皮带/ },
  ],
  toys: [
    { text: '玩了一天轮子就掉了', only: /车/ }, { text: '边上全是毛刺，孩子手被划破了', harm: true },
    { text: '电池盖拧不上，螺丝是滑丝的', only: /遥控车|水枪/ }, { text: '味道特别大，不敢给孩子玩' },
    { text: '磁力太弱，根本吸不住', only: /磁力片/ }, { text: '里面的零件很小，包装上没有任何警示' },
  ],
};

const problemsFor = new Map<string, Problem[]>();

function problemFor(rng: Rng, product: Product): Problem {
  let fits = problemsFor.get(product.name);
  if (!fits) {
    fits = PROBLEMS[product.cat].filter((p) => (!p.only || p.only.test(product.name)) && !p.not?.test(product.name));
    problemsFor.set(product.name, fits);
  }
  return rng.pick(fits);
}

const RESPONSES = [
  '联系商家，商家说不是质量问题不给退', '找客服，客服一直推脱', '打了好几次电话都没人接', '店员态度很差，说售出概不退换',
  '商家只同意换货，不同意退款', '到现在还没有任何处理结果', '跟老板说了，老板说不关他的事', '平台介入后商家还是不处理',
  '商家答应退款，但是一直拖着', '售后让我等通知，之后就没有下文了', '商家让我自己去找厂家', '商家说要寄回去检测，寄回去半个月了没消息',
  '商家把我拉黑了', '店里说只能修不能退',
];
const FEELINGS = [
  '太气人了', '感觉被骗了', '实在没办法才来投诉', '希望有关部门管一管', '这种商家太不负责任了', '真的很无奈', '浪费了我很多时间',
  '我觉得这是欺骗消费者',
];
const CLOSINGS = ['谢谢。', '麻烦尽快处理，谢谢！', '盼复。', '', '请帮忙协调一下。', '', '谢谢你们！', '希望能尽快解决。'];

const ORD_DEMANDS: readonly Fill<OrdinaryCtx>[] = [
  () => '要求退货退款', (c) => `希望商家退还${c.amt}元`, () => '要求换一个新的', () => '要求商家赔礼道歉并退款',
  () => '要求全额退款', () => '希望商家给个说法', () => '要求免费维修或者退货', (c) => `要求退还货款${c.amt}元`,
];

const HOTLINE_HEADS = ['来电人反映：', '市民来电反映，', '来电人称：', '市民反映：'];

const PREPAID_TEXTS: Record<'hair_salon' | 'gym' | 'training', readonly Fill<OrdinaryCtx>[]> = {
  hair_salon: [
    (c) => `我在${c.m}办了一张${c.amt}元的会员卡，还剩${c.n}元没用完，现在店突然关门了`,
    (c) => `去年在${c.m}充值了${c.amt}元，现在店里说换了老板，以前的卡不能用了，卡里还有${c.n}元`,
    (c) => `${c.rel}去${c.m}理发，店员一直推销办卡，办了${c.amt}元的卡以后服务态度完全变了，想退卡不给退`,
  ],
  gym: [
    (c) => `在${c.m}买的私教课还剩不少节，教练离职了，店里不给退也不安排别的教练，剩下的课值${c.n}元`,
    (c) => `${c.rel}在${c.m}办了${c.amt}元的年卡，现在健身房说要装修停业三个月，不给退费`,
  ],
  training: [
    (c) => `给孩子在${c.m}报了${c.amt}元的课，上了几次老师就换了好几个，要求退剩下的${c.n}元不给退`,
    (c) => `${c.rel}在${c.m}交了${c.amt}元学费，机构承诺的小班教学实际是三十多人的大班`,
  ],
};
const RESTAURANT_TEXTS: readonly (readonly [Fill<OrdinaryCtx>, boolean])[] = [
  [(c) => `${c.date}在${c.m}吃饭，菜里吃出一只苍蝇`, false],
  [(c) => `${c.rel}在${c.m}吃饭，结账时发现收了${c.n}元的餐位费，事先没有告知`, false],
  [(c) => `在${c.m}点的菜，菜单上写的价格和结账的价格不一样，多收了${c.n}元`, false],
  [(c) => `${c.date}晚上在${c.m}吃完饭，回家后上吐下泻，去医院花了${c.n}元`, true],
  [(c) => `${c.rel}在${c.m}吃饭，鱼是不新鲜的，有臭味，跟服务员说了也不给换`, false],
  [(c) => `在${c.m}订的${c.amt}元套餐，实际上的菜少了两个`, false],
];
/** Repair and home-service complaints, matched to what the business does. */
const REPAIR_TEXTS: readonly (readonly [RegExp, Fill<OrdinaryCtx>])[] = [
  [/家电维修/, (c) => `${c.rel}请${c.m}的师傅上门修洗衣机，换了个小零件就收了${c.amt}元，明显乱收费`],
  [/汽车维修/, (c) => `我的车在${c.m}做保养，结账时多了${c.n}元的项目，根本没有做`],
  [/装饰工程/, (c) => `家里装修找的${c.m}，合同约定${c.date}完工，到现在还没做完，工人也不来了`],
  [/开锁/, (c) => `${c.date}叫${c.m}开锁，电话里说50元，到了以后收了${c.amt}元`],
];
const COUNTERFEIT_TEXTS: readonly Fill<OrdinaryCtx>[] = [
  (c) => `${c.date}在${c.via}${c.m}花${c.amt}元买的${c.p}，拿去专柜鉴定说是假货`,
  (c) => `在${c.via}${c.m}买的${c.p}，商家说是正品专柜货，收到后和正品对比明显是仿冒的`,
  (c) => `${c.rel}在${c.via}${c.m}买了${c.p}，商家承诺假一赔三，结果是高仿的`,
];
const COUNTERFEIT_DEMANDS = [
  '根据消费者权益保护法第五十五条，要求退一赔三', '商家存在欺诈，要求退款并三倍赔偿', '要求按消法规定赔偿三倍',
];
const FIRST_TIMER_TEXTS: readonly Fill<OrdinaryCtx>[] = [
  (c) => `我在${c.via}${c.m}买的${c.p}没有中文标签，我查了一下，按照食品安全法第148条，要求商家退款并十倍赔偿`,
  (c) => `${c.date}在${c.m}买的${c.p}，包装上没有生产日期，听说这种情况可以要求十倍赔偿，所以要求商家十倍赔偿`,
  (c) => `在${c.via}${c.m}买了${c.p}，包装上写着“最好的”“第一品牌”，我觉得是虚假宣传，要求十倍赔偿`,
];

/** Foreign residents name what they bought in their own words; the problem fits the kind of goods. */
const EN_GOODS: Record<Category, { item: string; problems: readonly string[] }> = {
  food: { item: 'some snacks', problems: ['The package was already expired when I opened it.', 'There was a hair inside the package.'] },
  imported: { item: 'imported cookies', problems: ['They were already expired.', 'The box was open and the cookies were soft.'] },
  health: { item: 'vitamin supplements', problems: ['The seal was broken.', 'Half of the bottle was missing.'] },
  cosmetics: { item: 'a face cream', problems: ['My skin turned red after one use.', 'The jar had clearly been opened before.'] },
  electronics: { item: 'a small appliance', problems: ['It stopped working after two days.', 'It gets very hot and smells like burning plastic.'] },
  clothing: { item: 'some clothes', problems: ['The zipper broke the first time I used it.', 'The colour ran in the first wash.'] },
  toys: { item: 'a toy for my child', problems: ['A wheel fell off on the first day.', 'It has sharp edges.'] },
};
const EN_RESPONSES = ['refuses to give me a refund', 'says it is not their problem', 'does not answer my calls', 'only offers store credit', 'asked me to contact the factory myself'];
const EN_DEMANDS = ['I would like a full refund.', 'Please help me get my money back.', 'I request a replacement or a refund.', 'Please ask the shop to take it back.'];

interface Composed {
  text: string;
  harm: boolean;
  traits: string[];
}

function ordinaryCtx(rng: Rng, deal: Deal, n: number): OrdinaryCtx {
  return {
    date: textDate(deal.purchaseAt, rng),
    rel: rng.pick(REL_DAYS),
    m: deal.merchant.name,
    via: via(deal.merchant),
    p: deal.product.name,
    q: qtyText(deal.qty, deal.product.unit),
    amt: amountText(deal.amount),
    n,
  };
}

/** For services there is no product line, only the shop, a sum and the day it happened. */
function serviceCtx(rng: Rng, m: Merchant, amount: number, n: number, when: number): OrdinaryCtx {
  return { date: textDate(when, rng), rel: rng.pick(REL_DAYS), m: m.name, via: '', p: '', q: '', amt: amountText(amount), n };
}

/** A consumer writing about their own purchase in their own words. */
function ordinaryGoodsText(rng: Rng, deal: Deal, hotline: boolean): Composed {
  const c = ordinaryCtx(rng, deal, 0);
  const { text: problem, harm = false } = problemFor(rng, deal.product);
  const response = rng.pick(RESPONSES);
  const demand = harm && rng.chance(0.6) ? `要求赔偿医药费${rng.between(2, 30) * 50}元` : rng.pick(ORD_DEMANDS)(c);
  if (hotline) {
    // Hotline records are the operator's summary, in the third person.
    const intro = `其于${c.date}在${c.via}${c.m}购买了${c.p}`;
    return {
      text: `${rng.pick(HOTLINE_HEADS)}${intro}，${problem}，${response.replaceAll('我', '其')}。来电人${demand}，请相关部门核实处理。`,
      harm, traits: harm ? ['harm'] : [],
    };
  }
  let text = `${rng.pick(ORD_INTROS)(c)}，${problem}。${response}。`;
  if (rng.chance(0.4)) text += `${rng.pick(FEELINGS)}，`;
  text += `${demand}。${rng.pick(CLOSINGS)}`;
  return { text, harm, traits: harm ? ['harm'] : [] };
}

function englishText(rng: Rng, deal: Deal): Composed {
  const goods = EN_GOODS[deal.product.cat];
  const text =
    `I bought ${goods.item} (${deal.product.name}) at ${deal.merchant.name} on ${englishDate(deal.purchaseAt)} for ${amountText(deal.amount)} yuan. ` +
    `${rng.pick(goods.problems)} The shop ${rng.pick(EN_RESPONSES)}. ${rng.pick(EN_DEMANDS)}`;
  return { text, harm: false, traits: ['english'] };
}

// ─── Text: heavy but genuine civic complainants ──────────────────────────────────────────────

/** The habitual phrasing one citizen uses in everything they write. */
interface Voice {
  opener: string;
  closer: string;
  tic: string;
  bang: string;
  signature: string;
}

const VOICE_OPENERS = [
  '领导您好！', '市场监管局的同志你们好，', '你好，我要反映一个问题。', '尊敬的领导：', '我是附近居民，', '本人是附近小区业主，',
  '又来麻烦你们了。', '您好！', '我再反映一下，', '', '各位领导辛苦了。',
];
const VOICE_CLOSERS = [
  '望尽快处理，谢谢！', '请有关部门尽快查处！', '希望能够重视，给老百姓一个交代。', '盼复，谢谢。', '请处理后回电告知结果。',
  '请落实到位，不要走过场。', '谢谢你们的辛苦工作。', '我会继续关注的。', '请尽快派人来看看。',
];
const VOICE_TICS = [
  '已经不是第一次了', '多次反映都没有解决', '严重影响周边居民生活', '老百姓意见很大', '这个问题存在很久了', '大家都敢怒不敢言',
  '希望一查到底', '说实话我也不想天天打电话',
];

function makeVoice(rng: Rng, person: Person): Voice {
  return {
    opener: rng.pick(VOICE_OPENERS),
    closer: rng.pick(VOICE_CLOSERS),
    tic: rng.pick(VOICE_TICS),
    bang: rng.pick(['！', '。', '！！', '!!!', '。。。']),
    signature: rng.chance(0.3) ? `——${person.name[0]}${rng.pick(['先生', '女士', '大爷', '阿姨'])}` : '',
  };
}

interface CivicCtx {
  m: string;
  street: string;
  street2: string;
  n: number;
  h: number;
  a: number;
  b: number;
  date: string;
}

type CivicTopic = {
  kinds: readonly MerchantKind[] | 'stall' | 'unlicensed';
  texts: readonly Fill<CivicCtx>[];
  trait: string;
};

const CIVIC: readonly CivicTopic[] = [
  {
    trait: 'civic:noise',
    kinds: ['clothing_store', 'electronics_store', 'cosmetics_store', 'grocery'],
    texts: [
      (c) => `${c.m}门口的音箱每天从早上${c.h}点放到晚上${c.h + 12}点，循环播放促销广告，声音特别大`,
      (c) => `${c.m}用高音喇叭招揽生意，吵得人根本没法休息`,
      (c) => `${c.street}上的${c.m}天天在门口放音乐搞促销，家里老人心脏不好受不了`,
    ],
  },
  {
    trait: 'civic:hygiene',
    kinds: ['restaurant'],
    texts: [
      (c) => `${c.m}后厨卫生状况很差，地上全是油污，厨师不戴帽子口罩`,
      (c) => `在${c.m}吃饭时看到有老鼠从后厨跑出来`,
      (c) => `${c.m}把泔水直接倒在门口的下水道里，臭气熏天`,
      (c) => `${c.m}的餐具根本没有消毒，碗上还有上一桌的油渍`,
      (c) => `${c.m}的员工在门口的人行道上洗菜杀鱼，污水横流`,
    ],
  },
  {
    trait: 'civic:overcharge',
    kinds: ['market'],
    texts: [
      (c) => `${c.m}${c.n}号摊位卖菜缺斤短两，买了两斤排骨回家一称只有一斤${(c.h % 9) + 1}两`,
      (c) => `${c.m}里好几个摊位的电子秤有问题，每斤要少好几两`,
    ],
  },
  {
    trait: 'civic:overcharge',
    kinds: ['parking'],
    texts: [
      (c) => `${c.m}管理的停车场没有公示收费标准，停了一个小时收了${c.a}元`,
      (c) => `${c.m}管理的停车场超标准收费，临时停车半小时就收${c.a}元，也不开发票`,
    ],
  },
  {
    trait: 'civic:overcharge',
    kinds: ['supermarket', 'grocery'],
    texts: [
      (c) => `${c.m}价签标价${c.a}元，结账时却按${c.b}元收取，收银员说是价签没换`,
      (c) => `${c.m}的商品很多都没有明码标价，全凭老板一张嘴`,
    ],
  },
  {
    trait: 'civic:overcharge',
    kinds: ['restaurant'],
    texts: [(c) => `${c.m}的菜单上没有标价，结账时一盘青菜收了${c.a}元`],
  },
  {
    trait: 'civic:road_stall',
    kinds: 'stall',
    texts: [
      (c) => `${c.street}与${c.street2}交叉口每天晚上都有流动摊贩占道经营，烧烤油烟很大，把人行道都堵了`,
      (c) => `${c.street}菜场门口的小贩把摊子摆到了马路上，早高峰车辆根本过不去`,
      (c) => `${c.street}${c.n}号门前有人摆摊卖熟食，没有任何防尘措施，苍蝇乱飞`,
      (c) => `${c.street}人行道上每天傍晚都有三轮车卖水果，占道经营还乱扔垃圾`,
    ],
  },
  {
    trait: 'civic:expired',
    kinds: ['grocery', 'supermarket'],
    texts: [
      (c) => `${c.m}货架上还在卖过期的酸奶和面包，生产日期是${c.date}`,
      (c) => `${c.m}的冷柜里有好几包已经过期的速冻水饺，还在正常销售`,
      (c) => `今天在${c.m}看到有过期的牛奶在打折销售`,
    ],
  },
  {
    trait: 'civic:unlicensed',
    kinds: 'unlicensed',
    texts: [
      (c) => `${c.street}${c.n}号新开了一家小吃店，没有挂营业执照和食品经营许可证`,
      (c) => `${c.street}${c.n}号的早餐店一直无证经营，卫生条件也很差`,
    ],
  },
  {
    trait: 'civic:elevator',
    kinds: ['mall'],
    texts: [
      (c) => `${c.m}的自动扶梯经常突然停止，也没有张贴检验合格标志，存在安全隐患`,
      (c) => `${c.m}的观光电梯上周困人了，到现在还在运行，没有看到检修`,
    ],
  },
  {
    trait: 'civic:false_ads',
    kinds: ['pharmacy'],
    texts: [
      (c) => `${c.m}在小区门口发传单，宣称他们的保健品能治好糖尿病，专门骗老年人`,
      (c) => `${c.m}天天组织老年人听讲座，送鸡蛋，然后推销几千元一盒的保健品`,
    ],
  },
  {
    trait: 'civic:gas',
    kinds: ['restaurant'],
    texts: [
      (c) => `${c.m}使用的液化气钢瓶没有检验标志，还堆放在后门过道里`,
      (c) => `${c.m}后厨有好几个液化气瓶，旁边就是油锅，很危险`,
    ],
  },
];
const CIVIC_REQUESTS = ['请相关部门上门检查', '请执法人员晚上来看看', '请依法查处', '请市场监管部门管一管', '请尽快整治', '希望加强巡查'];
const CIVIC_WHEN = ['今天路过又看到了。', '昨天晚上又是这样。', '', '', '这周已经连续好几天了。', '今天早上又碰到了。', ''];

// ─── Text: collective waves ───────────────────────────────────────────────────────────────────

type WaveKind = 'car' | 'phone' | 'closure' | 'poisoning';

interface WaveCtx {
  date: string;
  ym: string;
  m: string;
  model: string;
  amt: string;
  n: number;
  k: number;
  rest: number;
  fee: number;
  km: number;
  vin: string;
  course: string;
  closeDate: string;
}

interface WaveScript {
  intros: readonly Fill<WaveCtx>[];
  /** Per defect, the ways different people describe it. */
  defects: readonly (readonly Fill<WaveCtx>[])[];
  histories: readonly Fill<WaveCtx>[];
  collective: readonly string[];
  demands: readonly (readonly [Fill<WaveCtx>, '10x' | '3x' | null])[];
  /** What individual writers add about their own situation. */
  personal: readonly string[];
  harm: boolean;
}

const WAVES: Record<WaveKind, WaveScript> = {
  car: {
    intros: [
      (c) => `我于${c.date}在${c.m}购买了一辆${c.model}`,
      (c) => `本人是${c.model}车主，${c.ym}在${c.m}提的车`,
      (c) => `${c.date}在${c.m}买的${c.model}，车架号${c.vin}`,
      (c) => `我家${c.ym}在${c.m}花了${c.amt}元买了一辆${c.model}`,
      (c) => `${c.ym}从${c.m}购买${c.model}一辆，落地价${c.amt}元`,
    ],
    defects: [
      [(c) => `开了不到${c.km}公里变速箱就开始顿挫，起步时车身一冲一冲的`, () => '低速行驶时变速箱顿挫严重，还有明显异响', () => '从二挡升三挡的时候顿挫特别明显，坐车的人都头晕'],
      [() => '发动机烧机油，每开一千公里就要补一升机油', () => '保养时发现机油消耗异常，4S店检测后确认是烧机油', () => '机油总是不够，仪表盘上机油报警灯经常亮'],
      [() => '中控大屏经常黑屏死机，倒车影像也用不了', () => '车机系统频繁重启，导航用到一半就卡死', () => '开着开着中控屏突然黑掉，只能熄火重启才能恢复'],
      [() => '下雨天天窗漏水，车顶内饰和座椅全湿了', () => '天窗排水设计有问题，一下雨就往车里渗水', () => '洗车后发现天窗边缘一直往里滴水'],
    ],
    histories: [
      (c) => `去4S店检修了${c.n}次都没有解决`, () => '4S店说是正常现象，不给处理', () => '厂家一直说在研究解决方案，到现在没有结果',
      () => '升级了两次系统问题依旧', (c) => `前后跑了${c.n}趟4S店，每次都说修好了，开两天又出现`,
    ],
    collective: ['车友群里很多车主都遇到同样的问题', '这显然是批量性的质量问题', '网上搜了一下，同款车很多人投诉', '', ''],
    demands: [
      [() => '要求厂家召回并彻底解决', null], [() => '要求免费更换相关总成并延长质保', null], [() => '要求退车退款', null],
      [() => '希望监管部门督促厂家给个说法', null], [() => '4S店隐瞒车辆缺陷，要求按消法退一赔三', '3x'],
    ],
    personal: ['这辆车是家里唯一的车，每天要接送孩子', '我平时跑网约车，车一坏就没有收入', '车还在贷款，每个月要还三千多', '家里老人现在都不敢坐这辆车了', '现在每次开车都提心吊胆'],
    harm: false,
  },
  phone: {
    intros: [
      (c) => `我在${c.date}在${c.m}买了一台${c.model}手机，价格${c.amt}元`,
      (c) => `本人${c.ym}购买的${c.model}`,
      (c) => `${c.date}在${c.m}购入${c.model}一部`,
      (c) => `${c.ym}在${c.m}给家人买了${c.model}`,
    ],
    defects: [
      [() => '屏幕出现一条绿线，越来越宽', (c) => `用了${c.k}个月屏幕就出现了绿线`, () => '没有摔过碰过，屏幕突然出现竖向绿线'],
      [() => '手机反复自动重启，有时候一天重启十几次', () => '主板故障，经常卡在开机画面', () => '用着用着就自动关机重启'],
      [() => '电池鼓包把后盖都顶起来了', () => '充电时手机发烫，电池明显鼓起来了', () => '电池续航突然变得很差，后来发现鼓包了'],
    ],
    histories: [
      (c) => `送到官方售后，说是人为损坏，要收${c.fee}元维修费`, () => '售后说过了保修期，只能自费维修',
      (c) => `售后检测后说要换配件，费用${c.fee}元`, () => '售后一直让我等配件，等了一个月也没消息',
    ],
    collective: ['网上很多同型号的用户都有这个问题', '身边用这款手机的朋友也出现了同样情况', '这是设计缺陷，不是个例', ''],
    demands: [
      [() => '要求免费维修', null], [() => '要求厂家承认质量问题并免费维修', null], [() => '要求退货退款', null],
      [() => '要求厂家延长保修', null],
    ],
    personal: ['手机是给家里老人用的', '工作全靠这个手机联系客户', '买了还不到一年', '孩子上网课要用'],
    harm: false,
  },
  closure: {
    intros: [
      (c) => `我在${c.date}给孩子在${c.m}报了${c.course}课，交了${c.amt}元`,
      (c) => `${c.ym}在${c.m}办了${c.amt}元的会员卡`,
      (c) => `本人在${c.m}预付了${c.amt}元学费，共${c.n}节${c.course}课`,
      (c) => `孩子在${c.m}学${c.course}，${c.date}续费了${c.amt}元`,
    ],
    defects: [
      [
        (c) => `${c.closeDate}机构突然闭店，老师和负责人都联系不上`,
        (c) => `${c.closeDate}去上课时发现门已经锁了，门口贴了停业通知`,
        () => '现在机构已经人去楼空，家长群也解散了',
        () => '负责人说资金链断了，让我们等通知，之后就再也联系不上了',
      ],
    ],
    histories: [(c) => `还剩${c.k}节课没上`, (c) => `卡里还有${c.rest}元没用`, (c) => `剩余课时费大约${c.rest}元`, (c) => `只上了${c.n - c.k}节课`],
    collective: ['和我一样情况的家长有上百人', '受害的学员很多', '大家都在群里着急', ''],
    demands: [
      [(c) => `要求退还剩余费用${c.rest}元`, null], [() => '希望政府部门帮忙追回预付款', null],
      [() => '要求机构退费，并追究负责人的责任', null],
    ],
    personal: ['孩子一直吵着要去上课', '这笔钱是我们省吃俭用攒下来的', '当初是销售一直劝我们续费才交的钱', '办卡时机构说可以随时退'],
    harm: false,
  },
  poisoning: {
    intros: [
      (c) => `${c.date}我们一家在${c.m}吃饭`, (c) => `${c.date}参加朋友婚宴，地点在${c.m}`,
      (c) => `${c.date}公司在${c.m}聚餐`, (c) => `${c.date}晚上在${c.m}点了外卖`,
    ],
    defects: [
      [() => '回家后当晚就开始呕吐腹泻', () => '吃完几个小时后全家人上吐下泻，到医院诊断为急性肠胃炎', () => '半夜开始发烧、肚子绞痛，去医院挂了急诊'],
    ],
    histories: [(c) => `花了医药费${c.fee}元`, (c) => `住院${c.k}天`, (c) => `请了${c.k}天假没去上班`],
    collective: ['同桌的人大多也出现了同样症状', '听说当天在那里吃饭的很多人都病了', ''],
    demands: [
      [() => '要求饭店赔偿医药费和误工费', null], [() => '要求商家承担全部医疗费用并道歉', null], [() => '要求依法赔偿', null],
      [() => '根据食品安全法，要求饭店赔偿损失并支付十倍餐费的赔偿金', '10x'],
    ],
    personal: ['孩子还小，折腾了一晚上', '家里老人年纪大了，到现在还没缓过来', '第二天还要上班，只能请假'],
    harm: true,
  },
};

const CAR_MODELS = ['凌越S6', '驰锐X7', '途越ES', '锐腾GT', '云图L5'];
const PHONE_MODELS = ['讯锐Note 12', '星耀X30', '灵犀P8 Pro', '极光Mate 5', '青禾C9'];
const COURSES = ['英语', '美术', '编程', '舞蹈', '游泳', '钢琴', '围棋', '跆拳道'];

// ─── Text: professional claimants and rings ───────────────────────────────────────────────────

interface UseCtx {
  date: string;
  m: string;
  shopNote: string;
  platform: string;
  p: string;
  q: string;
  price: string;
  amt: string;
  claim: string;
  total: string;
  orderNote: string;
  name: string;
  /** The statutory floor (¥1,000 / ¥500) exceeds the multiple of the price. */
  floor: boolean;
  oldDate: string;
  n: number;
  ingredient: string;
  listPrice: string;
}

type Punitive = '10x' | '3x';

interface Allegation {
  code: string;
  cats: readonly Category[];
  labelOnly: boolean;
  punitive: Punitive;
  /** What a report cites for this violation. */
  statute: string;
  findings: readonly Fill<UseCtx>[];
}

const ALLEGATIONS: readonly Allegation[] = [
  {
    code: 'label_sc', cats: ['food'], labelOnly: true, punitive: '10x',
    statute: '被举报人销售标签不符合规定的预包装食品，违反了《中华人民共和国食品安全法》第六十七条的规定。',
    findings: [
      (c) => `收货后发现，该${c.p}外包装上未标注食品生产许可证编号，不符合食品安全国家标准的规定。`,
      (c) => `经查看，涉案${c.p}的标签上没有标示SC生产许可证编号，属于标签不合格的预包装食品。`,
      () => '该产品包装上找不到生产许可证编号，无法确认是否为合法生产的食品。',
    ],
  },
  {
    code: 'label_date', cats: ['food'], labelOnly: true, punitive: '10x',
    statute: '涉案食品标签未清晰标示生产日期，违反了《中华人民共和国食品安全法》第六十七条、第七十一条的规定。',
    findings: [
      (c) => `该${c.p}包装上的生产日期是用不干胶后贴上去的，与外包装喷码不一致。`,
      () => '涉案商品未在标签上清晰标示生产日期和保质期，违反《预包装食品标签通则》（GB 7718-2011）的规定。',
      (c) => `收到的${c.p}生产日期模糊不清，保质期标注为“见包装”，但包装上并没有标注。`,
    ],
  },
  {
    code: 'label_ingredients', cats: ['food', 'imported'], labelOnly: true, punitive: '10x',
    statute: '配料表标示不规范，违反了《中华人民共和国食品安全法》第六十七条及GB 7718-2011的规定。',
    findings: [
      (c) => `该${c.p}配料表中的“${c.ingredient}”仅标注为“防腐剂”，未按规定标示食品添加剂的具体名称。`,
      () => '经核对，涉案商品配料表未按照加入量递减顺序排列，不符合GB 7718-2011第4.1.3条的要求。',
      (c) => `${c.p}的配料表中使用了“${c.ingredient}”，但标签上没有如实标注。`,
    ],
  },
  {
    code: 'label_nutrition', cats: ['food'], labelOnly: true, punitive: '10x',
    statute: '营养标签不规范，违反了《中华人民共和国食品安全法》第六十七条及GB 28050-2011的规定。',
    findings: [
      (c) => `该${c.p}营养成分表中能量数值与蛋白质、脂肪、碳水化合物的折算结果不符，违反GB 28050-2011。`,
      () => '涉案商品的营养成分表未标示钠含量及其占营养素参考值的百分比。',
      () => '该产品营养标签上“0反式脂肪酸”的声称没有任何依据。',
    ],
  },
  {
    code: 'imported_no_cn_label', cats: ['imported'], labelOnly: true, punitive: '10x',
    statute: '进口预包装食品没有中文标签的不得进口和销售，被举报人违反了《中华人民共和国食品安全法》第九十七条。',
    findings: [
      (c) => `该${c.p}为进口预包装食品，但外包装上没有任何中文标签，违反《食品安全法》第九十七条的规定。`,
      (c) => `收到货后发现这款${c.p}无中文标签、无中文说明书，无法得知原产地及国内代理商信息。`,
      () => '涉案商品系进口食品，未加贴中文标签，依法不得销售。',
    ],
  },
  {
    code: 'expired', cats: ['food', 'imported'], labelOnly: false, punitive: '10x',
    statute: '经营超过保质期的食品，违反了《中华人民共和国食品安全法》第三十四条第十项，应依照第一百二十四条予以处罚。',
    findings: [
      (c) => `到手后发现该${c.p}已超过保质期，生产日期为${c.oldDate}，保质期${c.n}个月。`,
      (c) => `商家销售的${c.p}已经过期，生产日期是${c.oldDate}。`,
      (c) => `收到的商品保质期至${c.oldDate}，购买时已经过期。`,
    ],
  },
  {
    code: 'health_claim', cats: ['food', 'health'], labelOnly: false, punitive: '10x',
    statute: '普通食品不得宣称疾病预防、治疗功能，被举报人违反了《中华人民共和国食品安全法》第七十一条、第七十三条。',
    findings: [
      (c) => `商家在商品详情页宣称该${c.p}能够“降血糖、降血压、治疗失眠”，普通食品宣称具有疾病治疗功能。`,
      (c) => `该${c.p}外包装印有“根治三高”“抗癌”等字样，属于虚假宣传。`,
      () => '商家宣传该产品“服用一周可以停药”，涉嫌以欺诈手段销售。',
    ],
  },
  {
    code: 'no_blue_hat', cats: ['health'], labelOnly: false, punitive: '10x',
    statute: '被举报人违反了《中华人民共和国食品安全法》第七十八条关于保健食品标签、说明书的规定。',
    findings: [
      (c) => `该${c.p}宣称具有“增强免疫力”的保健功能，但包装上没有保健食品标志和批准文号。`,
      (c) => `经在国家市场监督管理总局网站查询，${c.p}的保健食品批准文号不存在。`,
    ],
  },
  {
    code: 'ad_absolute', cats: ['food', 'health', 'cosmetics', 'electronics', 'clothing'], labelOnly: true, punitive: '3x',
    statute: '上述行为违反了《中华人民共和国广告法》第九条第三项的规定，依据该法第五十七条应予处罚。',
    findings: [
      () => '商家在商品页面使用了“最好”“第一”“国家级”等绝对化用语，违反《广告法》第九条第三项的规定。',
      (c) => `该店铺宣传${c.p}为“全网销量第一”“最佳品质”，属于广告极限词。`,
      () => '商品详情页写有“顶级”“最高级”“史上最低价”等用语。',
    ],
  },
  {
    code: 'cosmetic_claim', cats: ['cosmetics'], labelOnly: false, punitive: '3x',
    statute: '被举报人违反了《化妆品监督管理条例》第三十七条，化妆品标签禁止标注明示或者暗示具有医疗作用的内容。',
    findings: [
      (c) => `该${c.p}为普通化妆品，却宣称具有“祛斑”“美白”功效，未取得特殊化妆品注册证。`,
      () => '商家宣称该产品“7天去除黄褐斑”，属于虚假宣传。',
    ],
  },
  {
    code: 'label_cosmetics', cats: ['cosmetics'], labelOnly: true, punitive: '3x',
    statute: '被举报人违反了《化妆品监督管理条例》第三十五条关于化妆品中文标签的规定。',
    findings: [
      (c) => `该${c.p}外包装没有中文标签，也查询不到备案信息。`,
      () => '涉案化妆品标签未标注生产企业名称和生产许可证编号。',
    ],
  },
  {
    code: 'no_3c', cats: ['electronics', 'toys'], labelOnly: false, punitive: '3x',
    statute: '被举报人销售未经强制性产品认证的产品，违反了《强制性产品认证管理规定》第二条的规定。',
    findings: [
      (c) => `该${c.p}属于强制性产品认证目录内的产品，但没有CCC认证标志。`,
      (c) => `经在国家认监委网站查询，该${c.p}标注的3C证书编号不存在。`,
    ],
  },
  {
    code: 'fake_material', cats: ['clothing'], labelOnly: false, punitive: '3x',
    statute: '被举报人以次充好，违反了《中华人民共和国产品质量法》第三十九条的规定。',
    findings: [
      (c) => `该${c.p}吊牌标注含绒量90%，但送检结果显示实际含绒量仅为${c.n * 5}%。`,
      () => '商家宣称“头层真皮”，实际为人造革。',
      () => '面料成分标注为“100%羊毛”，经检测羊毛含量不足三成。',
    ],
  },
  {
    code: 'price_fraud', cats: ['electronics', 'clothing'], labelOnly: false, punitive: '3x',
    statute: '被举报人虚构原价，违反了《明码标价和禁止价格欺诈规定》第十九条的规定。',
    findings: [
      (c) => `商家标示原价${c.listPrice}元，现价${c.price}元，但该商品从未以原价销售过，属于虚构原价。`,
      () => '商家在活动前先提高价格再打折，属于价格欺诈。',
    ],
  },
  {
    code: 'toy_label', cats: ['toys'], labelOnly: true, punitive: '3x',
    statute: '产品标识不符合要求，违反了《中华人民共和国产品质量法》第二十七条的规定。',
    findings: [
      (c) => `该${c.p}没有中文警示说明，也未标注适用年龄。`,
      () => '玩具包装上未标注执行标准和生产厂家。',
    ],
  },
];

const ALLEGATIONS_BY_CAT = new Map<Category, Allegation[]>(
  (Object.keys(PRODUCTS) as Category[]).map((cat) => [cat, ALLEGATIONS.filter((a) => a.cats.includes(cat))]),
);

const INGREDIENTS = ['甜蜜素', '山梨酸钾', '苯甲酸钠', '柠檬黄', '日落黄', '安赛蜜', '阿斯巴甜', '脱氢乙酸钠'];

const INTROS_COMPLAINT: readonly Fill<UseCtx>[] = [
  (c) => `本人于${c.date}在${c.m}${c.shopNote}购买了${c.p}${c.q}，支付货款${c.amt}元${c.orderNote}。`,
  (c) => `${c.date}，投诉人通过${c.platform}在被投诉人${c.m}处购买${c.p}共计${c.q}，实付金额${c.amt}元${c.orderNote}。`,
  (c) => `投诉人于${c.date}在被投诉人经营的${c.m}购得${c.p}${c.q}，单价${c.price}元，合计${c.amt}元，有购物凭证为证${c.orderNote}。`,
  (c) => `我在${c.date}从${c.m}买了${c.q}${c.p}，花了${c.amt}元${c.orderNote}。`,
  (c) => `${c.date}本人在${c.m}处购买${c.p}，数量${c.q}，金额${c.amt}元${c.orderNote}。`,
  (c) => `投诉人${c.name}，${c.date}在${c.platform}${c.m}下单购买${c.p}${c.q}（单价${c.price}元），共支付${c.amt}元${c.orderNote}。`,
];
const INTROS_REPORT: readonly Fill<UseCtx>[] = [
  (c) => `举报人于${c.date}在${c.m}购买了${c.p}${c.q}（金额${c.amt}元），发现存在以下违法行为：`,
  (c) => `现实名举报${c.m}销售违法商品。${c.date}，举报人在该店购买${c.p}${c.q}${c.orderNote}。`,
  (c) => `${c.date}，举报人在被举报人${c.m}处购买${c.p}，发现该商品存在违法问题。`,
];

/** Sentences without slots; one function per sentence, so a rendering can spot a repeat by identity. */
const fixed = (s: string): Fill<UseCtx> => () => s;

const LAW_10X = [
  '根据《中华人民共和国食品安全法》第一百四十八条第二款规定，生产不符合食品安全标准的食品或者经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。',
  '依据《食品安全法》第一百四十八条的规定，经营者应当承担价款十倍的赔偿责任。',
  '被投诉人经营不符合食品安全标准的食品，违反了《食品安全法》第三十四条，依法应当承担惩罚性赔偿责任。',
  '根据《最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定》第十五条，消费者有权要求生产者或者销售者依法赔偿。',
].map(fixed);
const LAW_3X = [
  '根据《中华人民共和国消费者权益保护法》第五十五条第一款规定，经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。',
  '被投诉人的行为构成欺诈，依据《消费者权益保护法》第五十五条应当承担惩罚性赔偿责任。',
  '依照《侵害消费者权益行为处罚办法》第六条、第十六条的规定，被投诉人的行为属于欺诈消费者行为。',
].map(fixed);
const LAW_REPORT = '根据《市场监督管理投诉举报处理办法》，贵局应当在法定期限内核查处理。';

type DemandStyle = 'explicit' | 'numeric' | 'shorthand';

const DEMANDS: Record<Punitive, Record<DemandStyle, readonly Fill<UseCtx>[]>> = {
  '10x': {
    explicit: [
      (c) => `要求被投诉人退还货款${c.amt}元，并支付价款十倍的赔偿金${c.floor ? '（不足一千元的按一千元计算）' : c.claim + '元'}。`,
      (c) => `依法要求被投诉人支付十倍赔偿金${c.claim}元。`,
      () => '现要求商家退货退款，并按价款的十倍进行赔偿。',
    ],
    numeric: [
      (c) => (c.floor ? '要求被投诉人赔偿1000元。' : `货款${c.amt}元，要求赔偿${c.claim}元。`),
      (c) => (c.floor ? '要求商家依法赔偿壹仟元整。' : `现要求退还购物款${c.amt}元，赔偿${c.claim}元，合计${c.total}元。`),
      (c) => (c.floor ? '请求商家支付赔偿金一千元。' : `本人支付${c.amt}元，要求被投诉人赔偿${c.claim}元。`),
      (c) => (c.floor ? `要求退还${c.amt}元并按法定最低标准赔偿1000元。` : `要求被投诉人返还${c.amt}元并赔偿${c.claim}元。`),
    ],
    shorthand: [() => '要求退一赔十。', () => '要求商家假一赔十！', () => '依法要求退1赔10。', () => '要求被投诉人退一赔十，并公开道歉。'],
  },
  '3x': {
    explicit: [
      (c) => `要求被投诉人退还货款${c.amt}元，并按价款三倍赔偿${c.floor ? '（不足五百元的按五百元计算）' : c.claim + '元'}。`,
      (c) => `依法要求被投诉人支付三倍赔偿金${c.claim}元。`,
      () => '现要求商家退款并给予三倍赔偿。',
    ],
    numeric: [
      (c) => (c.floor ? '要求被投诉人赔偿500元。' : `货款${c.amt}元，要求赔偿${c.claim}元。`),
      (c) => (c.floor ? '要求商家赔偿伍佰元整。' : `现要求退款${c.amt}元，赔偿${c.claim}元，合计${c.total}元。`),
      (c) => (c.floor ? '请求商家支付赔偿金五百元。' : `本人支付${c.amt}元，要求被投诉人赔偿${c.claim}元。`),
    ],
    shorthand: [() => '要求退一赔三。', () => '要求商家假一赔三！', () => '依法要求退1赔3。'],
  },
};

const REQUESTS_COMPLAINT = [
  '请贵局依法组织调解，并对被投诉人的违法行为立案查处。', '恳请市场监督管理部门依法处理，维护消费者的合法权益。',
  '请求贵局责令被投诉人履行赔偿义务，并依法予以行政处罚。', '请依法受理并在法定期限内书面告知处理结果。', '望贵局秉公执法，依法查处。',
].map(fixed);
const REQUESTS_REPORT = [
  '请贵局依法立案查处，并依据《市场监督管理领域重大违法行为举报奖励暂行办法》给予举报人奖励。',
  '请求对被举报人的违法行为进行查处，将处理结果书面告知举报人，并按规定发放举报奖励。',
  '特此举报，请依法处理，并申请举报奖励。',
].map(fixed);
const REQUESTS_BOTH = [
  '请贵局依法调解，并对被投诉人立案查处，按规定给予举报奖励。',
  '本件既是投诉也是举报：请依法组织调解，同时查处违法行为并给予举报奖励。',
].map(fixed);
const EXTRAS = [
  '本人购买该商品系用于日常生活消费。', '本人已保留商品实物、订单截图及付款凭证。', '与商家客服多次沟通，对方拒绝承担责任。',
  '附件中为商品标签照片及购买记录，请查收。', '以上所述均属实，如有虚假本人愿承担法律责任。', '请在法定时限内予以受理。',
  '被投诉人所售商品至今仍在销售，侵害了广大消费者的利益。', '商家在聊天中承认了问题，但只同意退款。', '经与商家协商未果，特向贵局投诉。',
  '本人联系电话畅通，请工作人员及时联系。', '该商品为本人自用，并非用于转卖。',
].map(fixed);
const THREATS = [
  '如商家拒不赔偿，本人将向媒体及网络平台曝光。', '不私了就曝光！', '若商家不积极解决，本人将在抖音、微博等平台公开此事。',
  '商家如果不愿意私下解决，后果自负。', '给商家三天时间，不赔钱就曝光到网上。',
];

/** One slot of a template: the phrasing chosen when the template was written, and its alternatives. */
interface Slot {
  pool: readonly Fill<UseCtx>[];
  choice: number;
  optional: boolean;
}

interface Template {
  id: string;
  kind: 'complaint' | 'report' | 'complaint_and_report';
  allegation: Allegation;
  style: DemandStyle;
  slots: Slot[];
  traditional: boolean;
}

const slot = (rng: Rng, pool: readonly Fill<UseCtx>[], optional = false): Slot => ({ pool, choice: rng.int(pool.length), optional });

function makeTemplate(rng: Rng, id: string, cat: Category): Template {
  const allegations = ALLEGATIONS_BY_CAT.get(cat)!;
  const allegation = rng.pick(allegations);
  const roll = rng.float();
  const kind = roll < 0.68 ? 'complaint' : roll < 0.88 ? 'report' : 'complaint_and_report';
  const style: DemandStyle = rng.pick(['explicit', 'numeric', 'numeric', 'shorthand']);
  const law = allegation.punitive === '10x' ? LAW_10X : LAW_3X;
  const slots: Slot[] = [slot(rng, kind === 'report' ? INTROS_REPORT : INTROS_COMPLAINT), slot(rng, allegation.findings)];
  if (kind === 'report') {
    slots.push(slot(rng, [fixed(allegation.statute), fixed(LAW_REPORT)]), slot(rng, REQUESTS_REPORT));
  } else {
    const first = slot(rng, law);
    slots.push(first);
    if (rng.chance(0.3)) slots.push({ pool: first.pool, choice: (first.choice + 1 + rng.int(law.length - 1)) % law.length, optional: true });
    slots.push(slot(rng, DEMANDS[allegation.punitive][style]));
    slots.push(slot(rng, kind === 'complaint' ? REQUESTS_COMPLAINT : REQUESTS_BOTH));
  }
  const extras = rng.int(3);
  for (let i = 0; i < extras; i++) slots.splice(1 + rng.int(slots.length - 1), 0, slot(rng, EXTRAS, true));
  return { id, kind, allegation, style, slots, traditional: rng.chance(0.03) };
}

/**
 * One use of a template: the same phrasings with new facts, and the edits people make when they
 * reuse their own text (a sentence reworded, dropped, added or moved).
 */
function renderTemplate(rng: Rng, t: Template, c: UseCtx): string {
  const parts: Fill<UseCtx>[] = [];
  for (const s of t.slots) {
    if (s.optional && rng.chance(0.15)) continue;
    const f = rng.chance(0.1) ? rng.pick(s.pool) : s.pool[s.choice];
    if (!parts.includes(f)) parts.push(f);
  }
  if (rng.chance(0.25)) {
    const extra = rng.pick(EXTRAS);
    if (!parts.includes(extra)) parts.splice(1 + rng.int(parts.length), 0, extra);
  }
  if (parts.length > 3 && rng.chance(0.12)) {
    const i = 1 + rng.int(parts.length - 2);
    const x = parts[i];
    parts[i] = parts[i + 1];
    parts[i + 1] = x;
  }
  let text = '';
  for (const f of parts) text += f(c);
  return text;
}

// ─── Text: proceedings against the bureau ─────────────────────────────────────────────────────

interface ProceedingCtx {
  date: string;
  m: string;
  bureau: string;
  court: string;
}

const PROCEEDINGS: Record<'information_request' | 'reconsideration' | 'litigation', readonly Fill<ProceedingCtx>[]> = {
  information_request: [
    (c) => `申请人于${c.date}向贵局投诉${c.m}销售不合格商品一案，现依据《中华人民共和国政府信息公开条例》申请公开：1.该案的立案、调查及处理结果；2.对被投诉人作出的行政处罚决定书；3.执法人员现场检查笔录。`,
    (c) => `根据《中华人民共和国政府信息公开条例》第二十七条，申请公开${c.bureau}对本人举报${c.m}一案的处理情况及相关证据材料，请以纸质形式邮寄。`,
  ],
  reconsideration: [
    (c) => `申请人不服${c.bureau}于${c.date}作出的不予立案决定（针对本人举报${c.m}一事），依据《中华人民共和国行政复议法》申请行政复议，请求撤销该决定并责令重新作出处理。`,
    (c) => `${c.bureau}对申请人关于${c.m}的举报未在法定期限内处理，属于不履行法定职责，特申请行政复议。`,
  ],
  litigation: [
    (c) => `原告因被告${c.bureau}未依法履行查处${c.m}违法行为的法定职责，已向${c.court}人民法院提起行政诉讼，现将起诉状副本提交贵局。`,
    (c) => `就${c.m}一案，${c.bureau}作出的答复认定事实不清、适用法律错误，本人已向${c.court}人民法院提起行政诉讼。`,
  ],
};

// ─── Complainants ─────────────────────────────────────────────────────────────────────────────

interface PlannedEvent {
  at: number;
  type: EventType;
  amount?: number;
  note?: string;
  traits: string[];
  /** Known once the complaint it belongs to has been numbered. */
  externalId?: string;
}

/** What one complaint says, before it is dressed as an intake body. */
interface Filing {
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
function filing(kind: ComplaintKind, channel: string, respondent: Merchant, text: string, traits: string[], events: PlannedEvent[]): Filing {
  return {
    kind, channel, respondent, deal: undefined, text, harm: false, punitive: undefined, claimAmount: undefined, reward: undefined,
    traits, events, phone: undefined, account: undefined, traditional: false,
  };
}

/** How a population fills in forms. */
interface Policy {
  disclosure: Disclosure;
  /** Share of complaints naming the respondent's credit code when it has one. */
  codeShare: number;
  /** Share of online-form complaints with structured purchase/claim fields. */
  structured: number;
  fullWidth: number;
  channels: Weighted<string>;
}

interface Ctx {
  seedWords: readonly number[];
  start: number;
  end: number;
  geo: Geography;
  merchants: Merchants;
  registry: Registry;
  externalId(channel: string, district: District, at: number): string;
}

const SETTLE_NOTES = ['双方自行和解', '经调解达成一致', '商家已退款', '消费者与商家私下协商一致', '商家同意赔偿'];
const WITHDRAW_NOTES = ['消费者撤回投诉', '投诉人申请撤诉', '已与商家和解，撤回投诉'];
const END_NOTES = ['调解不成，终止调解', '被投诉人拒绝调解', '双方分歧较大，终止调解'];
const REJECT_NOTES = ['不符合受理条件', '不属于生活消费需要', '无法联系到投诉人', '证据不足'];
const UPHELD_NOTES = ['经核查，举报情况属实，已立案', '责令整改', '已予以行政处罚'];

/** Hotline operators, counter clerks and letters give free text; structured fields come from web forms. */
function formless(channel: string): boolean {
  return channel === '12345-hotline' || channel === 'walk-in' || channel === 'letter';
}

/** One population's way of complaining: when (planned up front) and what (written on demand). */
abstract class Writer {
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

/**
 * A complainant in the stream: their writer's complaints, then the events those lead to, in time
 * order, dressed as intake bodies. One class for every population keeps the hot path monomorphic.
 */
class Actor {
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

function event(r: Rng, at: number, type: EventType, notes: readonly string[], traits: string[], amount?: number): PlannedEvent {
  const e: PlannedEvent = { at, type, traits };
  if (amount !== undefined) e.amount = amount;
  if (r.chance(0.5)) e.note = r.pick(notes);
  return e;
}

const later = (r: Rng, at: number, minDays: number, maxDays: number): number =>
  at + r.between(minDays, maxDays) * DAY + r.int(8 * 3600) * 1000;

/** How an ordinary dispute ends: most are mediated, some fail, a few are withdrawn or refused. */
function consumerOutcome(r: Rng, at: number, kind: ComplaintKind, refund?: number): PlannedEvent[] {
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

function adHoc(name: string, district: District): Merchant {
  return { key: -1, name, district };
}

function dealAt(r: Rng, merchant: Merchant, product: Product, qty: number, purchaseAt: number): Deal {
  const orderIds = merchant.platform ? [orderId(r, merchant.platform, purchaseAt)] : [];
  return { merchant, product, qty, amount: money(price(r, product) * qty), purchaseAt, orderIds };
}

const FOODS = [...PRODUCTS.food, ...PRODUCTS.imported];
const BRANDED = [...PRODUCTS.clothing, ...PRODUCTS.cosmetics, ...PRODUCTS.electronics];
const PREPAID_KINDS = ['hair_salon', 'gym', 'training'] as const;

const ORDINARY_CATS = new Weighted<Category>([
  ['food', 28], ['imported', 5], ['health', 3], ['cosmetics', 7], ['electronics', 24], ['clothing', 24], ['toys', 9],
]);

const POLICIES: Record<Group, Policy> = {
  ordinary: {
    disclosure: { id: 0.85, phone: 0.9, name: 0.85, address: 0.35, account: 0.8 },
    codeShare: 0.3, structured: 0.55, fullWidth: 0.01,
    channels: new Weighted([['12315-web', 25], ['12315-app', 20], ['12315-miniprogram', 10], ['12345-hotline', 25], ['zheliban', 10], ['walk-in', 7], ['letter', 3]]),
  },
  heavy_genuine: {
    disclosure: { id: 0.7, phone: 0.95, name: 0.8, address: 0.5, account: 0.8 },
    codeShare: 0.2, structured: 0.4, fullWidth: 0.01,
    channels: new Weighted([['12345-hotline', 35], ['12315-web', 30], ['zheliban', 20], ['12315-app', 15]]),
  },
  collective: {
    disclosure: { id: 0.85, phone: 0.95, name: 0.9, address: 0.4, account: 0.8 },
    codeShare: 0.35, structured: 0.55, fullWidth: 0.01,
    channels: new Weighted([['12315-web', 30], ['12315-app', 25], ['12345-hotline', 25], ['zheliban', 10], ['walk-in', 10]]),
  },
  professional: {
    disclosure: { id: 0.95, phone: 0.9, name: 0.95, address: 0.5, account: 0.85 },
    codeShare: 0.8, structured: 0.75, fullWidth: 0.02,
    channels: new Weighted([['12315-web', 60], ['12315-app', 15], ['letter', 10], ['zheliban', 5], ['12345-hotline', 5], ['walk-in', 5]]),
  },
  ring: {
    disclosure: { id: 0.95, phone: 0.85, name: 0.9, address: 0.8, account: 0.85 },
    codeShare: 0.75, structured: 0.7, fullWidth: 0.02,
    channels: new Weighted([['12315-web', 70], ['12315-app', 20], ['letter', 5], ['zheliban', 5]]),
  },
};

class Ordinary extends Writer {
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
      const f = filing('complaint', channel, d.merchant, text, ['first_time_punitive', 'punitive:10x', 'label_only'], consumerOutcome(r, at, 'complaint', d.amount));
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

class Heavy extends Writer {
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
    if (topic.kinds === 'stall') respondent = adHoc(r.pick([`无名流动摊贩（${street}与${street2}交叉口）`, `${street}夜市烧烤摊`, `${street}路边水果摊`]), home);
    else if (topic.kinds === 'unlicensed') respondent = adHoc(`${street}${n}号无证小吃店`, home);
    else respondent = ctx.merchants.near(r.pick(topic.kinds), r, home);
    const c: CivicCtx = {
      m: respondent.name, street, street2, n, h: r.between(7, 10), a: r.between(5, 60), b: r.between(61, 99),
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

const WAVE_KINDS = new Weighted<WaveKind>([['car', 25], ['phone', 20], ['closure', 40], ['poisoning', 15]]);
const WAVE_PRICES: Record<WaveKind, (r: Rng) => number> = {
  car: (r) => r.between(898, 2598) * 100,
  phone: (r) => r.pick([1999, 2499, 2999, 3499, 3999, 4999]),
  closure: (r) => r.between(2, 30) * 1000 - r.pick([0, 20, 200]),
  poisoning: (r) => r.between(2, 30) * 100,
};

function makeWave(ctx: Ctx, index: number): Wave {
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
    kind, start, span, respondents, product,
    course: r.pick(COURSES),
    defect: r.int(script.defects.length),
    draft: [r.int(script.intros.length), r.int(8), r.int(script.histories.length), r.int(script.collective.length), new Weighted(calm).draw(r)],
    copyShare: r.uniform(0.1, 0.35),
    closedAt: start - r.between(0, 5) * DAY,
    home: respondents[0].district,
  };
}

class WaveMember extends Writer {
  private readonly copier: boolean;

  constructor(ctx: Ctx, key: string, rng: Rng, person: Person, private readonly wave: Wave) {
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
      date: textDate(purchaseAt, r), ym: `${y}年${m}月`, m: respondent.name, model: w.product.name, amt: amountText(paid),
      n: w.kind === 'closure' ? total : r.between(2, 6), k: w.kind === 'closure' ? left : r.between(2, 14),
      rest: Math.round((paid * left) / total), fee: r.between(3, 25) * 100, km: r.between(3, 30) * 1000,
      vin: 'L' + r.digits(16), course: w.course, closeDate: textDate(w.closedAt, r),
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

const CHEAP_BY_CAT = new Map<Category, Product[]>(
  (Object.keys(PRODUCTS) as Category[]).map((cat) => [cat, CHEAP.filter((p) => p.cat === cat)]),
);
const BULK_CATS: ReadonlySet<Category> = new Set(['food', 'imported', 'health']);
const PROCEEDING_KINDS = new Weighted<'information_request' | 'reconsideration' | 'litigation'>([
  ['information_request', 55], ['reconsideration', 30], ['litigation', 15],
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

  protected profitFiling(ctx: Ctx, t: Template, at: number, fixedFacts: Partial<Pick<Deal, 'merchant' | 'product' | 'purchaseAt'>> & { split?: boolean }): Filing {
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
      orderNote:
        orderIds.length > 1 ? `，分${orders}次下单，订单号分别为${orderIds.join('、')}` : orderIds.length ? `，订单号：${orderIds[0]}` : '',
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
      if (r.chance(0.75)) out.push(event(r, settledAt + r.between(1800, 72 * 3600) * 1000, 'withdrawn', WITHDRAW_NOTES, ['withdrawn', 'withdraw_after_settlement']));
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
      date: textDate(at - r.between(20, 120) * DAY, r), m: against.name, bureau: bureau.name, court: against.district.name,
    });
    return filing(kind, r.chance(0.6) ? 'letter' : '12315-web', bureau, text, ['proceedings'], []);
  }
}

class Professional extends ProfitSeeker {
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
      merchant: step.merchant, product: step.product, purchaseAt: step.purchaseAt, split: step.split,
    });
    if (this.targets.length < 30) this.targets.push(f.respondent);
    return f;
  }
}

interface Campaign {
  at: number;
  template: number;
  merchant?: Merchant;
  product?: Product;
}

/** People with different ID numbers who share a phone, an address or an account and one set of texts. */
interface Ring {
  id: string;
  templates: Template[];
  campaigns: Campaign[];
  sharedPhone?: string;
  sharedAddress?: string;
  sharedAccount?: string;
}

class RingMember extends ProfitSeeker {
  private readonly campaignOf: number[] = [];

  constructor(ctx: Ctx, key: string, rng: Rng, person: Person, private readonly ring: Ring, private readonly leader: boolean) {
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

// ─── Population ───────────────────────────────────────────────────────────────────────────────

interface PopulationSpec {
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
    complainants: 80, heavy: 2, professionals: 3, proMean: 28, rings: 1, ringSize: [3, 3], waves: 1, waveSize: [12, 12],
    geography: 'district',
  },
  'district-year': {
    complainants: 14_000, heavy: 60, professionals: 60, proMean: 110, rings: 5, ringSize: [3, 6], waves: 8, waveSize: [20, 250],
    geography: 'district',
  },
  province: {
    complainants: 200_000, heavy: 3_000, professionals: 4_500, proMean: 130, rings: 300, ringSize: [3, 6], waves: 250,
    waveSize: [20, 400], geography: 'province',
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
    complainants: n, heavy, professionals, proMean: 110, rings, ringSize: [3, 6], waves, waveSize,
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

function specFor(scale: Scale, yearShare: number): PopulationSpec {
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

function populate(ctx: Ctx, spec: PopulationSpec, yearShare: number): { actors: Actor[]; plan: StreamPlan } {
  const reg = ctx.registry;
  const sizing = new Rng([...ctx.seedWords, 1]);
  const ringSizes = Array.from({ length: spec.rings }, () => sizing.between(spec.ringSize[0], spec.ringSize[1]));
  const waves = Array.from({ length: spec.waves }, (_, w) => {
    const wave = makeWave(ctx, w);
    const size = sizing.logBetween(spec.waveSize[0], spec.waveSize[1]);
    // A poisoned dinner has a few dozen guests, not hundreds.
    return { wave, size: wave.kind === 'poisoning' ? Math.min(size, 60) : size };
  });
  const fixedPeople =
    spec.heavy + spec.professionals + ringSizes.reduce((a, b) => a + b, 0) + waves.reduce((a, b) => a + b.size, 0);
  const ordinaryCount = Math.max(0, spec.complainants - fixedPeople);
  const actors: Actor[] = [];

  for (let i = 0; i < ordinaryCount; i++) {
    const r = new Rng([...ctx.seedWords, 10, i]);
    const x = r.float();
    const foreign = x < 0.006 ? 'english' : x < 0.014 ? 'traditional' : undefined;
    const person = makePerson(r, reg, {
      home: homeFor(r, ctx, 'ordinary'), birthFrom: 1950, birthTo: 2006, phones: r.chance(0.05) ? 2 : 1, address: r.chance(0.5), foreign,
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
      home: homeFor(r, ctx, 'professional'), birthFrom: 1968, birthTo: 1998, phones: r.chance(0.3) ? 2 : 1, address: r.chance(0.6),
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
      complainants, complaints, rings: spec.rings, waves: spec.waves,
      start: rfc3339(ctx.start, 'local'), end: rfc3339(ctx.end, 'local'),
    },
  };
}

// ─── Stream ───────────────────────────────────────────────────────────────────────────────────

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
      if (!byYear) counters.set(district, (byYear = new Map()));
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

// ─── Summary ──────────────────────────────────────────────────────────────────────────────────

export interface GroupCounts {
  complainants: number;
  complaints: number;
  events: number;
}

export interface StreamSummary {
  records: number;
  complaints: number;
  events: number;
  groups: Record<Group, GroupCounts>;
  kinds: Record<string, number>;
  eventTypes: Record<string, number>;
  /** Occurrences of each trait; per-template and per-issue ids are left out. */
  traits: Record<string, number>;
}

export interface SummaryCollector {
  add(record: SyntheticRecord): void;
  result(): StreamSummary;
}

export function createSummary(): SummaryCollector {
  const people = new Map<Group, Set<string>>(GROUPS.map((g) => [g, new Set()]));
  const groups = Object.fromEntries(GROUPS.map((g) => [g, { complainants: 0, complaints: 0, events: 0 }])) as Record<Group, GroupCounts>;
  const kinds: Record<string, number> = {};
  const eventTypes: Record<string, number> = {};
  const traits: Record<string, number> = {};
  let complaints = 0;
  let events = 0;
  return {
    add(record) {
      const { group, complainantKey } = record.label;
      people.get(group)!.add(complainantKey);
      if (record.kind === 'complaint') {
        complaints++;
        groups[group].complaints++;
        const kind = record.body.kind ?? 'complaint';
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      } else {
        events++;
        groups[group].events++;
        eventTypes[record.body.type] = (eventTypes[record.body.type] ?? 0) + 1;
      }
      for (const t of record.label.traits) {
        if (t.startsWith('template:') || t.startsWith('issue:')) continue;
        traits[t] = (traits[t] ?? 0) + 1;
      }
    },
    result() {
      for (const g of GROUPS) groups[g].complainants = people.get(g)!.size;
      return { records: complaints + events, complaints, events, groups, kinds, eventTypes, traits };
    },
  };
}

export function summarize(stream: Iterable<SyntheticRecord>): StreamSummary {
  const s = createSummary();
  for (const r of stream) s.add(r);
  return s.result();
}
