/**
 * Near-duplicate measurements on a synthetic Chinese complaint corpus.
 *
 *   npm run bench:similarity -- [--docs 200000] [--queries 2000] [--truth-queries 300] [--seed 1]
 *
 * The corpus imitates what the registry receives: 40 % of texts are uses of templates (a few
 * hundred Zipf-sized rings and many rings of 2–20 uses; every use re-draws merchant, product,
 * dates, amounts and order number, and some delete, insert, swap or reword a sentence, or arrive
 * in full-width or traditional script); 20 % are one-off profit-seeking complaints written from
 * the same legal boiler-plate; 40 % are ordinary consumer complaints. Figures printed here are
 * recorded in docs/notes/similarity-measurements.md.
 */
import os from 'node:os';
import * as OpenCC from 'opencc-js';
import { normaliseForMatching } from '../../src/text/normalise.js';
import { toSimplified } from '../../src/text/chinese.js';
import { exactJaccard, shingleSet } from '../../src/text/shingles.js';
import { denseMinValues, signature, SIGNATURE_LENGTH } from '../../src/text/minhash.js';
import { LshIndex } from '../../src/text/lsh-index.js';

// ---------------------------------------------------------------------------------------------
// Arguments and randomness

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const DOCS = argument('docs', 200_000);
const QUERIES = argument('queries', 2_000);
const TRUTH_QUERIES = argument('truth-queries', 300);
const SEED = argument('seed', 1);

// mulberry32: small, seedable, good enough for sampling
function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = makeRng(SEED);
const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const chance = (p: number): boolean => rng() < p;
const digits = (n: number): string => {
  let s = String(int(1, 9));
  while (s.length < n) s += String(int(0, 9));
  return s;
};

// ---------------------------------------------------------------------------------------------
// Vocabulary

const CITIES = [
  '杭州',
  '深圳',
  '广州',
  '上海',
  '北京',
  '成都',
  '武汉',
  '南京',
  '苏州',
  '郑州',
  '长沙',
  '西安',
  '重庆',
  '天津',
  '青岛',
  '厦门',
  '合肥',
  '济南',
  '昆明',
  '宁波',
  '义乌',
  '东莞',
  '佛山',
  '温州',
  '南昌',
  '福州',
  '沈阳',
  '大连',
  '哈尔滨',
  '石家庄',
];
const BRAND_CHARS =
  '华瑞康泰鑫源盛达恒信佳美优品汇众诚德鼎丰禾润宏祥金银龙凤天宇星辰嘉禾悦然乐享臻选尚臣雅致青松云海明月晨光立新万家福寿安和顺通达远博睿智慧创科朗峰聚友'.split(
    '',
  );
const PLATFORMS = ['淘宝', '天猫', '京东', '拼多多', '抖音', '快手', '美团', '饿了么', '唯品会', '小红书', '微信小程序', '苏宁易购'];
const SUFFIXES = ['有限公司', '有限责任公司', '商贸有限公司', '商行', '超市', '旗舰店', '专营店', '专卖店', '便利店'];
const UNITS = ['盒', '瓶', '袋', '箱', '罐', '件', '包', '支'];

type Category = 'food' | 'cosmetic' | 'appliance' | 'general';
const PRODUCTS: Record<Category, string[]> = {
  food: [
    '进口牛奶',
    '橄榄油',
    '土蜂蜜',
    '即食燕窝',
    '辽参海参',
    '明前龙井茶叶',
    '流心月饼',
    '坚果礼盒',
    '干红葡萄酒',
    '酱香型白酒',
    '婴幼儿配方奶粉',
    '挂耳咖啡',
    '黑巧克力',
    '风干牛肉干',
    '果蔬酵素',
    '代餐奶昔',
    '阿胶糕',
    '宁夏枸杞',
    '灵芝孢子粉',
    '深海鱼油',
    '乳清蛋白粉',
    '黑芝麻丸',
    '麻辣辣条',
    '柳州螺蛳粉',
    '自热火锅',
    '即食燕麦片',
    '鲜榨橙汁',
    '天然矿泉水',
    '人参鹿鞭酒',
    '长白山人参',
    '手工红糖',
    '山茶油',
    '纳豆激酶',
    '益生菌冻干粉',
  ],
  cosmetic: [
    '保湿面霜',
    '玻尿酸精华液',
    '蚕丝面膜',
    '防脱洗发水',
    '防晒喷雾',
    '哑光口红',
    '祛斑霜',
    '植物染发剂',
    '美白牙膏',
    '烟酰胺身体乳',
    '眼霜',
    '祛痘凝胶',
  ],
  appliance: [
    '充电宝',
    '蓝牙耳机',
    '电热水壶',
    '空气炸锅',
    '插线板',
    '电动牙刷',
    '负离子吹风机',
    '儿童电话手表',
    '小太阳电暖器',
    '破壁料理机',
    '电热毯',
    '加湿器',
  ],
  general: ['羽绒服', '运动鞋', '儿童玩具', '纯棉四件套', '保温杯', '乳胶枕', '拉杆箱', '瑜伽垫', '不粘锅', '儿童安全座椅'],
};
const INDUSTRY: Record<Category, string[]> = {
  food: ['食品', '生物科技', '农业科技', '酒业', '茶业', '贸易'],
  cosmetic: ['化妆品', '生物科技', '日化', '美容科技'],
  appliance: ['电器', '电子科技', '数码科技', '智能科技'],
  general: ['服饰', '日用品', '百货', '家居', '商贸'],
};

interface Fill {
  merchant: string;
  category: Category;
}

function merchantName(category: Category): string {
  const brand = pick(BRAND_CHARS) + pick(BRAND_CHARS);
  return `${pick(CITIES)}${chance(0.3) ? '市' : ''}${brand}${pick(INDUSTRY[category])}${pick(SUFFIXES)}`;
}

