/**
 * What professional claimants and rings write: allegations with their statutes, legal and demand
 * phrasings, and the templates they reuse with small edits.
 */
import type { Fill } from './shared.js';
import { type Category, PRODUCTS } from '../products.js';
import { Rng } from '../randomness.js';

export interface UseCtx {
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
    code: 'label_sc',
    cats: ['food'],
    labelOnly: true,
    punitive: '10x',
    statute: '被举报人销售标签不符合规定的预包装食品，违反了《中华人民共和国食品安全法》第六十七条的规定。',
    findings: [
      (c) => `收货后发现，该${c.p}外包装上未标注食品生产许可证编号，不符合食品安全国家标准的规定。`,
      (c) => `经查看，涉案${c.p}的标签上没有标示SC生产许可证编号，属于标签不合格的预包装食品。`,
      () => '该产品包装上找不到生产许可证编号，无法确认是否为合法生产的食品。',
    ],
  },
  {
    code: 'label_date',
    cats: ['food'],
    labelOnly: true,
    punitive: '10x',
    statute: '涉案食品标签未清晰标示生产日期，违反了《中华人民共和国食品安全法》第六十七条、第七十一条的规定。',
    findings: [
      (c) => `该${c.p}包装上的生产日期是用不干胶后贴上去的，与外包装喷码不一致。`,
      () => '涉案商品未在标签上清晰标示生产日期和保质期，违反《预包装食品标签通则》（GB 7718-2011）的规定。',
      (c) => `收到的${c.p}生产日期模糊不清，保质期标注为“见包装”，但包装上并没有标注。`,
    ],
  },
  {
    code: 'label_ingredients',
    cats: ['food', 'imported'],
    labelOnly: true,
    punitive: '10x',
    statute: '配料表标示不规范，违反了《中华人民共和国食品安全法》第六十七条及GB 7718-2011的规定。',
    findings: [
      (c) => `该${c.p}配料表中的“${c.ingredient}”仅标注为“防腐剂”，未按规定标示食品添加剂的具体名称。`,
      () => '经核对，涉案商品配料表未按照加入量递减顺序排列，不符合GB 7718-2011第4.1.3条的要求。',
      (c) => `${c.p}的配料表中使用了“${c.ingredient}”，但标签上没有如实标注。`,
    ],
  },
  {
    code: 'label_nutrition',
    cats: ['food'],
    labelOnly: true,
    punitive: '10x',
    statute: '营养标签不规范，违反了《中华人民共和国食品安全法》第六十七条及GB 28050-2011的规定。',
    findings: [
      (c) => `该${c.p}营养成分表中能量数值与蛋白质、脂肪、碳水化合物的折算结果不符，违反GB 28050-2011。`,
      () => '涉案商品的营养成分表未标示钠含量及其占营养素参考值的百分比。',
      () => '该产品营养标签上“0反式脂肪酸”的声称没有任何依据。',
    ],
  },
  {
    code: 'imported_no_cn_label',
    cats: ['imported'],
    labelOnly: true,
    punitive: '10x',
    statute: '进口预包装食品没有中文标签的不得进口和销售，被举报人违反了《中华人民共和国食品安全法》第九十七条。',
    findings: [
      (c) => `该${c.p}为进口预包装食品，但外包装上没有任何中文标签，违反《食品安全法》第九十七条的规定。`,
      (c) => `收到货后发现这款${c.p}无中文标签、无中文说明书，无法得知原产地及国内代理商信息。`,
      () => '涉案商品系进口食品，未加贴中文标签，依法不得销售。',
    ],
  },
  {
    code: 'expired',
    cats: ['food', 'imported'],
    labelOnly: false,
    punitive: '10x',
    statute: '经营超过保质期的食品，违反了《中华人民共和国食品安全法》第三十四条第十项，应依照第一百二十四条予以处罚。',
    findings: [
      (c) => `到手后发现该${c.p}已超过保质期，生产日期为${c.oldDate}，保质期${c.n}个月。`,
      (c) => `商家销售的${c.p}已经过期，生产日期是${c.oldDate}。`,
      (c) => `收到的商品保质期至${c.oldDate}，购买时已经过期。`,
    ],
  },
  {
    code: 'health_claim',
    cats: ['food', 'health'],
    labelOnly: false,
    punitive: '10x',
    statute: '普通食品不得宣称疾病预防、治疗功能，被举报人违反了《中华人民共和国食品安全法》第七十一条、第七十三条。',
    findings: [
      (c) => `商家在商品详情页宣称该${c.p}能够“降血糖、降血压、治疗失眠”，普通食品宣称具有疾病治疗功能。`,
      (c) => `该${c.p}外包装印有“根治三高”“抗癌”等字样，属于虚假宣传。`,
      () => '商家宣传该产品“服用一周可以停药”，涉嫌以欺诈手段销售。',
    ],
  },
  {
    code: 'no_blue_hat',
    cats: ['health'],
    labelOnly: false,
    punitive: '10x',
    statute: '被举报人违反了《中华人民共和国食品安全法》第七十八条关于保健食品标签、说明书的规定。',
    findings: [
      (c) => `该${c.p}宣称具有“增强免疫力”的保健功能，但包装上没有保健食品标志和批准文号。`,
      (c) => `经在国家市场监督管理总局网站查询，${c.p}的保健食品批准文号不存在。`,
    ],
  },
  {
    code: 'ad_absolute',
    cats: ['food', 'health', 'cosmetics', 'electronics', 'clothing'],
    labelOnly: true,
    punitive: '3x',
    statute: '上述行为违反了《中华人民共和国广告法》第九条第三项的规定，依据该法第五十七条应予处罚。',
    findings: [
      () => '商家在商品页面使用了“最好”“第一”“国家级”等绝对化用语，违反《广告法》第九条第三项的规定。',
      (c) => `该店铺宣传${c.p}为“全网销量第一”“最佳品质”，属于广告极限词。`,
      () => '商品详情页写有“顶级”“最高级”“史上最低价”等用语。',
    ],
  },
  {
    code: 'cosmetic_claim',
    cats: ['cosmetics'],
    labelOnly: false,
    punitive: '3x',
    statute: '被举报人违反了《化妆品监督管理条例》第三十七条，化妆品标签禁止标注明示或者暗示具有医疗作用的内容。',
    findings: [(c) => `该${c.p}为普通化妆品，却宣称具有“祛斑”“美白”功效，未取得特殊化妆品注册证。`, () => '商家宣称该产品“7天去除黄褐斑”，属于虚假宣传。'],
  },
  {
    code: 'label_cosmetics',
    cats: ['cosmetics'],
    labelOnly: true,
    punitive: '3x',
    statute: '被举报人违反了《化妆品监督管理条例》第三十五条关于化妆品中文标签的规定。',
    findings: [(c) => `该${c.p}外包装没有中文标签，也查询不到备案信息。`, () => '涉案化妆品标签未标注生产企业名称和生产许可证编号。'],
  },
  {
    code: 'no_3c',
    cats: ['electronics', 'toys'],
    labelOnly: false,
    punitive: '3x',
    statute: '被举报人销售未经强制性产品认证的产品，违反了《强制性产品认证管理规定》第二条的规定。',
    findings: [(c) => `该${c.p}属于强制性产品认证目录内的产品，但没有CCC认证标志。`, (c) => `经在国家认监委网站查询，该${c.p}标注的3C证书编号不存在。`],
  },
  {
    code: 'fake_material',
    cats: ['clothing'],
    labelOnly: false,
    punitive: '3x',
    statute: '被举报人以次充好，违反了《中华人民共和国产品质量法》第三十九条的规定。',
    findings: [
      (c) => `该${c.p}吊牌标注含绒量90%，但送检结果显示实际含绒量仅为${c.n * 5}%。`,
      () => '商家宣称“头层真皮”，实际为人造革。',
      () => '面料成分标注为“100%羊毛”，经检测羊毛含量不足三成。',
    ],
  },
  {
    code: 'price_fraud',
    cats: ['electronics', 'clothing'],
    labelOnly: false,
    punitive: '3x',
    statute: '被举报人虚构原价，违反了《明码标价和禁止价格欺诈规定》第十九条的规定。',
    findings: [
      (c) => `商家标示原价${c.listPrice}元，现价${c.price}元，但该商品从未以原价销售过，属于虚构原价。`,
      () => '商家在活动前先提高价格再打折，属于价格欺诈。',
    ],
  },
  {
    code: 'toy_label',
    cats: ['toys'],
    labelOnly: true,
    punitive: '3x',
    statute: '产品标识不符合要求，违反了《中华人民共和国产品质量法》第二十七条的规定。',
    findings: [(c) => `该${c.p}没有中文警示说明，也未标注适用年龄。`, () => '玩具包装上未标注执行标准和生产厂家。'],
  },
];

