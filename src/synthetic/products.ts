/**
 * The retail catalogue complaints are about: products by category with their price ranges, and
 * prices and sums of money as people write them.
 */
import { Rng } from './randomness.js';
import { pad2 } from './time.js';

export type Category = 'food' | 'imported' | 'health' | 'cosmetics' | 'electronics' | 'clothing' | 'toys';

/** What a complaint is about, as the complainant names it. */
export interface Item {
  name: string;
  unit: string;
}

/** A retail product: its price range and the field it belongs to. */
export interface Product extends Item {
  min: number;
  max: number;
  cat: Category;
}

const P = (cat: Category, rows: readonly (readonly [string, string, number, number])[]): Product[] =>
  rows.map(([name, unit, min, max]) => ({ name, unit, min, max, cat }));

export const PRODUCTS: Record<Category, Product[]> = {
  food: P('food', [
    ['黄芪薏米饼干', '盒', 12, 39],
    ['手工牛肉干', '袋', 19, 68],
    ['黑芝麻丸', '盒', 29, 69],
    ['酸枣仁百合糕', '盒', 25, 59],
    ['蜂蜜柚子茶', '瓶', 28, 58],
    ['即食燕窝', '瓶', 68, 298],
    ['冻干水果脆', '袋', 15, 39],
    ['红枣枸杞茶', '盒', 19, 49],
    ['螺蛳粉', '袋', 9.9, 19.9],
    ['零食大礼包', '份', 19.9, 49.9],
    ['月饼礼盒', '盒', 88, 398],
    ['桂花糕', '盒', 15, 35],
    ['鲜花饼', '盒', 19, 45],
    ['辣条', '包', 2.5, 9.9],
    ['火腿肠', '袋', 3.5, 12],
    ['挂面', '包', 4.5, 12],
    ['纯牛奶', '盒', 4.5, 9.8],
    ['方便面', '桶', 3.5, 6.5],
    ['手撕面包', '袋', 9.9, 19.9],
    ['风味豆干', '袋', 5, 12],
    ['散装糖果', '斤', 9.9, 19.9],
    ['温州鱼丸', '袋', 12, 29],
    ['酱鸭舌', '盒', 45, 98],
    ['猪肉脯', '袋', 15, 39],
    ['五香瓜子', '袋', 6, 15],
    ['苏打水', '瓶', 3, 6],
    ['代餐奶昔', '罐', 79, 199],
    ['挂耳咖啡', '盒', 39, 99],
    ['魔芋爽', '包', 1.5, 4.5],
    ['老酸奶', '杯', 6, 12],
    ['黄酒', '瓶', 25, 88],
    ['白酒', '瓶', 88, 698],
  ]),
  imported: P('imported', [
    ['进口曲奇饼干', '盒', 29, 89],
    ['进口红酒', '瓶', 88, 698],
    ['进口巧克力', '盒', 39, 129],
    ['进口奶粉', '罐', 198, 398],
    ['进口燕麦片', '袋', 39, 89],
    ['进口橄榄油', '瓶', 68, 198],
    ['进口果汁', '瓶', 12, 29],
    ['进口软糖', '袋', 15, 39],
    ['日本抹茶粉', '袋', 39, 99],
    ['泰国椰子水', '瓶', 8, 15],
    ['韩国海苔', '包', 9.9, 29],
    ['进口威化饼', '盒', 19, 49],
  ]),
  health: P('health', [
    ['鱼油软胶囊', '瓶', 98, 298],
    ['乳清蛋白粉', '罐', 168, 398],
    ['褪黑素片', '瓶', 59, 129],
    ['氨糖软骨素片', '瓶', 128, 398],
    ['辅酶Q10胶囊', '瓶', 99, 299],
    ['人参固体饮料', '盒', 68, 298],
    ['压片糖果', '瓶', 29, 128],
    ['葛根解酒片', '盒', 39, 99],
    ['苦瓜降糖茶', '盒', 59, 199],
    ['灵芝孢子粉', '盒', 198, 998],
    ['阿胶糕', '盒', 98, 298],
    ['益生菌粉', '盒', 79, 199],
  ]),
  cosmetics: P('cosmetics', [
    ['美白面霜', '瓶', 58, 398],
    ['祛斑精华液', '瓶', 98, 498],
    ['防脱洗发水', '瓶', 49, 159],
    ['祛痘凝胶', '支', 39, 99],
    ['补水面膜', '盒', 39, 129],
    ['婴儿护臀膏', '支', 29, 79],
    ['染发膏', '盒', 39, 99],
  ]),
  electronics: P('electronics', [
    ['蓝牙耳机', '副', 99, 499],
    ['充电宝', '个', 49, 159],
    ['电热水壶', '台', 59, 199],
    ['电饭煲', '台', 159, 699],
    ['吹风机', '个', 79, 399],
    ['空气炸锅', '台', 199, 599],
    ['插线板', '个', 19, 69],
    ['智能手表', '块', 199, 999],
    ['儿童电话手表', '块', 199, 599],
    ['扫地机器人', '台', 999, 2999],
    ['电动牙刷', '支', 99, 399],
    ['电暖器', '台', 129, 499],
  ]),
  clothing: P('clothing', [
    ['羽绒服', '件', 299, 1299],
    ['运动鞋', '双', 199, 899],
    ['羊毛衫', '件', 199, 699],
    ['真皮皮鞋', '双', 299, 899],
    ['儿童外套', '件', 99, 299],
    ['真丝睡衣', '套', 199, 599],
    ['牛仔裤', '条', 99, 399],
    ['皮带', '条', 59, 299],
  ]),
  toys: P('toys', [
    ['儿童积木', '盒', 49, 199],
    ['毛绒玩具', '个', 29, 99],
    ['遥控车', '辆', 99, 299],
    ['儿童滑板车', '辆', 129, 399],
    ['磁力片', '盒', 59, 199],
    ['水枪', '把', 19, 59],
  ]),
};

/** Cheap items professionals buy to claim the ¥1,000 / ¥500 statutory floors. */
export const CHEAP = [...PRODUCTS.food, ...PRODUCTS.imported].filter((p) => p.min <= 15);

export function price(rng: Rng, p: Product): number {
  const v = rng.uniform(p.min, p.max);
  if (p.max < 20) return Math.round(v * 10) / 10;
  return Math.max(p.min, Math.floor(v) + rng.pick([0, 0, 0.5, 0.8, 0.9]));
}

export const money = (x: number): number => Math.round(x * 100) / 100;
/** 12 → "12", 12.5 → "12.5", 12.05 → "12.05". */
export function amountText(x: number): string {
  const cents = Math.round(x * 100);
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  if (frac === 0) return String(whole);
  return frac % 10 === 0 ? `${whole}.${frac / 10}` : `${whole}.${pad2(frac)}`;
}
