/**
 * What ordinary consumers write: goods, restaurant, prepaid, repair, counterfeit and first-time
 * punitive complaints, hotline operators' summaries, and complaints in English.
 */
import { type Fill, qtyText, REL_DAYS, via } from './shared.js';
import type { Deal, Merchant } from '../merchants.js';
import { amountText, type Category, type Product } from '../products.js';
import { Rng } from '../randomness.js';
import { englishDate, textDate } from '../time.js';

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
    { text: '拆开包装发现已经发霉了', not: DRINK },
    { text: '回家打开发现里面有一根头发', not: DRINK },
    { text: '吃到一半发现里面有虫子', not: DRINK },
    { text: '打开后有股很重的哈喇味，明显变质了', not: DRINK },
    { text: '包装袋是漏气的，东西全都受潮了', not: DRINK },
    { text: '吃的时候咬到一块硬塑料片', not: DRINK },
    { text: '看了一下生产日期，已经过期好几天了' },
    { text: '回家称了一下，分量明显不足', not: DRINK },
    { text: '孩子吃了以后肚子疼，拉了一晚上肚子', harm: true, not: DRINK },
    { text: '孩子喝了以后肚子疼，吐了两次', harm: true, only: DRINK },
    { text: '喝了一口发现味道不对，里面有絮状物', only: DRINK },
    { text: '瓶盖一拧就漏，里面的东西已经变味了', only: DRINK },
    { text: '里面的东西都碎成渣了，跟图片完全不一样', only: /饼|糕|干|脆|片/ },
    { text: '吃起来一股怪味，包装里还有一层白毛', not: DRINK },
  ],
  imported: [
    { text: '打开发现饼干已经受潮变软了', only: /饼|曲奇|威化/ },
    { text: '瓶口的封膜是破的，怀疑被打开过', only: /奶粉|橄榄油|果汁|椰子水|红酒/ },
    { text: '吃了以后全身起红疹，去医院说是过敏', harm: true },
    { text: '收到的时候离过期只剩一周，页面上根本没写' },
    { text: '里面有一股霉味，颜色也不对' },
    { text: '包装上全是外文，看不懂怎么吃，问客服也说不清' },
  ],
  health: [
    { text: '吃了一个疗程一点效果都没有，跟宣传的完全不一样' },
    { text: '吃了以后头晕恶心，去医院看了', harm: true },
    { text: '收到的货比宣传的分量少了很多' },
    { text: '胶囊都粘在一起了，有股怪味', only: /胶囊/ },
    { text: '包装盒是压坏的，里面的东西撒了一半' },
    { text: '外包装上的批号和里面的不一样' },
  ],
  cosmetics: [
    { text: '用了两天脸上就开始过敏发红', harm: true, not: /洗发|染发/ },
    { text: '用了以后头皮又红又痒', harm: true, only: /洗发|染发/ },
    { text: '打开发现是用过的，封口已经破了' },
    { text: '味道很刺鼻，和之前买的完全不一样' },
    { text: '挤出来的膏体已经分层了', only: /霜|膏|凝胶/ },
  ],
  electronics: [
    { text: '用了不到一个月就坏了，完全没法用' },
    { text: '按键失灵，怎么按都没反应' },
    { text: '开机没几分钟就自动关机', only: /手表|机器人/ },
    { text: '充电的时候烫得厉害，还有一股焦味', only: /充电宝|耳机|手表|牙刷|机器人/ },
    { text: '底部漏水，根本没法用', only: /壶|电饭煲/ },
    { text: '屏幕上出现了一条竖线', only: /手表/ },
    { text: '右边耳机没有声音', only: /耳机/ },
    { text: '收到就是坏的，插上电没有任何反应', only: /壶|电饭煲|吹风机|炸锅|插线板|电暖器/ },
    { text: '用了三次就烧坏了，差点着火', only: /壶|吹风机|炸锅|插线板|电暖器/ },
    { text: '噪音特别大，跟宣传的静音完全不一样', only: /机器人|吹风机|电暖器|炸锅/ },
  ],
  clothing: [
    { text: '穿了一次鞋底就开胶了', only: /鞋/ },
    { text: '穿了没几天鞋跟就断了', only: /皮鞋/ },
    { text: '洗了一次就严重缩水，还起球', not: /鞋|皮带/ },
    { text: '掉色很厉害，把别的衣服都染了', not: /鞋|皮带/ },
    { text: '拉链第二天就坏了', only: /外套|羽绒|牛仔/ },
    { text: '一直往外钻毛，穿一次身上全是毛', only: /羽绒/ },
    { text: '尺码和吊牌上写的差了两个码', not: /皮带/ },
    { text: '皮带扣第二天就断了', only: /皮带/ },
    { text: '皮面一折就裂开了', only: /皮带|皮鞋/ },
    { text: '穿上以后身上发痒起疹子', harm: true, not: /鞋|皮带/ },
  ],
  toys: [
    { text: '玩了一天轮子就掉了', only: /车/ },
    { text: '边上全是毛刺，孩子手被划破了', harm: true },
    { text: '电池盖拧不上，螺丝是滑丝的', only: /遥控车|水枪/ },
    { text: '味道特别大，不敢给孩子玩' },
    { text: '磁力太弱，根本吸不住', only: /磁力片/ },
    { text: '里面的零件很小，包装上没有任何警示' },
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

export const RESPONSES = [
  '联系商家，商家说不是质量问题不给退',
  '找客服，客服一直推脱',
  '打了好几次电话都没人接',
  '店员态度很差，说售出概不退换',
  '商家只同意换货，不同意退款',
  '到现在还没有任何处理结果',
  '跟老板说了，老板说不关他的事',
  '平台介入后商家还是不处理',
  '商家答应退款，但是一直拖着',
  '售后让我等通知，之后就没有下文了',
  '商家让我自己去找厂家',
  '商家说要寄回去检测，寄回去半个月了没消息',
  '商家把我拉黑了',
  '店里说只能修不能退',
];
export const FEELINGS = [
  '太气人了',
  '感觉被骗了',
  '实在没办法才来投诉',
  '希望有关部门管一管',
  '这种商家太不负责任了',
  '真的很无奈',
  '浪费了我很多时间',
  '我觉得这是欺骗消费者',
];
export const CLOSINGS = ['谢谢。', '麻烦尽快处理，谢谢！', '盼复。', '', '请帮忙协调一下。', '', '谢谢你们！', '希望能尽快解决。'];

const ORD_DEMANDS: readonly Fill<OrdinaryCtx>[] = [
  () => '要求退货退款',
  (c) => `希望商家退还${c.amt}元`,
  () => '要求换一个新的',
  () => '要求商家赔礼道歉并退款',
  () => '要求全额退款',
  () => '希望商家给个说法',
  () => '要求免费维修或者退货',
  (c) => `要求退还货款${c.amt}元`,
];

export const HOTLINE_HEADS = ['来电人反映：', '市民来电反映，', '来电人称：', '市民反映：'];

export const PREPAID_TEXTS: Record<'hair_salon' | 'gym' | 'training', readonly Fill<OrdinaryCtx>[]> = {
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
export const RESTAURANT_TEXTS: readonly (readonly [Fill<OrdinaryCtx>, boolean])[] = [
  [(c) => `${c.date}在${c.m}吃饭，菜里吃出一只苍蝇`, false],
  [(c) => `${c.rel}在${c.m}吃饭，结账时发现收了${c.n}元的餐位费，事先没有告知`, false],
  [(c) => `在${c.m}点的菜，菜单上写的价格和结账的价格不一样，多收了${c.n}元`, false],
  [(c) => `${c.date}晚上在${c.m}吃完饭，回家后上吐下泻，去医院花了${c.n}元`, true],
  [(c) => `${c.rel}在${c.m}吃饭，鱼是不新鲜的，有臭味，跟服务员说了也不给换`, false],
  [(c) => `在${c.m}订的${c.amt}元套餐，实际上的菜少了两个`, false],
];
/** Repair and home-service complaints, matched to what the business does. */
export const REPAIR_TEXTS: readonly (readonly [RegExp, Fill<OrdinaryCtx>])[] = [
  [/家电维修/, (c) => `${c.rel}请${c.m}的师傅上门修洗衣机，换了个小零件就收了${c.amt}元，明显乱收费`],
  [/汽车维修/, (c) => `我的车在${c.m}做保养，结账时多了${c.n}元的项目，根本没有做`],
  [/装饰工程/, (c) => `家里装修找的${c.m}，合同约定${c.date}完工，到现在还没做完，工人也不来了`],
  [/开锁/, (c) => `${c.date}叫${c.m}开锁，电话里说50元，到了以后收了${c.amt}元`],
];
export const COUNTERFEIT_TEXTS: readonly Fill<OrdinaryCtx>[] = [
  (c) => `${c.date}在${c.via}${c.m}花${c.amt}元买的${c.p}，拿去专柜鉴定说是假货`,
  (c) => `在${c.via}${c.m}买的${c.p}，商家说是正品专柜货，收到后和正品对比明显是仿冒的`,
  (c) => `${c.rel}在${c.via}${c.m}买了${c.p}，商家承诺假一赔三，结果是高仿的`,
];
export const COUNTERFEIT_DEMANDS = ['根据消费者权益保护法第五十五条，要求退一赔三', '商家存在欺诈，要求退款并三倍赔偿', '要求按消法规定赔偿三倍'];
export const FIRST_TIMER_TEXTS: readonly Fill<OrdinaryCtx>[] = [
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
const EN_RESPONSES = [
  'refuses to give me a refund',
  'says it is not their problem',
  'does not answer my calls',
  'only offers store credit',
  'asked me to contact the factory myself',
];
const EN_DEMANDS = [
  'I would like a full refund.',
  'Please help me get my money back.',
  'I request a replacement or a refund.',
  'Please ask the shop to take it back.',
];

interface Composed {
  text: string;
  harm: boolean;
  traits: string[];
}

export function ordinaryCtx(rng: Rng, deal: Deal, n: number): OrdinaryCtx {
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
export function serviceCtx(rng: Rng, m: Merchant, amount: number, n: number, when: number): OrdinaryCtx {
  return { date: textDate(when, rng), rel: rng.pick(REL_DAYS), m: m.name, via: '', p: '', q: '', amt: amountText(amount), n };
}

/** A consumer writing about their own purchase in their own words. */
export function ordinaryGoodsText(rng: Rng, deal: Deal, hotline: boolean): Composed {
  const c = ordinaryCtx(rng, deal, 0);
  const { text: problem, harm = false } = problemFor(rng, deal.product);
  const response = rng.pick(RESPONSES);
  const demand = harm && rng.chance(0.6) ? `要求赔偿医药费${rng.between(2, 30) * 50}元` : rng.pick(ORD_DEMANDS)(c);
  if (hotline) {
    // Hotline records are the operator's summary, in the third person.
    const intro = `其于${c.date}在${c.via}${c.m}购买了${c.p}`;
    return {
      text: `${rng.pick(HOTLINE_HEADS)}${intro}，${problem}，${response.replaceAll('我', '其')}。来电人${demand}，请相关部门核实处理。`,
      harm,
      traits: harm ? ['harm'] : [],
    };
  }
  let text = `${rng.pick(ORD_INTROS)(c)}，${problem}。${response}。`;
  if (rng.chance(0.4)) text += `${rng.pick(FEELINGS)}，`;
  text += `${demand}。${rng.pick(CLOSINGS)}`;
  return { text, harm, traits: harm ? ['harm'] : [] };
}

export function englishText(rng: Rng, deal: Deal): Composed {
  const goods = EN_GOODS[deal.product.cat];
  const text =
    `I bought ${goods.item} (${deal.product.name}) at ${deal.merchant.name} on ${englishDate(deal.purchaseAt)} for ${amountText(deal.amount)} yuan. ` +
    `${rng.pick(goods.problems)} The shop ${rng.pick(EN_RESPONSES)}. ${rng.pick(EN_DEMANDS)}`;
  return { text, harm: false, traits: ['english'] };
}
