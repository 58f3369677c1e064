/**
 * What people hit by one real defect write: a script per wave kind (car, phone, closure, poisoning)
 * and the models and courses they name.
 */
import type { Fill } from './shared.js';

export type WaveKind = 'car' | 'phone' | 'closure' | 'poisoning';

export interface WaveCtx {
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

export const WAVES: Record<WaveKind, WaveScript> = {
  car: {
    intros: [
      (c) => `我于${c.date}在${c.m}购买了一辆${c.model}`,
      (c) => `本人是${c.model}车主，${c.ym}在${c.m}提的车`,
      (c) => `${c.date}在${c.m}买的${c.model}，车架号${c.vin}`,
      (c) => `我家${c.ym}在${c.m}花了${c.amt}元买了一辆${c.model}`,
      (c) => `${c.ym}从${c.m}购买${c.model}一辆，落地价${c.amt}元`,
    ],
    defects: [
      [
        (c) => `开了不到${c.km}公里变速箱就开始顿挫，起步时车身一冲一冲的`,
        () => '低速行驶时变速箱顿挫严重，还有明显异响',
        () => '从二挡升三挡的时候顿挫特别明显，坐车的人都头晕',
      ],
      [
        () => '发动机烧机油，每开一千公里就要补一升机油',
        () => '保养时发现机油消耗异常，4S店检测后确认是烧机油',
        () => '机油总是不够，仪表盘上机油报警灯经常亮',
      ],
      [() => '中控大屏经常黑屏死机，倒车影像也用不了', () => '车机系统频繁重启，导航用到一半就卡死', () => '开着开着中控屏突然黑掉，只能熄火重启才能恢复'],
      [() => '下雨天天窗漏水，车顶内饰和座椅全湿了', () => '天窗排水设计有问题，一下雨就往车里渗水', () => '洗车后发现天窗边缘一直往里滴水'],
    ],
    histories: [
      (c) => `去4S店检修了${c.n}次都没有解决`,
      () => '4S店说是正常现象，不给处理',
      () => '厂家一直说在研究解决方案，到现在没有结果',
      () => '升级了两次系统问题依旧',
      (c) => `前后跑了${c.n}趟4S店，每次都说修好了，开两天又出现`,
    ],
    collective: ['车友群里很多车主都遇到同样的问题', '这显然是批量性的质量问题', '网上搜了一下，同款车很多人投诉', '', ''],
    demands: [
      [() => '要求厂家召回并彻底解决', null],
      [() => '要求免费更换相关总成并延长质保', null],
      [() => '要求退车退款', null],
      [() => '希望监管部门督促厂家给个说法', null],
      [() => '4S店隐瞒车辆缺陷，要求按消法退一赔三', '3x'],
    ],
    personal: [
      '这辆车是家里唯一的车，每天要接送孩子',
      '我平时跑网约车，车一坏就没有收入',
      '车还在贷款，每个月要还三千多',
      '家里老人现在都不敢坐这辆车了',
      '现在每次开车都提心吊胆',
    ],
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
      (c) => `送到官方售后，说是人为损坏，要收${c.fee}元维修费`,
      () => '售后说过了保修期，只能自费维修',
      (c) => `售后检测后说要换配件，费用${c.fee}元`,
      () => '售后一直让我等配件，等了一个月也没消息',
    ],
    collective: ['网上很多同型号的用户都有这个问题', '身边用这款手机的朋友也出现了同样情况', '这是设计缺陷，不是个例', ''],
    demands: [
      [() => '要求免费维修', null],
      [() => '要求厂家承认质量问题并免费维修', null],
      [() => '要求退货退款', null],
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
      [(c) => `要求退还剩余费用${c.rest}元`, null],
      [() => '希望政府部门帮忙追回预付款', null],
      [() => '要求机构退费，并追究负责人的责任', null],
    ],
    personal: ['孩子一直吵着要去上课', '这笔钱是我们省吃俭用攒下来的', '当初是销售一直劝我们续费才交的钱', '办卡时机构说可以随时退'],
    harm: false,
  },
  poisoning: {
    intros: [
      (c) => `${c.date}我们一家在${c.m}吃饭`,
      (c) => `${c.date}参加朋友婚宴，地点在${c.m}`,
      (c) => `${c.date}公司在${c.m}聚餐`,
      (c) => `${c.date}晚上在${c.m}点了外卖`,
    ],
    defects: [[() => '回家后当晚就开始呕吐腹泻', () => '吃完几个小时后全家人上吐下泻，到医院诊断为急性肠胃炎', () => '半夜开始发烧、肚子绞痛，去医院挂了急诊']],
    histories: [(c) => `花了医药费${c.fee}元`, (c) => `住院${c.k}天`, (c) => `请了${c.k}天假没去上班`],
    collective: ['同桌的人大多也出现了同样症状', '听说当天在那里吃饭的很多人都病了', ''],
    demands: [
      [() => '要求饭店赔偿医药费和误工费', null],
      [() => '要求商家承担全部医疗费用并道歉', null],
      [() => '要求依法赔偿', null],
      [() => '根据食品安全法，要求饭店赔偿损失并支付十倍餐费的赔偿金', '10x'],
    ],
    personal: ['孩子还小，折腾了一晚上', '家里老人年纪大了，到现在还没缓过来', '第二天还要上班，只能请假'],
    harm: true,
  },
};

export const CAR_MODELS = ['凌越S6', '驰锐X7', '途越ES', '锐腾GT', '云图L5'];
export const PHONE_MODELS = ['讯锐Note 12', '星耀X30', '灵犀P8 Pro', '极光Mate 5', '青禾C9'];
export const COURSES = ['英语', '美术', '编程', '舞蹈', '游泳', '钢琴', '围棋', '跆拳道'];
