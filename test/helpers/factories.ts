/** Data factories with overrides: valid by default, so each test states only what matters to it. */
import { residentIdCheckChar } from '../../src/identity/resident-id.js';
import { creditCodeCheckChar } from '../../src/identity/credit-code.js';

let counter = 0;

/** A valid resident ID for a serial number: region 330302, birth 1990-01-01. */
export function residentId(serial: number): string {
  const first17 = `33030219900101${String(serial % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function residentIdBorn(serial: number, birth = '19850505', region = '330304'): string {
  const first17 = `${region}${birth}${String(serial % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid credit code for a respondent number in a region (default 330302, 鹿城区). */
export function creditCode(n: number, region = '330302'): string {
  const body = `91${region}MA${String(n).padStart(7, '0').slice(-7)}`;
  return body + creditCodeCheckChar(body);
}

type Json = Record<string, unknown>;

function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object' ? merge(base[k] as Json, v as Json) : v;
  }
  return out;
}

export function complaint(overrides: Json = {}): Json {
  counter += 1;
  return merge(
    {
      externalId: `test-${process.pid}-${counter}`,
      kind: 'complaint',
      receivedAt: '2026-03-01T10:00:00+08:00',
      channel: '12315-web',
      complainant: { name: '张三', idType: 'resident_id', idNumber: residentId(123), phone: '13800138000' },
      respondent: { name: '某某食品店', creditCode: creditCode(1), region: '鹿城区' },
      text: '本人于2月27日在贵店购买饼干一包，发现已经过期，要求退货退款。',
    },
    overrides,
  );
}

const SHOPS = ['鹿城鲜味食品店', '瓯海佳佳超市', '龙湾百货商行', '瑞安好又多便利店', '乐清海鲜干货店', '永嘉特产店', '平阳副食品店', '苍南零食铺'];

/**
 * One use of a professional claimant's template: merchant, date, amount and order number change
 * between uses, the wording does not. Different respondent each time.
 */
export function templatedComplaint(i: number, overrides: Json = {}): Json {
  const shop = SHOPS[i % SHOPS.length];
  const day = 1 + (i % 27);
  const paid = 10 + i;
  return complaint(
    merge(
      {
        receivedAt: `2026-05-${String(day + 1).padStart(2, '0')}T10:00:00+08:00`,
        complainant: { name: '李职业', idNumber: residentId(501), phone: '13700137000' },
        respondent: { name: shop, creditCode: creditCode(100 + i), region: ['鹿城区', '瓯海区', '龙湾区', '瑞安市'][i % 4] },
        purchase: { at: `2026-05-${String(day).padStart(2, '0')}T15:00:00+08:00`, amount: paid, product: '进口饼干' },
        text:
          `本人于2026年5月${day}日在${shop}购买进口饼干一盒，价款${paid}元，订单号A${1000 + i}。` +
          '收货后发现该商品无中文标签，违反《食品安全法》第九十七条规定，属于不符合食品安全标准的食品。' +
          `现要求贵局责令商家退还货款${paid}元，并按照《食品安全法》第一百四十八条支付价款十倍赔偿金，不足一千元的按一千元赔偿。`,
      },
      overrides,
    ),
  );
}