// How a complaint refers to the merchant: mostly the registered name, sometimes a shop name.
function merchantMention(full: string): string {
  if (chance(0.8)) return full;
  return full.replace(/(商贸)?(有限责任公司|有限公司|商行|超市|旗舰店|专营店|专卖店|便利店)$/, '') + pick(['店', '网店', '公司', '']);
}

type DateFormat = (y: number, m: number, d: number) => string;
const DATE_FORMATS: DateFormat[] = [
  (y, m, d) => `${y}年${m}月${d}日`,
  (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  (_y, m, d) => `${m}月${d}日`,
  (y, m, d) => `${y}.${m}.${d}`,
  (y, m, d) => `${y}年${m}月${d}号`,
];

function money(): number {
  return chance(0.3) ? int(5, 99) + pick([0, 0.5, 0.9, 0.8]) : int(20, 2_000);
}
const formatMoney = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Variable slots of a sentence, re-drawn for every use of a template. */
function fillSlots(
  sentence: string,
  fill: Fill,
  dateFormat: DateFormat,
  platform: string,
  orderLength: number,
  totals: { price: number; qty: number },
): string {
  return sentence.replace(/\[(\w+)\]/g, (_all, slot: string) => {
    switch (slot) {
      case 'merchant':
        return merchantMention(fill.merchant);
      case 'product':
        return (chance(0.4) ? pick(BRAND_CHARS) + pick(BRAND_CHARS) + pick(['牌', '']) : '') + pick(PRODUCTS[fill.category]);
      case 'platform':
        return platform;
      case 'date':
        return dateFormat(int(2022, 2025), int(1, 12), int(1, 28));
      case 'qty':
        return String(totals.qty);
      case 'unit':
        return pick(UNITS);
      case 'price':
        return formatMoney(totals.price);
      case 'total':
        return formatMoney(totals.price * totals.qty);
      case 'demand':
        return formatMoney(Math.max(1_000, totals.price * totals.qty * 10));
      case 'price2':
        return formatMoney(Math.round(totals.price * int(2, 6)));
      case 'order':
        return digits(orderLength);
      case 'phone':
        return `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}`;
      case 'days':
        return String(int(2, 60));
      case 'city':
        return pick(CITIES);
      default:
        throw new Error(`unknown slot ${slot}`);
    }
  });
}

/** Resolves {a|b|c} choices, innermost first: a template fixes them once for all its uses. */
function resolve(pattern: string): string {
  let s = pattern;
  for (;;) {
    const next = s.replace(/\{([^{}]*)\}/g, (_all, body: string) => pick(body.split('|')));
    if (next === s) return s;
    s = next;
  }
}

const OPENINGS = [
  '{本人|我|投诉人}于[date]在[platform]{上的|平台|APP上的}[merchant]{购买|下单购买|网购|拍下}了[product][qty][unit]，{共计|合计|总计|实付|一共花了}[total]元。',
  '[date]，{我|本人|投诉人|消费者}在[merchant]{购买|买|选购}了[product][qty][unit]，{单价|每[unit]}[price]元，{订单号|订单编号|交易单号}[order]。',
  '{投诉人|举报人|本人}[date]{通过|在}[platform]向[merchant]{购买|订购}[product]，{支付|付款|实际支付}[total]元，{订单号：|订单号为|单号}[order]。',
  '{我|本人}于[date]在[city]{的|市的|}[merchant]{门店|店内|超市|实体店}购买了[product][qty][unit]，{价格|金额|花费}[total]元，有{购物小票|发票|付款记录|刷卡记录}为证。',
  '{举报人|投诉人}于[date]在[platform][merchant]{处|}{购得|购买|买到}[product]共[qty][unit]，{实际支付|支付}{货款|价款}[total]元。',
  '{本人|我}{看到|刷到}[platform]{直播间|推荐页面|广告}{推荐|在卖}[product]，{于|在}[date]{下单|购买}[qty][unit]，{花了|支付}[total]元，{店铺名称|商家}[merchant]。',
  '{兹有|现}{投诉|举报}[merchant]{销售|经营}{不合格|问题}[product]{一事|的问题}：[date]{本人|我}在该{店|商家}{购买|买了}[qty][unit]，{共|合计}[total]元。',
];
const DISCOVERY = [
  '{收到货后|收货后|回家后|食用前|使用前}{发现|仔细查看发现|检查时发现|才发现}{该|此|所购}{产品|商品|货物}{存在以下问题|存在严重问题|有问题|问题很多}：',
  '{经|通过}{查看|仔细核对|认真比对}{外包装|产品标签|商品详情页|实物}，{发现|本人发现|可以看到}',
  '{到货后|拆开包装后|打开后}{我|本人}{发现|注意到|看到}',
  '{后来|随后|第二天}{在网上|在官网|经朋友提醒}{查询|了解}{得知|发现|才知道}',
];
const ISSUES: Record<string, string[]> = {
  label: [
    '{外包装|包装|标签}{上|}未标注{生产日期|生产者名称和地址|生产许可证编号|贮存条件|净含量}{和|及}{保质期|产地|联系方式}，',
    '{配料表中|配料}{未标明|未注明}{食品添加剂的具体名称|甜味剂的名称|致敏物质}，',
    '{营养成分表|营养标签}{不符合|违反}{GB 28050|《预包装食品营养标签通则》}的{规定|要求}，',
    '标签{标注的|上的}{产品标准号|执行标准}{已经作废|为过期标准}，属于{标签不合格|不符合食品安全标准}的食品，',
  ],
  expired: [
    '{该商品|该产品|食品}{生产日期为|生产于}[date]，保质期{12个月|6个月|180天|18个月}，{已经超过保质期|已过期|属于过期食品}[days]天，',
    '{商家|该店}{仍在|依然}{销售|上架销售}过期{食品|商品}，{严重威胁|危害}消费者{身体健康|生命健康}，',
  ],
  adwords: [
    '{商品详情页|宣传页面|产品包装|店铺首页}{中|上}{使用了|宣传}{“最好”|“第一”|“国家级”|“顶级”|“最佳”|“极品”}{、“{最|首选|独家}”|}等{绝对化用语|极限词}，',
    '{该宣传|上述用语}违反了《{中华人民共和国|}广告法》第九条第三项的规定，',
  ],
  health: [
    '{商品页面|宣传资料|包装上}{宣称|标注|宣传}{该产品|本品}{具有|能够}{降血压|降血糖|治疗失眠|抗癌|增强免疫力|治疗糖尿病|调理肠胃}{等|的}{功效|作用}，',
    '{普通食品|该产品作为普通食品}{不得|禁止}{宣传|声称}{疾病预防|治疗功能|保健功能}，{涉嫌|属于}虚假宣传，',
  ],
  imported: [
    '{该产品|该进口食品}{没有|无}中文标签{，也没有|和}{入境货物检验检疫证明|报关单|检验检疫合格证明}，',
    '{商家|店家}{无法|不能}提供{进口|入境}{检验检疫|报关}{证明|材料}，{来源不明|属于走私产品}，',
  ],
  certification: [
    '{该产品|该电器}{未取得|没有}{3C认证|强制性产品认证}{标志|证书}，{属于|系}{不合格产品|国家明令禁止销售的产品}，',
    '{经查询|在认证网站查询}{该产品|该型号}{的认证证书|认证}{已被撤销|不存在}，',
  ],
  price: [
    '{商家|店铺}{标注的|页面显示}原价[price2]元{，|、}{从未以该价格成交过|属于虚构原价}，{构成|涉嫌}价格欺诈，',
    '{结算时|付款时}{实际价格|收取的价格}{高于|与}{标价|页面标示价格}{不一致|}，',
  ],
  cosmetic: [
    '{该化妆品|该产品}{在国家药监局|在药监局网站}{查不到备案信息|未备案|无注册证}，{宣称|标注}{祛斑|美白|生发|医用级}{功效|效果}，',
    '{使用后|用了}[days]天{脸部|皮肤}{红肿|过敏|起疹子}，',
  ],
};
const ISSUE_CATEGORY: Record<string, Category> = {
  label: 'food',
  expired: 'food',
  adwords: 'general',
  health: 'food',
  imported: 'food',
  certification: 'appliance',
  price: 'general',
  cosmetic: 'cosmetic',
};
// Verbatim statute quotations are pasted by many writers; they are long, so they are drawn
// rarely (LEGAL_QUOTE_RATE) or every boiler-plate complaint would resemble every other.
const LEGAL_QUOTES = [
  '根据《中华人民共和国食品安全法》第一百四十八条第二款规定：生产不符合食品安全标准的食品或者经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以向生产者或者经营者要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。',
  '根据《消费者权益保护法》第五十五条规定，经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。',
];
const LEGAL_QUOTE_RATE = 0.12;
const LEGAL = [
  '{依据|根据|按照}《{中华人民共和国|}食品安全法》第一百四十八条{，|的规定，|之规定，}{消费者可以要求|可以向经营者要求|本人有权要求}{支付|赔偿}价款十倍{的赔偿金|赔偿|的惩罚性赔偿}。',
  '{该行为|上述行为|商家的行为}{违反了|不符合}《{中华人民共和国|}食品安全法》第{三十四条|六十七条|七十一条|一百三十六条|五十三条}{的规定|之规定|第{一|二|三}款}。',
  '{该行为|商家行为|此种行为}{已经|明显|}{构成|属于}{欺诈|消费欺诈|虚假宣传|误导消费者}{行为|}，{违反了|侵犯了本人依据}《消费者权益保护法》第{八条|二十条|十六条}{的规定|享有的知情权}。',
  '{根据|依据}《{中华人民共和国|}广告法》第{五十五条|五十七条|五十八条}{、第{五十七|五十九|六十九}条|}，{应|依法应当|市场监管部门应当}{予以|对其}{行政处罚|查处|罚款}。',
  '{根据|依照}《{产品质量法|价格法|反不正当竞争法}》第{二十七条|十四条|八条}{，|的规定，}{经营者|销售者}{应当|必须}{如实|}{标明|告知}{产品信息|真实价格|真实情况}。',
  '{最高人民法院|最高法}《关于审理食品药品纠纷案件适用法律若干问题的规定》第{三条|十五条}{明确|规定}{，|：}{知假买假不影响|购买者明知的情形下仍可}{主张权利|要求赔偿}。',
];
const DEMANDS = [
  '{现|特此|故|因此}{要求|请求}{商家|经营者|贵局责令商家|贵单位责令}{退还货款|退货退款|退款}[total]元，并{支付|给予|赔偿}{十倍赔偿|价款十倍的赔偿金|十倍赔偿金}[demand]元。',
  '{要求|请求|现要求}{依法|商家|}{退一赔十|退一赔三|假一赔十|退款并十倍赔偿}{，共计|，合计|，总计}[demand]元。',
  '{请求|恳请|望|希望}{贵局|市场监管部门|有关部门|监管部门}{依法|尽快|}{对商家进行|对该商家|对上述违法行为}{查处|立案调查|行政处罚|调查处理}{，并|，}{将处理结果|处理结果|调查结果}{书面|}{告知|答复|反馈}{本人|举报人|投诉人}。',
  '{举报人|本人}{申请|要求}{举报奖励|依法获得举报奖励|按规定给予奖励}，{联系电话|电话|手机}[phone]。',
  '{请|望|恳请}{贵局|有关部门}{组织|主持}{调解|协调}，{督促|责令}{商家|经营者}{履行|承担}{赔偿|退赔}{责任|义务}。',
];
const CLOSINGS = [
  '{谢谢|感谢|万分感谢}{！|。}',
  '{望|希望|请|盼}{尽快|及时|早日}{处理|回复|调解|办理}{为盼|，谢谢|！}。',
  '{如|若}{商家|对方|经营者}{拒不|不予|不}{处理|赔偿|配合}，{本人|我}将{向法院起诉|提起诉讼|继续向上级部门反映|申请行政复议}。',
  '{以上|上述}{情况|内容}{属实|真实}，{有|附}{照片|截图|视频|凭证}{为证|可查}。',
];
// Circumstances each writer tells in their own words: they make one-off complaints, and the
// templates they start from, differ from each other beyond the shared legal phrasing.
const DETAILS = [
  '{这|该}[product]是{买来|准备}{送给|给}{父母|孩子|朋友|客户|老人}{的|当}{礼物|早餐|年货|日常食用}，',
  '{包装|外盒|瓶身|吊牌}上{印有|写着|标着}“{纯天然|零添加|进口原装|特级|有机|无糖|医用级|专利配方}”{字样|等字样|的字样}，',
  '{商家|客服|主播}{在直播中|在聊天中|口头}{承诺|保证|说}{假一赔十|正品保障|七天无理由|不满意全额退款}，',
  '{同批次|同一批}{产品|商品}{我|本人}{共|一共}{买了|购买了}[qty][unit]，{均|全部}存在{同样|相同}问题，',
  '{店内|页面|货架上}{还有|仍有}{大量|很多}{同类|相同}{产品|商品}在售，',
  '{我|本人}{向|跟}{店员|客服|店长}{指出|反映}{问题|此事}{后|时}，{对方|他们}{声称|说}{厂家负责|没有问题|可以退货但不赔偿}，',
];
// Sentences a use adds to its template.
const INSERTS = [
  '{我|本人}{已|曾}{多次|几次|反复}{联系|找}{商家|客服}{协商|沟通}，{对方|商家}{拒不处理|一直推诿|态度恶劣|不予理睬}。',
  '{相关|购物}{凭证|截图|照片|视频}{已|均已}{保存|上传|附后}。',
  '{商品|产品}{已|尚未}{食用|使用|拆封}{，|}{实物|原包装}{还在|保留完好}。',
  '{该商家|该店}{销量很大|还在继续销售|月销上千件}，{侵害|损害}了{广大|众多}消费者的{合法权益|利益}。',
  '{本人|我家孩子|家里老人}{食用|使用}后{出现|有}{腹泻|过敏|不适}{症状|情况}。',
  '{商家|客服}{只同意|仅同意|只愿意}{退货退款|退款|赔偿[price]元}，{本人|我}{不接受|不同意}。',
  '{之前|此前}{已|也}{向|在}{12315|消协|平台}{反映过|投诉过}，{至今|一直}{没有结果|未处理}。',
];

// Ordinary complaints: each is written once, so choices are resolved per complaint.
const ORDINARY: string[][] = [
  [
    '[date]在[platform]买的[product]，',
    '{显示已签收|物流一直不更新|快递员没送货就点了签收}，{但我|我}{根本没收到|到现在也没拿到}。',
    '{联系|找}{客服|快递公司}{好几次|多次}{都|}{没人管|说在处理|让我等}。',
    '{要求|希望}{退款|补发|尽快解决}。',
  ],
  [
    '{申请退款|退货}{已经|}[days]天了，',
    '{商家|平台}{一直|始终}{不处理|拖着|不同意}，',
    '{钱|货款}[total]元{还没退|没有到账}。',
    '{客服|平台客服}{只会|一直}{复制粘贴|让我等待}，{太气人了|非常不负责任}。',
  ],
  [
    '[product]{用了|穿了|才用}[days]天就{坏了|开胶了|起球了|不能充电了|漏水了}，',
    '{找|联系}[merchant]{售后|客服}{说|称}{人为损坏|超过七天|不在保修范围}，{不给|拒绝}{维修|退换}。',
    '{产品|这个质量}{明显|就是}{有质量问题|质量不合格}，{希望|请}{帮忙|帮我}{维权|协调退货}。',
  ],
  [
    '{在|}[merchant]{办了|充值了}{会员卡|健身卡|课程}[total]元，',
    '{现在|最近}{门店关门|老板跑路|无法上课|教练都走了}，{要求退费|申请退款}{被拒绝|没人理}。',
    '{还有|同样情况的}{很多|几十个}{会员|学员|家长}，{希望|请}{有关部门|市场监管局}{介入|帮忙追回}。',
  ],
  [
    '[date]在[merchant]{吃饭|点外卖}，{吃出|发现}{头发|虫子|异物|苍蝇}，',
    '{吃完后|当晚}{肚子疼|拉肚子|身体不适}，{去医院|看医生}花了[price]元。',
    '{商家|店家}{只愿意|只同意}{退|赔}[price]元，{态度很差|还骂人}。',
    '{要求|希望}{赔偿医药费|道歉并赔偿}，{并对|同时对}{该店|商家}{卫生|食品安全}{进行检查|依法处理}。',
  ],
  [
    '{我的|本人}{手机号|号码}[phone]{被|在}{不知情|未同意}{的情况下|时}{开通了|订购了}{增值业务|视频会员|彩铃}，',
    '{每月|连续[days]个月}{扣费|被扣}[price]元。',
    '{营业厅|客服}{说|称}是{我自己|本人}{订的|开通的}，{拒绝退费|只退一个月}。',
  ],
  [
    '{小区|我们小区}{物业|物业公司}{长期|一直}{不作为|乱收费}，',
    '{电梯|门禁|路灯}{坏了|故障}[days]天{没人修|没修好}，',
    '{还要|却要求}{每平方米|按面积}{涨价|加收}[price]元{物业费|公摊费}。',
    '{业主们|我们}{多次|一再}{反映|投诉}{都|}{没有结果|无人处理}。',
  ],
  [
    '{在|}[platform]{预订了|订了}[city]的{酒店|民宿}，',
    '{到店后|入住时}{被告知|前台说}{没有房间|房型不符|需要加钱}，',
    '{平台|商家}{拒绝|不同意}{全额退款|赔偿差价}，{耽误了|影响了}{行程|工作}。',
  ],
  [
    '[merchant]{销售人员|店员}{承诺|保证}[product]{包退包换|三年保修|免费安装}，',
    '{出了问题|需要售后时}{却|又}{不认账|推给厂家|说没说过}，',
    '{合同|收据}上{写着|有}{保修条款|承诺内容}，{请求|希望}{调解|依法处理}。',
  ],
];

interface Template {
  category: Category;
  sentences: string[];
  dateFormat: DateFormat;
  platform: string;
  orderLength: number;
}

function makeTemplate(): Template {
  const issueKinds = Object.keys(ISSUES);
  const kind = pick(issueKinds);
  const issues = ISSUES[kind].filter(() => chance(0.7));
  if (issues.length === 0) issues.push(pick(ISSUES[kind]));
  if (chance(0.3)) issues.push(pick(ISSUES[pick(issueKinds)]));
  const legal = [chance(LEGAL_QUOTE_RATE) ? pick(LEGAL_QUOTES) : pick(LEGAL)];
  if (chance(0.4)) legal.push(pick(LEGAL));
  const demands = [pick(DEMANDS)];
  if (chance(0.5)) demands.push(pick(DEMANDS));
  const details = chance(0.6) ? pick(DETAILS) : '';
  const sentences = [pick(OPENINGS), details + pick(DISCOVERY) + issues.join(''), ...legal, ...demands];
  if (chance(0.5)) sentences.push(pick(CLOSINGS));
  return {
    category: ISSUE_CATEGORY[kind],
    sentences: [...new Set(sentences)].map(resolve),
    dateFormat: pick(DATE_FORMATS),
    platform: pick(PLATFORMS),
    orderLength: int(12, 19),
  };
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const FULL_WIDTH = (s: string): string =>
  s.replace(/[0-9A-Za-z，。：；！？]/g, (c) => {
    const ascii = { '，': ',', '。': '.', '：': ':', '；': ';', '！': '!', '？': '?' }[c];
    return ascii === undefined ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c;
  });

interface Doc {
  text: string;
  merchant: string;
  template: number; // −1: written once
}

function useTemplate(template: Template, id: number): Doc {
  const merchant = merchantName(template.category);
  const fill: Fill = { merchant, category: template.category };
  const platform = chance(0.5) ? template.platform : pick(PLATFORMS);
  const totals = { price: money(), qty: int(1, 20) };
  const sentences = template.sentences.slice();
  if (chance(0.25) && sentences.length > 3) sentences.splice(int(1, sentences.length - 1), 1);
  if (chance(0.25)) sentences.splice(int(1, sentences.length), 0, resolve(pick(INSERTS)));
  if (chance(0.15)) {
    const at = int(1, sentences.length - 2);
    [sentences[at], sentences[at + 1]] = [sentences[at + 1], sentences[at]];
  }
  // Reworded sentence: someone edits the template's phrasing of one boiler-plate sentence.
  if (chance(0.1)) sentences[sentences.length - 1] = resolve(pick(DEMANDS));
  let text = sentences.map((s) => fillSlots(s, fill, template.dateFormat, platform, template.orderLength, totals)).join('');
  if (chance(0.1)) text = FULL_WIDTH(text);
  if (chance(0.02)) text = toTraditional(text);
  if (chance(0.1)) text = text.replace(/[，。]/g, (c) => (chance(0.3) ? `${c}\n` : chance(0.2) ? ' ' : c));
  return { text, merchant, template: id };
}

function ordinaryComplaint(): Doc {
  const parts = pick(ORDINARY);
  const category = pick<Category>(['food', 'cosmetic', 'appliance', 'general']);
  const merchant = merchantName(category);
  const chosen = parts.filter((_p, i) => i === 0 || chance(0.85)).map(resolve);
  if (chance(0.3)) chosen.push(resolve(pick(INSERTS)));
  if (chance(0.3)) chosen.push(resolve(pick(CLOSINGS)));
  const totals = { price: money(), qty: int(1, 5) };
  const text = chosen.map((s) => fillSlots(s, { merchant, category }, pick(DATE_FORMATS), pick(PLATFORMS), 16, totals)).join('');
  return { text, merchant, template: -1 };
}

function buildCorpus(n: number): Doc[] {
  const templateUses = Math.round(n * 0.4);
  // 80 % of template uses fall in big rings with Zipf(0.5) sizes (at 200k: 320 rings, the largest
  // ~1,870 uses, as in the spec's corpus); 20 % in small rings of 2–20 uses, the case where a
  // capped candidate walk could lose the few true matches among many candidates.
  const bigUses = Math.round(templateUses * 0.8);
  const bigCount = Math.max(10, Math.round(bigUses / 200));
  const weights = Array.from({ length: bigCount }, (_x, k) => 1 / Math.sqrt(k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const docs: Doc[] = [];
  let id = 0;
  for (; id < bigCount; id++) {
    const template = makeTemplate();
    const uses = Math.max(2, Math.round((bigUses * weights[id]) / total));
    for (let u = 0; u < uses; u++) docs.push(useTemplate(template, id));
  }
  while (docs.length < templateUses) {
    const template = makeTemplate();
    const uses = int(2, 20);
    for (let u = 0; u < uses; u++) docs.push(useTemplate(template, id));
    id++;
  }
  while (docs.length < n) {
    if (chance(1 / 3)) docs.push(useTemplate(makeTemplate(), -1));
    else docs.push(ordinaryComplaint());
  }
  docs.length = n;
  // Arrival order is mixed: template uses are spread over the stream, not in blocks.
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at];
}
function quantiles(values: number[], ps = [5, 25, 50, 75, 99]): string {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => `p${p} ${percentile(sorted, p).toFixed(3)}`).join('  ');
}
function timeQuantiles(values: number[]): string {
  const sorted = Float64Array.from(values).sort();
  return `p50 ${percentile(sorted, 50).toFixed(1)} µs, p99 ${percentile(sorted, 99).toFixed(1)} µs, max ${sorted[sorted.length - 1].toFixed(0)} µs`;
}
// Short interleaved rounds over the same texts: the machine is shared, so each step reports its
// fastest round (the least disturbed), and a difference between two steps is the median of the
// differences within rounds (both measured back to back).
function microsPerStep(items: number, steps: Record<string, () => void>, rounds = 40): Record<string, number[]> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round <= rounds; round++) {
    for (const [label, run] of Object.entries(steps)) {
      const start = process.hrtime.bigint();
      run();
      const us = Number(process.hrtime.bigint() - start) / 1000 / items;
      // Round 0 warms the JIT up and is not counted.
      if (round > 0) {
        samples[label] ??= [];
        samples[label].push(us);
      }
    }
  }
  return samples;
}
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const section = (title: string): void => console.log(`\n## ${title}\n`);

