/**
 * What claimants write against the bureau itself: information requests, reconsiderations and
 * lawsuits.
 */
import type { Fill } from './shared.js';

interface ProceedingCtx {
  date: string;
  m: string;
  bureau: string;
  court: string;
}

export const PROCEEDINGS: Record<'information_request' | 'reconsideration' | 'litigation', readonly Fill<ProceedingCtx>[]> = {
  information_request: [
    (c) =>
      `申请人于${c.date}向贵局投诉${c.m}销售不合格商品一案，现依据《中华人民共和国政府信息公开条例》申请公开：1.该案的立案、调查及处理结果；2.对被投诉人作出的行政处罚决定书；3.执法人员现场检查笔录。`,
    (c) => `根据《中华人民共和国政府信息公开条例》第二十七条，申请公开${c.bureau}对本人举报${c.m}一案的处理情况及相关证据材料，请以纸质形式邮寄。`,
  ],
  reconsideration: [
    (c) =>
      `申请人不服${c.bureau}于${c.date}作出的不予立案决定（针对本人举报${c.m}一事），依据《中华人民共和国行政复议法》申请行政复议，请求撤销该决定并责令重新作出处理。`,
    (c) => `${c.bureau}对申请人关于${c.m}的举报未在法定期限内处理，属于不履行法定职责，特申请行政复议。`,
  ],
  litigation: [
    (c) => `原告因被告${c.bureau}未依法履行查处${c.m}违法行为的法定职责，已向${c.court}人民法院提起行政诉讼，现将起诉状副本提交贵局。`,
    (c) => `就${c.m}一案，${c.bureau}作出的答复认定事实不清、适用法律错误，本人已向${c.court}人民法院提起行政诉讼。`,
  ],
};
