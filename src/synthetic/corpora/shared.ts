/**
 * Text pieces every corpus uses: the slot filler type, full-width and traditional-character
 * rewriting, relative days, quantities and platform mentions.
 */
import { type Merchant, PLATFORM_NAME } from '../merchants.js';

export type Fill<C> = (c: C) => string;

export function fullWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c === 0x20 ? '\u3000' : c > 0x20 && c < 0x7f ? String.fromCharCode(c + 0xfee0) : ch;
  }
  return out;
}

/**
 * Simplified → traditional (Hong Kong usage) for the vocabulary this generator writes. OpenCC's
 * full dictionary takes ~0.4 s to load, too slow for small test streams, so this table was derived
 * from OpenCC's output over the generator's own texts: a character table, and the phrases where
 * one simplified character stands for several traditional ones (发 → 發/髮, 干 → 幹/乾, …).
 */
const TRAD_PHRASES = new Map<string, string>([
  ['邻里', '鄰里'],
  ['公里', '公里'],
  ['尽快', '儘快'],
  ['染发', '染髮'],
  ['洗发', '洗髮'],
  ['美发', '美髮'],
  ['理发', '理髮'],
  ['头发', '頭髮'],
  ['联系', '聯繫'],
  ['上周', '上週'],
  ['这周', '這週'],
  ['一周', '一週'],
  ['标注', '標註'],
  ['注册', '註冊'],
  ['复议', '複議'],
  ['反复', '反覆'],
  ['答复', '答覆'],
  ['一只', '一隻'],
  ['面霜', '面霜'],
  ['面包', '麪包'],
  ['挂面', '掛麪'],
  ['方便面', '方便麪'],
  ['面馆', '麪館'],
  ['手表', '手錶'],
  ['老板', '老闆'],
  ['标志', '標誌'],
  ['批准', '批准'],
  ['心脏', '心臟'],
  ['冻干', '凍乾'],
  ['饼干', '餅乾'],
  ['豆干', '豆乾'],
  ['肉干', '肉乾'],
  ['不干胶', '不乾膠'],
  ['若干', '若干'],
  ['分钟', '分鐘'],
  ['恶心', '噁心'],
  ['熏天', '熏天'],
  ['人参', '人蔘'],
]);
const TRAD_PHRASE = new RegExp(`(${[...TRAD_PHRASES.keys()].sort((a, b) => b.length - a.length).join('|')})`);
const TRAD_FROM =
  '职业号宁兴绍华丽马车学飞蝉锦绣汤桥滨东划龙瓯广场设环胜体风开区湾头县阳苍顺乐萧余临钱庐仑镇盐乡吴浔长诸义兰乌游黄岩门岭莲缙云庆苏楼郑岳汉厦济历庄陕壮园绿晖银陈张叶杨刘谢赵孙罗许韩冯' +
  '邓于蒋吕卢钟谭陆范贾邹贺顾龚万严项应伟静强军艳杰涛刚国辉晓峰红颖凯鹏泽轩远荣贵单饼干枣窝冻蛳礼鲜条肠挂纯装鱼酱鸭猪进麦榄软胶辅参饮压灵发补婴儿护蓝机电宝个热壶饭气锅线块话扫动绒运双' +
  '丝裤带积遥辆枪恒联达润丰诚优汇选购邻里猫烟连锁药妆馆数码饰专卖厅烧档会训艺术销务农贸维营舰产闲养肤类监几这买给过现经霉虫后显变质时称两对状盖拧图样来还层怀医说离页没写颜么问疗点传晕' +
  '恶货坏脸痒挤键关烫厉竖边声别断缩链钻轮题员态换处结让厂检测觉骗实办诉种负责无费间烦尽复请帮协调们决赔并额课节练报师构诺际蝇账价泻订乱约柜鉴据权诈偿规标签听况虚领导够视继续响见爷从揽' +
  '脏厨卫熏渍杀横摊准却凭盘与贩占摆尘饺执证贴验隐观组织讲鸡钢险顿冲驶异挡确认总仪灯统频启顶内湿计渗缘级旧群网彻瞒贷胆宽画为损预闭资笔俭攒当劝随呕诊绞误担腾纪缓驰锐讯极语编围举违该属喷' +
  '则仅剂递减钠书罚详询绝铺词册备录识适龄钾柠赛氢惩审纠纷恳奖励暂将沟记愿畅转络纸邮针议讼错终较';