// ---------------------------------------------------------------------------------------------
// Run

const load = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(
  `# Similarity benchmark: ${DOCS} documents, seed ${SEED}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${load()}`,
);
let t = performance.now();
const docs = buildCorpus(DOCS);
const lengths = docs.map((d) => d.text.length).sort((a, b) => a - b);
console.log(
  `corpus built in ${((performance.now() - t) / 1000).toFixed(1)} s; text length p5/p50/p95 ${percentile(lengths, 5)}/${percentile(lengths, 50)}/${percentile(lengths, 95)}, mean ${(lengths.reduce((a, b) => a + b, 0) / lengths.length).toFixed(0)}; ${docs.filter((d) => d.template >= 0).length} template uses in ${new Set(docs.map((d) => d.template)).size - 1} templates`,
);

section('Cost per document (one core; fastest of 40 interleaved rounds over 1,000 texts)');
{
  const texts = docs.slice(0, Math.min(1_000, DOCS));
  const normalised = texts.map((d) => normaliseForMatching(d.text, { maskNames: [d.merchant] }));
  const shingled = normalised.map(shingleSet);
  const costs = microsPerStep(texts.length, {
    'toSimplified alone': () => {
      for (const d of texts) toSimplified(d.text);
    },
    'normalise, no name (incl. toSimplified)': () => {
      for (const d of texts) normaliseForMatching(d.text);
    },
    'normalise, merchant name masked': () => {
      for (const d of texts) normaliseForMatching(d.text, { maskNames: [d.merchant] });
    },
    shingleSet: () => {
      for (const s of normalised) shingleSet(s);
    },
    'signature (OPH + densification, 16-bit)': () => {
      for (const s of shingled) signature(s);
    },
  });
  for (const [label, us] of Object.entries(costs)) console.log(`  ${label.padEnd(44)} ${Math.min(...us).toFixed(2)} µs`);
  const simplify = costs['toSimplified alone'];
  const differences = costs['normalise, no name (incl. toSimplified)'].map((us, round) => us - simplify[round]).sort((a, b) => a - b);
  console.log(`  ${'normalise excluding toSimplified (median)'.padEnd(44)} ${percentile(differences, 50).toFixed(2)} µs`);
  const lengths = texts.map((d) => d.text.length);
  const sizes = shingled.map((s) => s.length).sort((a, b) => a - b);
  console.log(
    `  (texts of mean ${(lengths.reduce((a, b) => a + b, 0) / lengths.length).toFixed(0)} characters; shingles per document p5/p50/p95 ${percentile(sizes, 5)}/${percentile(sizes, 50)}/${percentile(sizes, 95)})`,
  );
}

