/**
 * What heavy but genuine civic complainants write: one personal voice, and the civic topics (noise,
 * hygiene, overcharging, road stalls, …) they keep reporting.
 */
import type { Fill } from './shared.js';
import type { MerchantKind } from '../merchants.js';
import type { Person } from '../people.js';
import { Rng } from '../randomness.js';

/** The habitual phrasing one citizen uses in everything they write. */
export interface Voice {
  opener: string;
  closer: string;
  tic: string;
  bang: string;
  signature: string;
}

const VOICE_OPENERS = [
  '领导您好！',
  '市场监管局的同志你们好，',
  '你好，我要反映一个问题。',
  '尊敬的领导：',
  '我是附近居民，',
  '本人是附近小区业主，',
  '又来麻烦你们了。',
  '您好！',
  '我再反映一下，',
  '',
  '各位领导辛苦了。',
];
const VOICE_CLOSERS = [
  '望尽快处理，谢谢！',
  '请有关部门尽快查处！',
  '希望能够重视，给老百姓一个交代。',
  '盼复，谢谢。',
  '请处理后回电告知结果。',
  '请落实到位，不要走过场。',
  '谢谢你们的辛苦工作。',
  '我会继续关注的。',
  '请尽快派人来看看。',
];
const VOICE_TICS = [
  '已经不是第一次了',
  '多次反映都没有解决',
  '严重影响周边居民生活',
  '老百姓意见很大',
  '这个问题存在很久了',
  '大家都敢怒不敢言',
  '希望一查到底',
  '说实话我也不想天天打电话',
];

export function makeVoice(rng: Rng, person: Person): Voice {
  return {
    opener: rng.pick(VOICE_OPENERS),
    closer: rng.pick(VOICE_CLOSERS),
    tic: rng.pick(VOICE_TICS),
    bang: rng.pick(['！', '。', '！！', '!!!', '。。。']),
    signature: rng.chance(0.3) ? `——${person.name[0]}${rng.pick(['先生', '女士', '大爷', '阿姨'])}` : '',
  };
}

export interface CivicCtx {
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

export const CIVIC: readonly CivicTopic[] = [
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
    texts: [(c) => `${c.m}${c.n}号摊位卖菜缺斤短两，买了两斤排骨回家一称只有一斤${(c.h % 9) + 1}两`, (c) => `${c.m}里好几个摊位的电子秤有问题，每斤要少好几两`],
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
    texts: [(c) => `${c.m}价签标价${c.a}元，结账时却按${c.b}元收取，收银员说是价签没换`, (c) => `${c.m}的商品很多都没有明码标价，全凭老板一张嘴`],
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
    texts: [(c) => `${c.street}${c.n}号新开了一家小吃店，没有挂营业执照和食品经营许可证`, (c) => `${c.street}${c.n}号的早餐店一直无证经营，卫生条件也很差`],
  },
  {
    trait: 'civic:elevator',
    kinds: ['mall'],
    texts: [(c) => `${c.m}的自动扶梯经常突然停止，也没有张贴检验合格标志，存在安全隐患`, (c) => `${c.m}的观光电梯上周困人了，到现在还在运行，没有看到检修`],
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
    texts: [(c) => `${c.m}使用的液化气钢瓶没有检验标志，还堆放在后门过道里`, (c) => `${c.m}后厨有好几个液化气瓶，旁边就是油锅，很危险`],
  },
];
export const CIVIC_REQUESTS = ['请相关部门上门检查', '请执法人员晚上来看看', '请依法查处', '请市场监管部门管一管', '请尽快整治', '希望加强巡查'];
export const CIVIC_WHEN = ['今天路过又看到了。', '昨天晚上又是这样。', '', '', '这周已经连续好几天了。', '今天早上又碰到了。', ''];
