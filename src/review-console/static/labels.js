/** Chinese names for the contract's enum values, so pages never show raw codes alone. */

export const STATE_LABELS = {
  none: '未入名录流程',
  flagged: '已标记待审',
  under_review: '审查中',
  proposed: '已提议列入',
  notified: '已告知',
  listed: '已列入名录',
  dismissed: '已撤销',
  removed: '已移出',
};

export const LEVEL_LABELS = { none: '无', watch: '关注', review: '需审查' };

export const ROLE_LABELS = { reviewer: '审查员', supervisor: '主管', admin: '管理员', intake: '受理系统' };

export const KIND_LABELS = {
  complaint: '投诉',
  report: '举报',
  complaint_and_report: '投诉举报',
  information_request: '政府信息公开申请',
  reconsideration: '行政复议',
  litigation: '行政诉讼',
};

export const CLASS_LABELS = {
  volume: '数量类',
  text: '文本类',
  profit: '牟利类',
  pattern: '行为模式类',
  conduct: '言行类',
  identity: '身份类',
  context: '背景类',
};

/** Titles of rule set v1; the queue only returns codes, the profile returns each finding's own title. */
export const INDICATOR_LABELS = {
  VOLUME_YEAR: '一年内投诉举报数量较多',
  BURST: '短期内集中投诉',
  MULTI_REGION: '跨多个辖区投诉',
  TEMPLATE_SELF: '同一文本模板投诉不同经营者',
  TEMPLATE_RING: '与他人使用相同文本',
  PUNITIVE_DEMAND: '主张惩罚性赔偿',
  TINY_PURCHASE_BIG_CLAIM: '小额购买、高额索赔',
  LABEL_OR_AD_ONLY: '仅针对标签或广告用语',
  BULK_OR_SPLIT: '超量或拆单购买',
  BUY_THEN_COMPLAIN: '购买后短时间内投诉',
  REPEAT_AFTER_PAYOUT: '获赔后再次投诉',
  WITHDRAW_AFTER_SETTLEMENT: '私下和解后撤诉',
  REWARD_SEEKING: '多次申请举报奖励',
  THREAT: '以曝光等相要挟',
  SHARED_IDENTITY: '多个身份证号共用标识',
  PROCEEDINGS: '多次复议或诉讼（背景）',
};

export const IDENTIFIER_LABELS = {
  resident_id: '居民身份证号码',
  passport: '护照号码',
  other: '其他证件号码',
  phone: '联系电话',
  account: '平台账号',
  address: '地址（区县）',
};

export const MEASURE_LABELS = {
  priority_identity_check: '对其投诉举报优先核验身份信息',
  consumer_relationship_check: '对其投诉核查是否存在真实消费关系',
  merged_handling: '对其同类投诉举报合并处理',
};
export const MEASURES = Object.keys(MEASURE_LABELS);

export const EVENT_LABELS = {
  withdrawn: '撤回',
  settled: '和解',
  compensated: '已赔付',
  mediation_ended: '调解终止',
  upheld: '投诉成立',
  rejected: '不予受理',
};

/** Audit and history action names; `decide` is recorded with its decision. */
export const ACTION_LABELS = {
  flag: '系统标记',
  manual_proposal: '人工提出',
  claim: '认领审查',
  dismiss: '撤销标记',
  propose: '提议列入',
  reject: '退回提议',
  approve_notice: '批准告知',
  record_defence: '登记申辩',
  decide: '作出决定',
  'decide:list': '决定列入',
  'decide:drop': '决定不予列入',
  remove: '提前移出',
  renew: '续期',
  expire: '期满移出',
  record_service: '登记送达',
};