section('Signatures for the corpus');
t = performance.now();
const sets: Uint32Array[] = new Array(DOCS);
const signatures = new Uint16Array(DOCS * SIGNATURE_LENGTH);
for (let i = 0; i < DOCS; i++) {
  sets[i] = shingleSet(normaliseForMatching(docs[i].text, { maskNames: [docs[i].merchant] }));
  signatures.set(signature(sets[i]), i * SIGNATURE_LENGTH);
}
console.log(`normalise + shingle + sign ${DOCS} documents: ${((performance.now() - t) / 1000).toFixed(1)} s on one core`);

// Pairs: same template, and unrelated (different template or written once).
const byTemplate = new Map<number, number[]>();
docs.forEach((d, i) => {
  if (d.template < 0) return;
  const list = byTemplate.get(d.template) ?? [];
  list.push(i);
  byTemplate.set(d.template, list);
});
const templateDocs = [...byTemplate.values()];
const templateUseDocs = templateDocs.flat();
const samePairs: [number, number][] = [];
while (samePairs.length < 20_000) {
  // Drawn through a random use: rings weigh by their number of uses, as queries meet them.
  const a = pick(templateUseDocs);
  const ring = byTemplate.get(docs[a].template)!;
  const b = pick(ring);
  if (a !== b) samePairs.push([a, b]);
}
const unrelatedPairs: [number, number][] = [];
while (unrelatedPairs.length < 100_000) {
  const a = int(0, DOCS - 1);
  const b = int(0, DOCS - 1);
  if (a !== b && (docs[a].template < 0 || docs[a].template !== docs[b].template)) unrelatedPairs.push([a, b]);
}