const TRAD_TO =
  '職業號寧興紹華麗馬車學飛蟬錦繡湯橋濱東劃龍甌廣場設環勝體風開區灣頭縣陽蒼順樂蕭餘臨錢廬侖鎮鹽鄉吳潯長諸義蘭烏遊黃巖門嶺蓮縉雲慶蘇樓鄭嶽漢廈濟歷莊陝壯園綠暉銀陳張葉楊劉謝趙孫羅許韓馮' +
  '鄧於蔣呂盧鍾譚陸範賈鄒賀顧龔萬嚴項應偉靜強軍豔傑濤剛國輝曉峯紅穎凱鵬澤軒遠榮貴單餅幹棗窩凍螄禮鮮條腸掛純裝魚醬鴨豬進麥欖軟膠輔參飲壓靈發補嬰兒護藍機電寶個熱壺飯氣鍋線塊話掃動絨運雙' +
  '絲褲帶積遙輛槍恆聯達潤豐誠優匯選購鄰裏貓煙連鎖藥妝館數碼飾專賣廳燒檔會訓藝術銷務農貿維營艦產閒養膚類監幾這買給過現經黴蟲後顯變質時稱兩對狀蓋擰圖樣來還層懷醫説離頁沒寫顏麼問療點傳暈' +
  '惡貨壞臉癢擠鍵關燙厲豎邊聲別斷縮鏈鑽輪題員態換處結讓廠檢測覺騙實辦訴種負責無費間煩盡復請幫協調們決賠並額課節練報師構諾際蠅賬價瀉訂亂約櫃鑑據權詐償規標籤聽況虛領導夠視繼續響見爺從攬' +
  '髒廚衞燻漬殺橫攤準卻憑盤與販佔擺塵餃執證貼驗隱觀組織講雞鋼險頓衝駛異擋確認總儀燈統頻啓頂內濕計滲緣級舊羣網徹瞞貸膽寬畫為損預閉資筆儉攢當勸隨嘔診絞誤擔騰紀緩馳鋭訊極語編圍舉違該屬噴' +
  '則僅劑遞減鈉書罰詳詢絕鋪詞冊備錄識適齡鉀檸賽氫懲審糾紛懇獎勵暫將溝記願暢轉絡紙郵針議訟錯終較';
const TRAD_CHARS = new Map<string, string>([...TRAD_FROM].map((c, i) => [c, [...TRAD_TO][i]]));
// Every character in the table is in the BMP, so a plain (non-unicode) class matches them.
const TRAD_CHAR = new RegExp(`[${TRAD_FROM}]`, 'g');
const toTraditionalChar = (ch: string): string => TRAD_CHARS.get(ch)!;

export function traditional(text: string): string {
  // split() with a capturing group alternates plain stretches and phrases, so a converted phrase
  // is never run through the character table again.
  const parts = text.split(TRAD_PHRASE);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    out += i % 2 ? TRAD_PHRASES.get(parts[i])! : parts[i].replace(TRAD_CHAR, toTraditionalChar);
  }
  return out;
}

export const REL_DAYS = ['前几天', '上周', '昨天', '上个月', '前天', '月初', '这个月中旬', '上周末'];
export const qtyText = (qty: number, unit: string): string => (qty === 1 ? '一' + unit : `${qty}${unit}`);
export const via = (m: Merchant): string => (m.platform ? `${PLATFORM_NAME[m.platform]}上的` : '');
