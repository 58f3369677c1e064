/**
 * Where people live and businesses are registered: Zhejiang's county-level divisions, birthplaces
 * elsewhere, streets and residential compounds, and the weights of the district and province scales.
 */
import { Weighted } from './randomness.js';
import type { Group } from './shapes.js';

export interface District {
  code: string;
  name: string;
  city: string;
  province: string;
  streets: readonly string[];
}

const CITIES: Record<string, string> = {
  '3301': '杭州市',
  '3302': '宁波市',
  '3303': '温州市',
  '3304': '嘉兴市',
  '3305': '湖州市',
  '3306': '绍兴市',
  '3307': '金华市',
  '3308': '衢州市',
  '3309': '舟山市',
  '3310': '台州市',
  '3311': '丽水市',
};

const LUCHENG_STREETS = [
  '五马街',
  '解放北路',
  '人民西路',
  '车站大道',
  '学院中路',
  '飞霞南路',
  '府前街',
  '信河街',
  '蝉街',
  '锦绣路',
  '汤家桥路',
  '黎明西路',
  '江滨西路',
  '望江东路',
  '划龙桥路',
  '瓯江路',
  '广场路',
  '南塘街',
];
const COMMON_STREETS = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '新华路',
  '文化路',
  '环城北路',
  '城南大道',
  '滨江路',
  '工业路',
  '兴业路',
  '光明路',
  '胜利路',
  '和平路',
  '体育场路',
  '府前路',
  '东风路',
  '新民街',
  '开元路',
  '学府路',
];

/** [code, name, relative population]: Zhejiang county-level divisions in use since 2021. */
const ZHEJIANG: readonly (readonly [string, string, number])[] = [
  ['330302', '鹿城区', 10],
  ['330303', '龙湾区', 6],
  ['330304', '瓯海区', 8],
  ['330305', '洞头区', 1],
  ['330324', '永嘉县', 6],
  ['330326', '平阳县', 6],
  ['330327', '苍南县', 6],
  ['330328', '文成县', 2],
  ['330329', '泰顺县', 2],
  ['330381', '瑞安市', 11],
  ['330382', '乐清市', 11],
  ['330383', '龙港市', 4],
  ['330102', '上城区', 13],
  ['330105', '拱墅区', 11],
  ['330106', '西湖区', 11],
  ['330108', '滨江区', 5],
  ['330109', '萧山区', 20],
  ['330110', '余杭区', 12],
  ['330111', '富阳区', 8],
  ['330112', '临安区', 6],
  ['330113', '临平区', 11],
  ['330114', '钱塘区', 7],
  ['330122', '桐庐县', 4],
  ['330127', '淳安县', 3],
  ['330182', '建德市', 4],
  ['330203', '海曙区', 10],
  ['330205', '江北区', 5],
  ['330206', '北仑区', 8],
  ['330211', '镇海区', 5],
  ['330212', '鄞州区', 16],
  ['330213', '奉化区', 6],
  ['330225', '象山县', 6],
  ['330226', '宁海县', 7],
  ['330281', '余姚市', 12],
  ['330282', '慈溪市', 18],
  ['330402', '南湖区', 6],
  ['330411', '秀洲区', 6],
  ['330421', '嘉善县', 6],
  ['330424', '海盐县', 4],
  ['330481', '海宁市', 7],
  ['330482', '平湖市', 6],
  ['330483', '桐乡市', 8],
  ['330502', '吴兴区', 8],
  ['330503', '南浔区', 5],
  ['330521', '德清县', 5],
  ['330522', '长兴县', 7],
  ['330523', '安吉县', 5],
  ['330602', '越城区', 9],
  ['330603', '柯桥区', 11],
  ['330604', '上虞区', 8],
  ['330624', '新昌县', 4],
  ['330681', '诸暨市', 12],
  ['330683', '嵊州市', 7],
  ['330702', '婺城区', 9],
  ['330703', '金东区', 5],
  ['330723', '武义县', 4],
  ['330726', '浦江县', 5],
  ['330727', '磐安县', 2],
  ['330781', '兰溪市', 6],
  ['330782', '义乌市', 19],
  ['330783', '东阳市', 11],
  ['330784', '永康市', 10],
  ['330802', '柯城区', 4],
  ['330803', '衢江区', 4],
  ['330822', '常山县', 3],
  ['330824', '开化县', 3],
  ['330825', '龙游县', 4],
  ['330881', '江山市', 5],
  ['330902', '定海区', 5],
  ['330903', '普陀区', 3],
  ['330921', '岱山县', 2],
  ['330922', '嵊泗县', 1],
  ['331002', '椒江区', 7],
  ['331003', '黄岩区', 6],
  ['331004', '路桥区', 7],
  ['331022', '三门县', 4],
  ['331023', '天台县', 4],
  ['331024', '仙居县', 4],
  ['331081', '温岭市', 14],
  ['331082', '临海市', 11],
  ['331083', '玉环市', 6],
  ['331102', '莲都区', 5],
  ['331121', '青田县', 4],
  ['331122', '缙云县', 4],
  ['331123', '遂昌县', 2],
  ['331124', '松阳县', 2],
  ['331125', '云和县', 1],
  ['331126', '庆元县', 1],
  ['331127', '景宁畲族自治县', 1],
  ['331181', '龙泉市', 2],
];