const ALLEGATIONS_BY_CAT = new Map<Category, Allegation[]>(
  (Object.keys(PRODUCTS) as Category[]).map((cat) => [cat, ALLEGATIONS.filter((a) => a.cats.includes(cat))]),
);

export const INGREDIENTS = ['甜蜜素', '山梨酸钾', '苯甲酸钠', '柠檬黄', '日落黄', '安赛蜜', '阿斯巴甜', '脱氢乙酸钠'];

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
const fixed =
  (s: string): Fill<UseCtx> =>
  () =>
    s;

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
  '请贵局依法组织调解，并对被投诉人的违法行为立案查处。',
  '恳请市场监督管理部门依法处理，维护消费者的合法权益。',
  '请求贵局责令被投诉人履行赔偿义务，并依法予以行政处罚。',
  '请依法受理并在法定期限内书面告知处理结果。',
  '望贵局秉公执法，依法查处。',
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
  '本人购买该商品系用于日常生活消费。',
  '本人已保留商品实物、订单截图及付款凭证。',
  '与商家客服多次沟通，对方拒绝承担责任。',
  '附件中为商品标签照片及购买记录，请查收。',
  '以上所述均属实，如有虚假本人愿承担法律责任。',
  '请在法定时限内予以受理。',
  '被投诉人所售商品至今仍在销售，侵害了广大消费者的利益。',
  '商家在聊天中承认了问题，但只同意退款。',
  '经与商家协商未果，特向贵局投诉。',
  '本人联系电话畅通，请工作人员及时联系。',
  '该商品为本人自用，并非用于转卖。',
].map(fixed);
export const THREATS = [
  '如商家拒不赔偿，本人将向媒体及网络平台曝光。',
  '不私了就曝光！',
  '若商家不积极解决，本人将在抖音、微博等平台公开此事。',
  '商家如果不愿意私下解决，后果自负。',
  '给商家三天时间，不赔钱就曝光到网上。',
];

/** One slot of a template: the phrasing chosen when the template was written, and its alternatives. */
interface Slot {
  pool: readonly Fill<UseCtx>[];
  choice: number;
  optional: boolean;
}

export interface Template {
  id: string;
  kind: 'complaint' | 'report' | 'complaint_and_report';
  allegation: Allegation;
  style: DemandStyle;
  slots: Slot[];
  traditional: boolean;
}

const slot = (rng: Rng, pool: readonly Fill<UseCtx>[], optional = false): Slot => ({ pool, choice: rng.int(pool.length), optional });

export function makeTemplate(rng: Rng, id: string, cat: Category): Template {
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
export function renderTemplate(rng: Rng, t: Template, c: UseCtx): string {
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