section('Exact 3-gram Jaccard: same-template vs unrelated pairs');
// Variants of digit and name handling, produced from the text itself: digits are first turned
// into CJK letters (which normalisation keeps), so the same pipeline can be compared with digits
// kept, masked without collapsing runs, or collapsed (the shipped normalisation).
const KEEP_DIGITS = '㐀㐁㐂㐃㐄㐅㐆㐇㐈㐉';
const variants: Record<string, (d: Doc) => string> = {
  'raw digits, names masked': (d) =>
    normaliseForMatching(
      d.text.normalize('NFKC').replace(/[0-9]/g, (c) => KEEP_DIGITS[Number(c)]),
      { maskNames: [d.merchant] },
    ),
  'digits → 0, runs kept, names masked': (d) =>
    normaliseForMatching(d.text.normalize('NFKC').replace(/[0-9]/g, KEEP_DIGITS[0]), { maskNames: [d.merchant] }).replaceAll(KEEP_DIGITS[0], '0'),
  'digit runs → 0, names not masked': (d) => normaliseForMatching(d.text),
  'digit runs → 0, names masked (shipped)': (d) => normaliseForMatching(d.text, { maskNames: [d.merchant] }),
};
const pairSetCache = new Map<number, Uint32Array>();
for (const [name, variant] of Object.entries(variants)) {
  pairSetCache.clear();
  const setOf = (i: number): Uint32Array => {
    let s = pairSetCache.get(i);
    if (s === undefined) {
      s = shingleSet(variant(docs[i]));
      pairSetCache.set(i, s);
    }
    return s;
  };
  const same = samePairs.map(([a, b]) => exactJaccard(setOf(a), setOf(b)));
  const unrelated = unrelatedPairs.slice(0, 20_000).map(([a, b]) => exactJaccard(setOf(a), setOf(b)));
  console.log(`${name}\n  same template: ${quantiles(same)}\n  unrelated:     ${quantiles(unrelated, [50, 99, 99.9])}`);
}
const sameJ = samePairs.map(([a, b]) => exactJaccard(sets[a], sets[b]));
const unrelatedJ = unrelatedPairs.map(([a, b]) => exactJaccard(sets[a], sets[b]));
console.log(`shipped normalisation, 100,000 unrelated pairs: ${quantiles(unrelatedJ, [50, 99, 99.9, 99.99])}, max ${Math.max(...unrelatedJ).toFixed(3)}`);
for (const threshold of [0.4, 0.45, 0.5, 0.55, 0.6]) {
  const same = sameJ.filter((j) => j >= threshold).length / sameJ.length;
  const unrelated = unrelatedJ.filter((j) => j >= threshold).length / unrelatedJ.length;
  console.log(`  J ≥ ${threshold.toFixed(2)}: ${(100 * same).toFixed(1)} % of same-template pairs, ${(100 * unrelated).toFixed(4)} % of unrelated pairs`);
}

