import t from 'tap';
import { createTextSignalReader, readTextSignals } from '../../src/detection/text-signals/index.js';
import { LexiconError, shippedLexicon, validateLexicon } from '../../src/detection/lexicon.js';

const read = readTextSignals;

t.test('when a punitive demand is written as a keyword, then it is read with its words', async (t) => {
  const tenfold = read('本人于2026年3月1日在贵店购买进口饼干一盒，发现无中文标签，根据《食品安全法》第一百四十八条规定，要求十倍赔偿。');
  t.same(tenfold.punitive, { multiple: '10x', how: 'keyword', phrases: ['十倍赔偿'] });

  const treble = read('该商品存在欺诈行为，要求商家按照价款的三倍进行赔偿。');
  t.equal(treble.punitive?.multiple, '3x');
  t.same(treble.punitive?.phrases, ['价款的三倍']);

  t.same(read('请求依法给予惩罚性赔偿。').punitive, { multiple: 'other', how: 'keyword', phrases: ['惩罚性赔偿'] });
  t.equal(read('依据消费者权益保护法要求增加赔偿。').punitive?.multiple, '3x', '增加赔偿 is the Art. 55 term');
  t.same(read('I bought expired milk and demand ten times compensation.').punitive, { multiple: '10x', how: 'keyword', phrases: ['ten times compensation'] });
  t.equal(read('We seek treble damages under the law.').punitive?.multiple, '3x');
  t.equal(read('It often times breaks.').punitive, null, 'English words match whole');
});

t.test('when the text is traditional or full-width, then it is read and quoted as written', async (t) => {
  const traditional = read('本人在貴店購買的餅乾標籤不合格，要求十倍賠償。');
  t.same(traditional.punitive?.phrases, ['十倍賠償']);
  t.same(traditional.labelOrAd, { kinds: ['label'], phrases: ['標籤'] });
  t.equal(traditional.category?.code, 'food');

  const fullWidth = read('支付貨款１２０元，要求賠償１２００元。');
  t.same(fullWidth.punitive, { multiple: '10x', how: 'ratio', phrases: ['貨款１２０元', '賠償１２００元'] });
  t.same(fullWidth.amounts, { paid: 120, claimed: 1200 });

  const ellipsis = read('购买的饼干……要求十倍赔偿。');
  t.same(ellipsis.punitive?.phrases, ['十倍赔偿'], 'quotes stay aligned after … expands under NFKC');
});

t.test('when a demand is written only as arithmetic, then the ratio to the price is read', async (t) => {
  const tenfold = read('本人在贵店购买茶叶一罐，货款120元，因产品标签问题，要求赔偿金1200元。');
  t.same(tenfold.punitive, { multiple: '10x', how: 'ratio', phrases: ['货款120元', '赔偿金1200元'] });

  const decimal = read('我在该店支付了35.5元，要求赔偿355元。');
  t.same(decimal.punitive, { multiple: '10x', how: 'ratio', phrases: ['支付了35.5元', '赔偿355元'] });

  const treble = read('该洗发水价格199元，虚假宣传，要求赔偿597元。');
  t.same(treble.punitive, { multiple: '3x', how: 'ratio', phrases: ['价格199元', '赔偿597元'] });

  t.equal(read('要求赔偿一千二百元，该商品货款一百二十元。').punitive?.how, 'ratio', 'Chinese numerals');
  t.same(read('要求赔偿1.2万元，货款1200元。').amounts, { paid: 1200, claimed: 12000 });

  const total = read('单价12元，购买3瓶，共计36元，要求赔偿360元。');
  t.same(total.amounts, { paid: 36, claimed: 360 });
  t.equal(total.punitive?.how, 'ratio');

  const payVerb = read('要求商家支付1000元赔偿金，货款12元。');
  t.same(payVerb.amounts, { paid: 12, claimed: 1000 }, '要求…支付 is a claim, not a payment');
});

t.test('when the ratio is not 10x or 3x, then there is no punitive demand', async (t) => {
  const refund = read('我花了100元购买，质量有问题，要求退款100元。');
  t.equal(refund.punitive, null);
  t.same(refund.amounts, { paid: 100, claimed: 100 });

  t.equal(read('货款100元，要求赔偿误工费200元。').punitive, null, 'double is not a statutory multiple');
  t.equal(read('比正常价格贵了三倍，要求退款。').punitive, null, 'a price comparison is not a demand');
  t.equal(read('请对商家处以货值金额十倍罚款。').punitive, null, 'a fine for the merchant is not compensation');
});