/** What each contract error code means for the person at the screen. */
export const ERROR_LABELS = {
  UNAUTHENTICATED: '令牌无效或已被撤销，请重新登录。',
  FORBIDDEN: '当前角色无权执行此操作。',
  FOUR_EYES: '四眼原则：提议列入的人不能批准告知书，也不能作出列入决定，须由另一位主管办理。',
  VALIDATION_FAILED: '提交的内容不符合要求，请按下列提示修改。',
  INVALID_JSON: '请求格式错误。',
  NOT_FOUND: '未找到该记录。',
  INVALID_TRANSITION: '当前状态下不能执行此操作（可能尚未到期限、尚未申辩，或已被他人处理）。',
  ENTRY_OPEN: '该当事人已有未结的名录记录。',
  NO_NEW_EVIDENCE: '续期需要新的、单独记录的证据。',
  ALREADY_SERVED: '该文书的送达情况已登记。',
  PDF_UNAVAILABLE: '暂无法生成 PDF（未配置或无法启动 Chromium），可先用“打印”按钮打印。',
  RATE_LIMITED: '请求过于频繁，请稍后再试。',
  PAYLOAD_TOO_LARGE: '提交的内容过长。',
  INTERNAL: '服务内部错误，已记录日志。',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试。',
  NETWORK: '无法连接服务。',
  CONSOLE_ROLE: '本控制台仅供审查员和主管使用。',
  DUPLICATE_EXTERNAL_ID: '外部编号已被另一件不同内容的投诉使用。',
  VERSION_EXISTS: '该规则版本已存在。',
  UNSUPPORTED_MEDIA_TYPE: '请求格式不受支持。',
  AUDIT_CHAIN_BROKEN: '审计链校验未通过，系统暂停写入，请联系管理员。',
};

/** Form fields as the API names them in error details (`/reason`, `/measures/0` …). */
export const FIELD_LABELS = {
  reason: '理由',
  defence: '申辩内容',
  decision: '决定',
  measures: '措施',
  action: '操作',
  expiresAt: '有效期至',
  complainantId: '当事人编号',
  otherId: '另一当事人编号',
  mergeId: '合并记录',
  idNumber: '身份证号码',
  phone: '联系电话',
  accountId: '平台账号',
  externalId: '投诉外部编号',
  name: '姓名',
  cursor: '分页位置',
  limit: '每页条数',
};

/** The API's detail messages are English; these patterns say the same in Chinese. */
export const DETAIL_MESSAGES = [
  [/required|must not be blank|must have required/i, '必须填写'],
  [/at most (\d+)|must NOT have more than (\d+)/i, (m) => `不得超过 ${m[1] ?? m[2]} 个字`],
  [/in the future/i, '必须晚于当前时间'],
  [/RFC 3339|date-time/i, '日期时间格式不正确'],
  [/check digit|GB 11643/i, '身份证号码校验位不正确'],
  [/not a phone/i, '不是有效的电话号码'],
  [/needs at least one/i, '请至少填写一项查询条件'],
  [/narrow|not among the measures/i, '只能缩减原有措施，不能增加'],
  [/accepted only with/i, '此操作不接受该项'],
  [/must be one of|must be equal to one of/i, '取值不在允许范围内'],
  [/not a cursor/i, '分页位置无效，请回到第一页'],
];

/** Why an action is not offered now (allowedActions[].unavailable.code from the API). */
export const UNAVAILABLE_LABELS = {
  ROLE: (p) => `须由${(p.roles ?? []).map((r) => ROLE_LABELS[r] ?? r).join('或')}办理，当前角色为${ROLE_LABELS[p.role] ?? p.role}`,
  DEADLINE_NOT_REACHED: (p) => (p.deadline ? `申辩期限至 ${String(p.deadline).slice(0, 10)} 届满，期满前且未登记申辩时不能决定列入` : '尚无申辩期限'),
  NOT_SERVED: () => '告知书尚未登记送达：申辩期限自送达之日起计算，期满前且未登记申辩时不能决定列入',
  RENEW_NOT_YET: (p) => `续期自到期前${p.days ?? 30}日起方可办理（${String(p.opensAt ?? '').slice(0, 10)} 起）`,
  EXPIRED: (p) => `名录已于 ${String(p.expiresAt ?? '').slice(0, 10)} 到期，不能续期`,
  NO_EXPIRY: () => '该记录没有到期时间',
  FOUR_EYES: () => '四眼原则：提议人不能批准告知书或作出决定，须由另一位主管办理',
  STATE: (p) => `当前状态（${STATE_LABELS[p.state] ?? p.state}）下不适用`,
};

/** How a search result matched. */
export const MATCHED_LABELS = { idNumber: '身份证号码', phone: '联系电话', accountId: '平台账号', externalId: '投诉外部编号', name: '姓名' };
