/**
 * Businesses complained about: kinds, names, platforms, GB 32100 credit codes, the per-district
 * pools they are drawn from, order numbers, and the purchases (deals) made with them.
 */
import { creditCodeCheckChar } from '../identity/credit-code.js';
import { fmix32 } from '../text/hash.js';
import { type District, DISTRICTS, type Geography } from './geography.js';
import type { Category, Item, Product } from './products.js';
import { hashKeys, Rng, scatter, Weighted } from './randomness.js';
import { localDate, pad2 } from './time.js';

export type MerchantKind =
  | 'grocery'
  | 'supermarket'
  | 'pharmacy'
  | 'cosmetics_store'
  | 'electronics_store'
  | 'clothing_store'
  | 'toy_store'
  | 'restaurant'
  | 'hair_salon'
  | 'gym'
  | 'training'
  | 'car_dealer'
  | 'market'
  | 'parking'
  | 'mall'
  | 'repair'
  | 'online_food'
  | 'online_health'
  | 'online_cosmetics'
  | 'online_electronics'
  | 'online_clothing'
  | 'online_toys';

const BRAND_CHARS = '鑫源恒泰华联佳美福瑞兴隆盛达润丰金龙嘉和康乐安顺新宏宇诚信友邦优品鲜味香悦汇百惠万家一禾田森林海川星月辰';
const BRAND_WORDS = ['惠民', '百佳', '佳佳', '好又多', '万家福', '一品', '优选', '乐购', '邻里', '红太阳', '小康', '百姓', '金三角', '阿强', '老陈'];
const PLATFORMS: readonly (readonly [string, string, number])[] = [
  ['taobao', '淘宝', 30],
  ['tmall', '天猫', 15],
  ['jd', '京东', 15],
  ['pinduoduo', '拼多多', 20],
  ['douyin', '抖音', 15],
  ['kuaishou', '快手', 5],
];
const PLATFORM_TABLE = new Weighted(PLATFORMS.map(([id, , w]) => [id, w] as const));
export const PLATFORM_NAME: Record<string, string> = Object.fromEntries(PLATFORMS.map(([id, name]) => [id, name]));

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
  grocery: {
    online: false,
    pool: 60,
    soleTrader: 0.8,
    unregistered: 0.02,
    name: (r, d) =>
      `${r.chance(0.5) ? place(d) : d.name}${r.chance(0.5) ? r.pick(d.streets).replace(/[路街道]+$/, '') : ''}${brand(r)}${r.pick(['便利店', '超市', '食品店', '副食品商店', '食品商行', '烟酒商店', '进口食品店'])}`,
  },
  supermarket: {
    online: false,
    pool: 8,
    soleTrader: 0.1,
    unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['超市有限公司', '购物中心有限公司', '生活超市有限公司', '连锁超市有限公司'])}`,
  },
  pharmacy: {
    online: false,
    pool: 10,
    soleTrader: 0.3,
    unregistered: 0,
    name: (r, d) => (r.chance(0.5) ? `${d.city || d.name}${brand(r)}大药房有限公司${d.name.slice(0, 2)}店` : `${place(d)}${brand(r)}堂药店`),
  },
  cosmetics_store: {
    online: false,
    pool: 6,
    soleTrader: 0.7,
    unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['美妆店', '化妆品店', '美妆生活馆'])}`,
  },
  electronics_store: {
    online: false,
    pool: 12,
    soleTrader: 0.5,
    unregistered: 0,
    name: (r, d) => (r.chance(0.5) ? `${place(d)}${brand(r)}数码科技有限公司` : `${d.name}${brand(r)}${r.pick(['手机店', '电器商行', '家电商场'])}`),
  },
  clothing_store: {
    online: false,
    pool: 12,
    soleTrader: 0.7,
    unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['服饰店', '服装专卖店', '鞋业商行', '童装店', '鞋店'])}`,
  },
  toy_store: {
    online: false,
    pool: 4,
    soleTrader: 0.8,
    unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['玩具店', '母婴用品店', '文具玩具店'])}`,
  },
  restaurant: {
    online: false,
    pool: 40,
    soleTrader: 0.75,
    unregistered: 0.04,
    name: (r, d) =>
      `${r.chance(0.4) ? d.name : ''}${brand(r)}${r.pick(['小吃店', '饭店', '餐厅', '面馆', '火锅店', '烧烤店', '大排档', '酒家', '快餐店', '海鲜楼'])}`,
  },
  hair_salon: {
    online: false,
    pool: 8,
    soleTrader: 0.85,
    unregistered: 0,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['美发工作室', '造型会所', '理发店', '美容美发店'])}`,
  },
  gym: {
    online: false,
    pool: 3,
    soleTrader: 0.2,
    unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['健身有限公司', '体育发展有限公司', '健身俱乐部'])}`,
  },
  training: {
    online: false,
    pool: 3,
    soleTrader: 0,
    unregistered: 0,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['教育培训学校', '艺术培训中心', '教育科技有限公司', '文化艺术培训学校有限公司'])}`,
  },
  car_dealer: { online: false, pool: 2, soleTrader: 0, unregistered: 0, name: (r, d) => `${d.city || place(d)}${brand(r)}汽车销售服务有限公司` },
  market: { online: false, pool: 2, soleTrader: 0, unregistered: 0, name: (r, d) => `${d.name}${brand(r)}农贸市场` },
  parking: {
    online: false,
    pool: 2,
    soleTrader: 0,
    unregistered: 0.1,
    name: (r, d) => `${place(d)}${brand(r)}${r.pick(['停车场管理有限公司', '物业管理有限公司'])}`,
  },
  mall: { online: false, pool: 2, soleTrader: 0, unregistered: 0, name: (r, d) => `${place(d)}${brand(r)}${r.pick(['商业管理有限公司', '购物广场有限公司'])}` },
  repair: {
    online: false,
    pool: 4,
    soleTrader: 0.8,
    unregistered: 0.05,
    name: (r, d) => `${d.name}${brand(r)}${r.pick(['家电维修部', '汽车维修服务部', '装饰工程有限公司', '开锁服务部'])}`,
  },
  online_food: {
    online: true,
    pool: 30,
    soleTrader: 0.5,
    unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['食品专营店', '零食旗舰店', '进口食品店', '特产店', '食品官方旗舰店', '休闲食品店'])}`,
  },
  online_health: {
    online: true,
    pool: 12,
    soleTrader: 0.3,
    unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['保健品专营店', '健康旗舰店', '营养品店', '滋补品旗舰店'])}`,
  },
  online_cosmetics: {
    online: true,
    pool: 8,
    soleTrader: 0.5,
    unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['美妆专营店', '化妆品旗舰店', '护肤品店'])}`,
  },
  online_electronics: {
    online: true,
    pool: 10,
    soleTrader: 0.3,
    unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['数码专营店', '电器旗舰店', '3C数码店', '家电官方旗舰店'])}`,
  },
  online_clothing: {
    online: true,
    pool: 10,
    soleTrader: 0.5,
    unregistered: 0,
    name: (r) => `${brand(r)}${r.pick(['服饰旗舰店', '女装店', '鞋类专营店', '童装旗舰店'])}`,
  },
  online_toys: { online: true, pool: 4, soleTrader: 0.5, unregistered: 0, name: (r) => `${brand(r)}${r.pick(['玩具旗舰店', '益智玩具店', '母婴专营店'])}` },
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

export interface Merchant {
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

export function bureauOf(d: District): Merchant {
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

export class Merchants {
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
      m.shopId =
        m.platform === 'jd'
          ? `1000${rng.digits(5)}`
          : m.platform === 'taobao' || m.platform === 'tmall'
            ? `shop${rng.digits(9)}`
            : `${m.platform}-${rng.digits(8)}`;
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

export function orderId(rng: Rng, platform: string, at: number): string {
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
/** One purchase as the complainant experienced it. */
export interface Deal<P extends Item = Product> {
  merchant: Merchant;
  product: P;
  qty: number;
  amount: number;
  purchaseAt: number;
  orderIds: string[];
}