t.test('when a statutory floor is demanded, then only a small purchase makes it punitive', async (t) => {
  t.same(read('购买花费12.5元，要求赔偿1000元。').punitive, {
    multiple: '10x',
    how: 'floor',
    phrases: ['花费12.5元', '赔偿1000元'],
  });
  t.same(read('该玩具支付30元，要求赔偿500元。').punitive?.multiple, '3x');
  t.same(read('价款不足一千元的按一千元计算。').punitive, {
    multiple: '10x',
    how: 'floor',
    phrases: ['不足一千元的按一千元'],
  });
  t.equal(read('增加赔偿的金额不足500元的，为500元。').punitive?.multiple, '3x');

  const large = read('本人购买空调一台，价格5000元，安装后无法使用，要求赔偿1000元。');
  t.equal(large.punitive, null, 'a 1,000 claim on a 5,000 purchase is not the floor');
  t.same(large.amounts, { paid: 5000, claimed: 1000 });
});

t.test('when fields are given, then they win over the text in the arithmetic', async (t) => {
  t.same(read('要求赔偿1000元。', { paid: 12.5 }).punitive, { multiple: '10x', how: 'floor', phrases: ['赔偿1000元'] });
  t.equal(read('要求赔偿1000元。', { paid: 5000 }).punitive, null);
  t.equal(read('货款120元，要求赔偿1200元。', { paid: 500 }).punitive, null, 'the field price, not the text one');
  t.equal(read('货款120元。', { claimed: 1200 }).punitive?.how, 'ratio');
  t.equal(read('质量有问题。', { paid: 12, claimed: 120 }).punitive, null, 'fields alone are not a text signal');
  t.same(read('货款120元，要求赔偿1200元。', { paid: 500 }).amounts, { paid: 120, claimed: 1200 });
});

t.test('when a demand uses shorthand, then the ratio of its numbers decides', async (t) => {
  t.same(read('要求退1赔10。').punitive, { multiple: '10x', how: 'shorthand', phrases: ['退1赔10'] });
  t.equal(read('要求商家退一赔十。').punitive?.multiple, '10x');
  t.equal(read('商家承诺假一赔十，现要求兑现。').punitive?.multiple, '10x');
  t.equal(read('要求退一赔三。').punitive?.multiple, '3x');
  t.equal(read('要求退一赔二。').punitive?.multiple, 'other');
});

t.test('when a demand is negated, then it is no demand', async (t) => {
  t.equal(read('本人只要求退货退款，不要求惩罚性赔偿。').punitive, null);
  t.equal(read('我未要求十倍赔偿，只希望商家改正。').punitive, null);
  t.equal(read('本人不主张十倍赔偿。').punitive, null);
  t.equal(read('十倍赔偿就不要了。').punitive, null);
  t.same(read('货款12元，不要求赔偿1000元。').amounts, { paid: 12 });
  t.equal(read('未要求赔偿，无需赔偿。').punitive, null);
  t.equal(read('我没想到商家拒绝十倍赔偿的要求，仍要求十倍赔偿。').punitive?.multiple, '10x', '没想到 is no negation');
});

t.test('when the allegation is about labels or advertising only, then it is label-or-ad without substance', async (t) => {
  const label = read('该产品标签未标注生产日期，配料表不规范，营养成分表缺失。');
  t.same(label.labelOrAd, { kinds: ['label'], phrases: ['标签', '未标注', '生产日期', '配料表', '营养成分表'] });
  t.equal(label.substantive, null);
  t.equal(label.harm, null);

  const imported = read('进口食品无中文标签。');
  t.same(imported.labelOrAd?.phrases, ['进口食品无中文标签']);

  const ad = read('该商品详情页宣传“国家级”“最佳”等用语，违反《广告法》。');
  t.same(ad.labelOrAd, { kinds: ['advertising'], phrases: ['国家级', '最佳', '广告法'] });

  t.same(read('产品外包装上印有“顶级”字样。').labelOrAd?.phrases, ['顶级']);
  t.equal(read('最近我第一次在这家店买东西，最后发现多收了钱。').labelOrAd, null, 'ordinary 最 and 第一');
  t.equal(read('价格标签与结算价格不符。').labelOrAd, null, 'a price tag is not a label defect');
});

