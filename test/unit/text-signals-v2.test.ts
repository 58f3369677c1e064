/**
 * Lexicon v2 reads claims as courts, lawyers and the claimants who reuse their drafts write them.
 * Every sentence here is written for this test (the real-dev texts are never copied into the
 * project). Where v2 reads more than v1, the test also pins that v1 still reads as it did.
 */
import t from 'tap';
import { readTextSignals } from '../../src/detection/text-signals/index.js';
import { lexiconFor } from '../../src/detection/lexicon.js';

const v2 = (text: string) => readTextSignals(text, {}, 'v2');
const v1 = (text: string) => readTextSignals(text);

t.test('a total that adds the refund to a statutory floor is their sum, not the price', async (t) => {
  const numbered = '1、判令被告赔偿原告1,000元、退还货款12.50元，合计1,012.50元；2、本案诉讼费由被告负担。';
  t.match(v2(numbered).punitive, { multiple: '10x', how: 'floor' });
  t.same(v2(numbered).amounts, { paid: 12.5, claimed: 1000 });
  t.equal(v1(numbered).punitive, null, 'v1 took the total for the price and saw no floor');
  const ratio = '请求判令被告退还货款300元，支付赔偿金3000元，共计3300元。';
  t.match(v2(ratio).punitive, { multiple: '10x', how: 'ratio' });
  t.same(v2(ratio).amounts, { paid: 300, claimed: 3000 }, 'a total that adds up is neither price nor claim');
  const notASum = '我在店里消费，共计花费58元，要求退款。';
  t.same(v2(notASum).amounts, v1(notASum).amounts, 'a total that sums nothing listed is still read as before');
});

t.test('numbered requests, Chinese numerals and 万 amounts', async (t) => {
  t.match(v2('一、判令被告退还货款12元；二、判令被告赔偿壹仟元。').punitive, { multiple: '10x', how: 'floor' });
  t.match(v2('请求判令被告退还货款3.5万元，赔偿35万元。').punitive, { multiple: '10x', how: 'ratio' });
  t.match(v2('原告购买牛肉干一袋，单价9.9元。请求判令被告支付原告赔偿金1000元。').punitive, { multiple: '10x', how: 'floor' });
  t.equal(v2('原告购买整箱红酒，价款2400元，请求判令被告赔偿1000元。').punitive, null, 'a floor is no floor on a large purchase');
});

t.test('citing the punitive article is demanding its multiple', async (t) => {
  t.match(v2('请求依照《中华人民共和国食品安全法》第一百四十八条的规定判令被告赔偿。').punitive, { multiple: '10x', how: 'statute' });
  t.match(v2('根据消法第55条要求商家赔偿。').punitive, { multiple: '3x', how: 'statute' });
  t.match(v2('依据食品安全法148条主张赔偿').punitive?.phrases, ['食品安全法148条']);
  t.equal(v2('依据《民法典》第一百四十八条主张撤销合同。').punitive, null, 'another law with the same article number');
  t.equal(v2('违反了《食品安全法》第三十四条的规定。').punitive, null, 'another article of the same law');
  t.equal(v2('本人不主张食品安全法第一百四十八条规定的赔偿，只要求退货。').punitive, null, 'a negated citation');
  t.equal(v1('请求依照《中华人民共和国食品安全法》第一百四十八条的规定判令被告赔偿。').punitive, null, 'v1 did not read citations');
});

t.test('quantities bought are read from the text, not from names or pack sizes', async (t) => {
  t.match(v2('我于3月2日在该店购买了“某牌核桃粉（500g）”3盒、12瓶饮料，共计花费300元。').quantity, { value: 15 });
  t.match(v2('原告购买某品牌口服液（50ml*10瓶）30盒。').quantity, { value: 30 });
  t.match(v2('原告购买礼盒8箱（每箱6瓶）共计48瓶。').quantity, { value: 48 }, 'a stated total replaces the sum');
  t.match(v2('原告购买整箱饮料2箱，一箱24罐。').quantity, { value: 2 }, 'a pack size after a count is not another purchase');
  t.match(v2('购买了“维生素软糖120粒”4瓶').quantity, { value: 4 }, 'a count inside the name is not the quantity');
  t.match(v2('消费者购买九盒，商家只同意退回八盒').quantity, { value: 9 }, 'the list ends where its clause goes on');
  t.equal(v2('我在2017年买了房子，住了3个月').quantity, null, 'months are not goods');
  t.equal(v2('购买的商品违反了第一百五十条').quantity, null, 'an article is not a count');
  t.equal(v2('我们村有200户人家').quantity, null, 'no purchase, no quantity');
  t.equal(v1('原告购买饼干30盒。').quantity, null, 'v1 never read quantities');
});

t.test('goods sold past their shelf life are read from the dates', async (t) => {
  const expired = v2('2019年5月1日在超市购买的酸奶，生产日期2019年3月1日，保质期21天。');
  t.ok(
    expired.substantive?.phrases.some((p) => p.includes('保质期21天')),
    'expired: a substantive problem',
  );
  t.equal(expired.labelOrAd?.kinds[0], 'label', 'the label words are still read');
  const months = v2('原告于2018年10月14日购买了葡萄干，生产日期为2017年12月16日，保质期9个月。');
  t.ok(months.substantive, 'shelf life in months');
  const until = v2('原告于2018年10月19日购买面皮，保质期至2018年10月8日。生产日期为2018年7月11日，保质期至2018年10月8日。');
  t.ok(until.substantive, 'an end date');
  const fresh = v2('2019年3月5日购买的酸奶，生产日期2019年3月1日，保质期21天，标签字体过小。');
  t.equal(fresh.substantive, null, 'within its shelf life: only a label complaint');
  t.equal(v1('2019年5月1日在超市购买的酸奶，生产日期2019年3月1日，保质期21天。').substantive, null, 'v1 needed the word 过期');
});

t.test('label, import-permit and advertising-law allegations as lawyers word them', async (t) => {
  t.match(v2('涉案音箱没有加施3C认证标志。').labelOrAd, { kinds: ['label'] });
  t.match(v2('该进口红酒未能提供入境货物检验检疫证明。').labelOrAd, { kinds: ['label'] });
  t.match(v2('商品详情页使用“国家级”“最高级”等用语，违反广告法第九条的规定。').labelOrAd, { kinds: ['advertising'] });
  t.match(v2('该食品宣传具有降血压、降血脂的作用。').labelOrAd, { kinds: ['advertising'] });
});

t.test('lexicon v2 is v1 plus its additions', async (t) => {
  const [one, two] = [lexiconFor('v1'), lexiconFor('v2')];
  for (const phrase of one.allegations.label) t.ok(two.allegations.label.includes(phrase), `v2 keeps ${phrase}`);
  t.ok(two.quantity && two.expiry && two.punitive.statutes?.length && two.amounts.totalsAddUp);
  t.notOk(one.quantity || one.expiry || one.punitive.statutes || one.amounts.totalsAddUp, 'v1 reads as it always did');
  t.same(
    two.categories.categories.map((c) => c.code),
    one.categories.categories.map((c) => c.code),
  );
});

t.test('a multiple of what was paid, however the payment is named', async (t) => {
  t.match(v2('请求判令被告按购物款三倍支付。').punitive, { multiple: '3x', how: 'keyword' });
  t.equal(v2('该商品价格比别家高出三倍。').punitive, null, 'a price comparison is no demand');
});