section('Signature estimate vs exact Jaccard (16-bit vs full-width values)');
{
  const mixed = [...samePairs.slice(0, 10_000), ...unrelatedPairs.slice(0, 10_000)];
  for (const [label, bits] of [
    ['16-bit', 16],
    ['25-bit', 32],
  ] as const) {
    const errors: number[] = [];
    for (const [a, b] of mixed) {
      const va = denseMinValues(sets[a]);
      const vb = denseMinValues(sets[b]);
      let equal = 0;
      for (let i = 0; i < SIGNATURE_LENGTH; i++) {
        if (bits === 16 ? (va[i] & 0xffff) === (vb[i] & 0xffff) : va[i] === vb[i]) equal++;
      }
      errors.push(equal / SIGNATURE_LENGTH - exactJaccard(sets[a], sets[b]));
    }
    const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    const bias = errors.reduce((s, e) => s + e, 0) / errors.length;
    const abs = errors.map(Math.abs);
    console.log(`  ${label}: RMSE ${rmse.toFixed(4)}, bias ${bias.toFixed(4)}, |error| ${quantiles(abs, [50, 95, 99])} (${mixed.length} pairs)`);
  }
}

// Ground truth: every document with exact J ≥ 0.45 to each of TRUTH_QUERIES random documents.
section(`Ground truth: brute force over ${DOCS} documents for ${TRUTH_QUERIES} random queries`);
t = performance.now();
const truthQueries = Array.from({ length: TRUTH_QUERIES }, () => int(0, DOCS - 1));
const truth = truthQueries.map((q) => {
  const found = new Map<number, number>();
  const a = sets[q];
  for (let d = 0; d < DOCS; d++) {
    if (d === q) continue;
    const b = sets[d];
    // J ≤ min/max of the sizes: most pairs are rejected without a merge.
    if (Math.min(a.length, b.length) < 0.45 * Math.max(a.length, b.length)) continue;
    const j = exactJaccard(a, b);
    if (j >= 0.45) found.set(d, j);
  }
  return found;
});
console.log(
  `${((performance.now() - t) / 1000).toFixed(1)} s; pairs with J ≥ 0.45: ${truth.reduce((s, m) => s + m.size, 0)}, with J ≥ 0.5: ${truth.reduce((s, m) => s + [...m.values()].filter((j) => j >= 0.5).length, 0)}; queries with any: ${truth.filter((m) => m.size > 0).length}`,
);

