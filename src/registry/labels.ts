/**
 * Chinese names of the registry's codes, for what people read outside the console (the CSV
 * export). The console has its own copy in static/labels.js, since it loads no server modules.
 */
import type { Measure, RegistryState } from './state-machine.js';

export const STATE_LABELS: Record<RegistryState | 'none', string> = {
  none: '未入名录流程',
  flagged: '已标记待审',
  under_review: '审查中',
  proposed: '已提议列入',
  notified: '已告知',
  listed: '已列入名录',
  dismissed: '已撤销',
  removed: '已移出',
};

export const MEASURE_LABELS: Record<Measure, string> = {
  priority_identity_check: '对其投诉举报优先核验身份信息',
  consumer_relationship_check: '对其投诉核查是否存在真实消费关系',
  merged_handling: '对其同类投诉举报合并处理',
};

export const IDENTIFIER_LABELS: Record<string, string> = {
  resident_id: '居民身份证号码',
  passport: '护照号码',
  other: '证件号码',
  phone: '联系电话',
  account: '平台账号',
  address: '地址（区县）',
};
