/**
 * People: names, phone notations, and the registry that issues valid identifiers (resident IDs,
 * phones, accounts, passports, permits, addresses) that are never shared by accident.
 */
import { residentIdCheckChar } from '../identity/resident-id.js';
import { COMPOUNDS, type District } from './geography.js';
import { hashKeys, Rng, scatter } from './randomness.js';
import { civil, DAY, pad2 } from './time.js';

export const SURNAMES =
  '陈林王黄张李郑周吴金潘叶徐胡朱杨刘蔡谢章施赵孙马郭何高罗梁宋唐许韩冯邓曹彭曾肖田董袁于蒋余杜程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严戴莫孔汤池项应季麻';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉鑫宇浩晨欣怡佳雨婷子涵梓萱俊晓东海峰波斌亮红玲燕萍雪琳颖倩宁凯鹏飞龙旭阳帆博瑞泽轩睿思琪可心悦志远永春秋月荣德福贵安康乐';
const FOREIGN_NAMES = [
  'John Smith',
  'Maria Garcia',
  'Ahmed Hassan',
  'Olga Ivanova',
  'Kim Min-jun',
  'David Brown',
  'Sarah Wilson',
  'Lucas Martin',
  'Emma Müller',
  'Nguyen Van An',
  'Priya Sharma',
  'Tom Becker',
  'Anna Kowalska',
  'James Lee',
];

function chineseName(rng: Rng, surname?: string): string {
  const s = surname ?? SURNAMES[Math.min(rng.int(SURNAMES.length), rng.int(SURNAMES.length))];
  const n = rng.chance(0.7) ? 2 : 1;
  let g = '';
  for (let i = 0; i < n; i++) g += GIVEN[rng.int(GIVEN.length)];
  return s + g;
}

export interface Person {
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
export interface Disclosure {
  id: number;
  phone: number;
  name: number;
  address: number;
  account: number;
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

/** Phone numbers arrive in many notations; the service normalises them. */
export function phoneNotation(phone: string, rng: Rng): string {
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
export class Registry {
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

export function makePerson(rng: Rng, reg: Registry, spec: PersonSpec): Person {
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