t.test('when a label defect comes with a real problem, then it is substantive', async (t) => {
  const spoiled = read('饼干标签未标注生产日期，且打开后发现饼干已经变质发霉。');
  t.same(spoiled.labelOrAd?.kinds, ['label']);
  t.same(spoiled.substantive?.phrases, ['变质', '发霉']);

  t.equal(read('标签不规范，但没有变质，也没有发现异物。').substantive, null, 'negated problems');
  t.equal(read('该产品可能存在变质风险。').substantive, null, 'a hypothetical problem');
  t.same(read('商品未开封就发现发霉了。').substantive?.phrases, ['发霉'], '未开封 is no negation');
  t.same(read('手机充不上电，无法使用。').substantive?.phrases, ['无法使用']);
});

t.test('when harm is stated, then it is read; negated or hypothetical harm is not', async (t) => {
  const harmed = read('孩子食用后腹泻、呕吐，当晚到医院就医。');
  t.same(harmed.harm?.phrases, ['食用后腹泻', '呕吐', '医院', '就医']);
  t.ok(harmed.substantive, 'harm is a substantive problem');

  t.equal(read('食用后没有造成身体损害。').harm, null);
  t.equal(read('目前没有身体不适。').harm, null);
  t.equal(read('未造成任何人身损害。').harm, null);
  t.equal(read('没有出现腹泻、呕吐等症状。').harm, null);
  t.equal(read('该产品可能导致腹泻。').harm, null);
  t.equal(read('该产品不适合儿童食用。').harm, null);
  t.equal(read('商家的行为严重损害了消费者的合法权益。').harm, null, 'rights boilerplate is no harm');
  t.same(read('After eating it my son got sick and went to hospital.').harm?.phrases, ['got sick', 'hospital']);
});

t.test('when the text threatens, then the threat is quoted', async (t) => {
  t.same(read('如果不私了，我就向媒体曝光。').threat?.phrases, ['如果不私了，我就向媒体曝光']);
  t.same(read('不私了就曝光。').threat?.phrases, ['不私了就曝光']);
  t.same(read('不赔就一直投诉。').threat?.phrases, ['不赔就一直投诉']);
  t.same(read('三天内答复，否则发到网上。').threat?.phrases, ['否则发到网上']);
  t.same(read('Pay me, otherwise I will expose you online.').threat?.phrases, ['otherwise I will expose you online']);
  t.equal(read('央视曝光了该品牌的质量问题。').threat, null, 'reporting news is no threat');
  t.equal(read('如不处理，我将依法向法院起诉。').threat, null, 'going to court is a right');
  t.equal(read('我一直投诉但没人处理。').threat, null, 'saying earlier complaints went unanswered');
});

t.test('when a report reward is requested, then it is read; a declined reward is not', async (t) => {
  t.same(read('以上违法行为属实，特申请举报奖励。').reward?.phrases, ['申请举报奖励']);
  t.same(read('请按规定给予奖励。').reward?.phrases, ['按规定给予奖励']);
  t.equal(read('本人不要求举报奖励。').reward, null);
  t.equal(read('本人不申请奖励，只希望依法查处。').reward, null);
});

t.test('when a product is named, then its category comes from the field first', async (t) => {
  t.same(read('质量有问题。', { product: '黄芪薏米饼干' }).category, { code: 'food', phrases: ['饼干'] });
  t.equal(read('', { product: '53度飞天茅台酒' }).category?.code, 'liquor');
  t.equal(read('', { product: '某品牌保健食品' }).category?.code, 'health_food', 'the longer keyword wins');
  t.equal(read('', { product: '酒心巧克力' }).category?.code, 'food');
  t.equal(read('', { product: '玫瑰精华面膜' }).category?.code, 'cosmetics');
  t.equal(read('', { product: '中华牌香烟' }).category?.code, 'tobacco');
  t.equal(read('', { product: '布洛芬缓释胶囊（药品）' }).category?.code, 'pharmaceutical');
  t.equal(read('在超市买的饼干有问题。', { product: '口红' }).category?.code, 'cosmetics', 'the field wins');
  t.equal(read('在超市买的饼干有问题。', { product: 'X-200' }).category?.code, 'food', 'else the text');
  t.equal(read('在某酒店住宿，依据食品安全法投诉。').category, null, 'lookalikes name no product');
});

t.test('when a heavy but genuine complainant writes about civic problems, then no profit signal appears', async (t) => {
  const civic = read(
    '我家住在鹿城区五马街道某小区，小区旁边的道路自上月起每天夜间施工，噪音很大，严重影响居民休息。' +
      '我已多次向街道反映但没有改善，请相关部门依法查处夜间违规施工行为，并督促施工单位采取降噪措施。' +
      '另外该路段路灯损坏多日，晚上出行很不安全，希望一并处理。',
  );
  t.equal(civic.punitive, null);
  t.same(civic.amounts, {});
  t.equal(civic.reward, null);
  t.equal(civic.labelOrAd, null);
  t.equal(civic.threat, null);
  t.equal(civic.harm, null);
});