/** Birthplaces of people from elsewhere; professional claimants are often not local. */
const ELSEWHERE: readonly (readonly [string, string, string, string])[] = [
  ['320102', '江苏省', '南京市', '玄武区'],
  ['320106', '江苏省', '南京市', '鼓楼区'],
  ['410105', '河南省', '郑州市', '金水区'],
  ['430104', '湖南省', '长沙市', '岳麓区'],
  ['420106', '湖北省', '武汉市', '武昌区'],
  ['360102', '江西省', '南昌市', '东湖区'],
  ['340104', '安徽省', '合肥市', '蜀山区'],
  ['350203', '福建省', '厦门市', '思明区'],
  ['440106', '广东省', '广州市', '天河区'],
  ['510107', '四川省', '成都市', '武侯区'],
  ['370102', '山东省', '济南市', '历下区'],
  ['130102', '河北省', '石家庄市', '长安区'],
  ['610113', '陕西省', '西安市', '雁塔区'],
  ['500103', '重庆市', '', '渝中区'],
  ['450103', '广西壮族自治区', '南宁市', '青秀区'],
  ['310115', '上海市', '', '浦东新区'],
];

export const DISTRICTS: readonly District[] = [
  ...ZHEJIANG.map(([code, name]) => ({
    code,
    name,
    city: CITIES[code.slice(0, 4)],
    province: '浙江省',
    streets: code === '330302' ? LUCHENG_STREETS : COMMON_STREETS,
  })),
  ...ELSEWHERE.map(([code, province, city, name]) => ({ code, name, city, province, streets: COMMON_STREETS })),
];
export const ZJ_COUNT = ZHEJIANG.length;
const HOME_DISTRICT = 0; // 鹿城区: the district-year scale is modelled on Lucheng's bureau.

export interface Geography {
  /** District index → weight, for businesses with a counter. */
  shops: ReadonlyMap<number, number>;
  /** District index → weight, for where online shops are registered. */
  online: ReadonlyMap<number, number>;
  /** Where local complainants live. */
  residents: Weighted<number>;
  /** Share of people who live outside Zhejiang, by group. */
  outsiders: Record<Group, number>;
}

export function geography(kind: 'district' | 'province'): Geography {
  const zj = ZHEJIANG.map(([code, , w], i) => [i, w, code] as const);
  const wenzhou = zj.filter(([, , code]) => code.startsWith('3303'));
  if (kind === 'district') {
    const local = wenzhou.map(([i, w]) => [i, i === HOME_DISTRICT ? 60 : w] as const);
    return {
      shops: new Map(local),
      online: new Map(zj.map(([i, w, code]) => [i, code.startsWith('3303') ? w * 4 : w] as const)),
      residents: new Weighted(wenzhou.map(([i, w]) => [i, i === HOME_DISTRICT ? 40 : w] as const)),
      outsiders: { ordinary: 0.08, heavy_genuine: 0, collective: 0.03, professional: 0.45, ring: 0.3 },
    };
  }
  const all = zj.map(([i, w]) => [i, w] as const);
  return {
    shops: new Map(all),
    online: new Map(zj.map(([i, w, code]) => [i, code.startsWith('3301') ? w * 3 : w] as const)),
    residents: new Weighted(all),
    outsiders: { ordinary: 0.1, heavy_genuine: 0, collective: 0.03, professional: 0.4, ring: 0.3 },
  };
}

export const COMPOUNDS = [
  '锦绣花园',
  '阳光家园',
  '翠微新村',
  '江滨小区',
  '东方明珠苑',
  '和平新村',
  '景山花园',
  '府东公寓',
  '新城嘉苑',
  '绿城玫瑰园',
  '金色家园',
  '春晖小区',
  '滨江花苑',
  '康乐坊',
  '水心住宅区',
  '银都花园',
  '广厦公寓',
  '松台小区',
];