section('Banded LSH settings');
const SETTINGS: [number, number][] = [
  [25, 5],
  [32, 4],
  [36, 3],
  [42, 3],
];
const THRESHOLDS = [0.45, 0.5];
const MARGIN = 0.05;
interface Limits {
  cap: number;
  maxMatches?: number;
  /** Only the newest documents, as a query restricted to a time window would. */
  newestShare?: number;
}
const CAPS: Limits[] = [{ cap: Infinity }, { cap: 300 }, { cap: 1000 }, { cap: 1000, maxMatches: 20 }, { cap: 1000, newestShare: 1 / 12 }];
const SMALL_RING = 50;
const queryDocs = Array.from({ length: QUERIES }, () => int(0, DOCS - 1));
const sigOf = (doc: number): Uint16Array => signatures.subarray(doc * SIGNATURE_LENGTH, (doc + 1) * SIGNATURE_LENGTH);
const capLabel = ({ cap, maxMatches, newestShare }: Limits): string =>
  (cap === Infinity ? 'uncapped' : `cap ${cap}`) +
  (maxMatches === undefined ? '' : `, stop at ${maxMatches}`) +
  (newestShare === undefined ? '' : `, newest 1/${Math.round(1 / newestShare)}`);

for (const [bands, rows] of SETTINGS) {
  t = performance.now();
  let index: LshIndex | undefined = LshIndex.fromSignatures({ bands, rows }, signatures);
  const buildSeconds = (performance.now() - t) / 1000;
  console.log(
    `### ${bands} × ${rows}: built from ${DOCS} stored signatures in ${buildSeconds.toFixed(2)} s; ${(index.memoryBytes() / DOCS).toFixed(0)} bytes/doc (${mb(index.memoryBytes())}), RSS ${mb(process.memoryUsage().rss)}, load average ${load()}`,
  );

  // Latency at the verification floor of t = 0.5 (estimate ≥ 0.45); every distinct document
  // examined passes through `exclude` exactly once, which counts the candidates.
  for (const limits of CAPS) {
    const candidates: number[] = [];
    const times: number[] = [];
    for (const q of queryDocs) {
      let examined = 0;
      const start = process.hrtime.bigint();
      const minDoc = limits.newestShare === undefined ? 0 : Math.floor(DOCS * (1 - limits.newestShare));
      index.query(sigOf(q), {
        maxCandidates: limits.cap,
        maxMatches: limits.maxMatches,
        minDoc,
        minEstimate: 0.5 - MARGIN,
        exclude: (d) => {
          examined++;
          return d === q;
        },
      });
      times.push(Number(process.hrtime.bigint() - start) / 1000);
      candidates.push(examined - 1);
    }
    const sorted = Float64Array.from(candidates).sort();
    console.log(
      `  ${capLabel(limits).padEnd(28)} candidates/query p50 ${percentile(sorted, 50)}, p99 ${percentile(sorted, 99)}; query ${timeQuantiles(times)}`,
    );
  }

  // Recall and precision against the brute-force truth. Verification: "est" accepts estimate ≥ t;
  // "est−m" accepts estimate ≥ t − 0.05; "exact" accepts estimate ≥ t + 0.05 and checks
  // t − 0.05 ≤ estimate < t + 0.05 by exact Jaccard.
  for (const threshold of THRESHOLDS) {
    for (const limits of CAPS.slice(0, 3)) {
      let truePairs = 0;
      let collided = 0;
      let smallTrue = 0;
      let smallFound = 0;
      let queriesWithTruth = 0;
      let queriesAt3 = 0;
      let recallSum = 0;
      const found = { est: 0, estLow: 0, exact: 0 };
      const returned = { est: 0, estLow: 0, exact: 0 };
      let exactChecks = 0;
      truthQueries.forEach((q, k) => {
        const matches = index!.query(sigOf(q), { maxCandidates: limits.cap, minEstimate: 0, exclude: (d) => d === q });
        const relevant = new Set([...truth[k]].filter(([, j]) => j >= threshold).map(([d]) => d));
        truePairs += relevant.size;
        let foundHere = 0;
        for (const { doc, estimate } of matches) {
          const isTrue = relevant.has(doc);
          if (isTrue) collided++;
          if (estimate >= threshold) {
            returned.est++;
            if (isTrue) found.est++;
          }
          if (estimate < threshold - MARGIN) continue;
          returned.estLow++;
          if (isTrue) found.estLow++;
          if (estimate < threshold + MARGIN) exactChecks++;
          if (estimate >= threshold + MARGIN || isTrue) {
            returned.exact++;
            if (isTrue) {
              found.exact++;
              foundHere++;
            }
          }
        }
        if (relevant.size > 0) {
          queriesWithTruth++;
          recallSum += foundHere / relevant.size;
          if (foundHere >= Math.min(3, relevant.size)) queriesAt3++;
        }
        if (relevant.size <= SMALL_RING) {
          smallTrue += relevant.size;
          smallFound += foundHere;
        }
      });
      const r = (x: number, of = truePairs): string => (of === 0 ? 'n/a' : (x / of).toFixed(3));
      const p = (x: number, y: number): string => (y === 0 ? 'n/a' : (x / y).toFixed(3));
      const verification =
        limits.cap === Infinity
          ? `collide ${r(collided)} | est: R ${r(found.est)} P ${p(found.est, returned.est)} | est−m: R ${r(found.estLow)} P ${p(found.estLow, returned.estLow)} | exact: R ${r(found.exact)} P ${p(found.exact, returned.exact)}`
          : `exact: R ${r(found.exact)} P ${p(found.exact, returned.exact)}`;
      console.log(
        `  J ≥ ${threshold.toFixed(2)} ${capLabel(limits).padEnd(9)} ${verification}; exact checks/query ${(exactChecks / TRUTH_QUERIES).toFixed(1)}; per-query mean R ${r(recallSum, queriesWithTruth)}; small-ring R ${r(smallFound, smallTrue)}; queries with ≥ min(3, true) found ${r(queriesAt3, queriesWithTruth)}`,
      );
    }
  }
  index = undefined;
}

section('Incremental build (add one by one from capacity 1,024, 32 × 4)');
{
  t = performance.now();
  const index = new LshIndex({ bands: 32, rows: 4 });
  for (let i = 0; i < DOCS; i++) index.add(signatures.subarray(i * SIGNATURE_LENGTH, (i + 1) * SIGNATURE_LENGTH));
  console.log(
    `${DOCS} adds with growth steps: ${((performance.now() - t) / 1000).toFixed(2)} s; ${(index.memoryBytes() / DOCS).toFixed(0)} bytes/doc at size ${index.size}; RSS ${mb(process.memoryUsage().rss)}`,
  );
}
console.log(`\nload average at the end: ${load()}`);