t.test('when a full template complaint is read, then every signal is found at once', async (t) => {
  const signals = read(
    '本人于2026年2月27日在贵店购买黄芪薏米饼干3包，单价4.5元，共支付货款13.5元。收货后发现该产品标签未标注生产日期，' +
      '违反《食品安全法》。根据第一百四十八条第二款的规定，要求商家退还货款并支付价款十倍的赔偿金，不足一千元的按一千元计算，' +
      '即赔偿1000元。同时申请举报奖励。如不处理，本人将向媒体曝光。',
  );
  t.equal(signals.punitive?.multiple, '10x');
  t.equal(signals.punitive?.how, 'keyword');
  t.ok(signals.punitive?.phrases.includes('价款十倍'));
  t.ok(signals.punitive?.phrases.includes('不足一千元的按一千元'));
  t.same(signals.amounts, { paid: 13.5, claimed: 1000 });
  t.same(signals.labelOrAd?.kinds, ['label']);
  t.equal(signals.substantive, null);
  t.same(signals.reward?.phrases, ['申请举报奖励']);
  t.same(signals.threat?.phrases, ['如不处理，本人将向媒体曝光']);
  t.same(signals.category, { code: 'food', phrases: ['饼干'] });
});

t.test('when amounts are written in the many ways people write them, then they are read', async (t) => {
  t.same(read('实付款人民币1,200.00元').amounts, { paid: 1200 });
  t.same(read('货款￥１２.５').amounts, { paid: 12.5 });
  t.same(read('花了12块钱').amounts, { paid: 12 });
  t.same(read('花了两千元').amounts, { paid: 2000 });
  t.same(read('要求赔偿一万二').amounts, { claimed: 12000 });
  t.same(read('要求赔偿壹仟元整').amounts, { claimed: 1000 });
  t.same(read('购买了两块饼干，执行标准GB7718。').amounts, {}, 'a counter and a standard number are not money');
  t.same(read('运费10元').amounts, {}, 'shipping is neither price nor claim');
  t.same(read('1000元').amounts, {}, 'an amount nothing names');
  t.same(read('买了2袋面包，每袋8.5元，要求赔偿1000元。').punitive?.how, 'floor', 'a unit price is a price');
  t.same(read('要求赔偿误工费、交通费共计300元。').amounts, { claimed: 300 }, 'a total of claims is a claim');
  t.same(read('退款12元，赔偿1000元，共计1012元。').amounts, { paid: 12, claimed: 1000 }, 'a total repeating the claim');
  t.same(read('要求退还本人支付的35元。').amounts, { paid: 35 }, 'what was paid, though its refund is asked');
  t.same(read('货款1.5亿元').amounts, { paid: 150_000_000 });
});

t.test('lexicons are validated with a clear error, and an extended lexicon needs no code change', async (t) => {
  const shipped = shippedLexicon();
  t.throws(() => validateLexicon({ ...shipped, reward: { phrases: '举报奖励' } }), {
    name: 'LexiconError',
    message: /reward\.json .*phrases.*non-empty list/,
  });
  t.throws(() => validateLexicon({ ...shipped, threat: { ...shipped.threat, conditons: ['否则'] } }), {
    message: /threat\.json .*unknown key "conditons"/,
  });
  t.throws(() => validateLexicon({ ...shipped, punitive: { ...shipped.punitive, floors: [{ amount: 1000, multiple: '5x' }] } }), LexiconError);
  t.throws(() => validateLexicon({ ...shipped, harm: { ...shipped.harm, phrases: ['腹泻', ' '] } }), {
    message: 'Lexicon harm.json is malformed at phrases[1]: expected a non-empty string',
  });
  const [food] = shipped.categories.categories;
  t.throws(() => validateLexicon({ ...shipped, categories: { ...shipped.categories, categories: [food, food] } }), {
    message: /category "tobacco" is listed twice/,
  });

  const extended = createTextSignalReader(validateLexicon({ ...shipped, reward: { phrases: [...shipped.reward.phrases, '要求给予奖金'] } }));
  t.same(extended('请依法查处并要求给予奖金。').reward?.phrases, ['要求给予奖金']);
  t.equal(read('请依法查处并要求给予奖金。').reward, null, 'the shipped reader is unchanged');
});
