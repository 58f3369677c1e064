import t from 'tap';
import { maskFreeText } from '../../src/identity/free-text.js';
import { createPiiHasher } from '../../src/identity/pii.js';
import { idNumberKey, phoneKey } from '../../src/identity/identifier-keys.js';
import { residentId } from '../helpers/factories.js';

const hash = createPiiHasher('ab'.repeat(32));

/** A card number with its Luhn check digit appended (computed here, independently of the code under test). */
function card(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return body + String((10 - (sum % 10)) % 10);
}

t.test('ID numbers, mobiles, landlines and bank cards are masked, and their keyed hashes kept', async (t) => {
  const id = residentId(7);
  const bank = card('622202123456789012');
  const text = `本人身份证${id}，电话13800138000，座机0577-88881234，退款请打入银行卡${bank}。`;
  const { text: masked, found } = maskFreeText(text, hash);
  t.equal(masked, `本人身份证3303**********${id.slice(-4)}，电话138****8000，座机057*****1234，退款请打入银行卡6222***********${bank.slice(-4)}。`);
  t.same(
    found.map((f) => f.type),
    ['resident_id', 'mobile', 'landline', 'bank_card'],
  );
  t.equal(found[0].hash, idNumberKey(hash, 'resident_id', id), 'the same key as a structured resident ID');
  t.equal(found[1].hash, phoneKey(hash, '13800138000'), 'the same key as a structured phone');
  t.equal(found[2].hash, phoneKey(hash, '057788881234'));
  t.notMatch(JSON.stringify(found), /13800138000|88881234/, 'nothing raw is kept beside the text');
});

t.test('written forms: separators, country prefix, full-width digits, brackets, lower-case x', async (t) => {
  const cases: Array<[string, string]> = [
    ['手机 138-0013-8000 联系', '手机 138****8000 联系'],
    ['手机 138 0013 8000', '手机 138****8000'],
    ['+86 13800138000', '138****8000'],
    ['电话：１３８００１３８０００', '电话：138****8000'],
    ['（0577）88881234', '057*****1234'],
    ['两个号码13800138000、13900139000', '两个号码138****8000、139****9000'],
    ['11010519491231002x 是身份证', '1101**********002X 是身份证'],
  ];
  for (const [input, expected] of cases) t.equal(maskFreeText(input, hash).text, expected, input);
});

t.test('numbers that fail their check, and ordinary numbers, are left as written', async (t) => {
  const id = residentId(7);
  const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  const validCard = card('622202123456789');
  const wrongCard = validCard.slice(0, -1) + String((Number(validCard.at(-1)) + 1) % 10);
  const unchanged = [
    `订单号${wrongCheck}`,
    '订单号 123456789012345678',
    '共支付 1299.00 元，购买 12 件，2026-05-01 收货',
    `卡号${wrongCard}`,
    '批号 20260501123',
    '第一百四十八条',
    '12345678901',
  ];
  for (const text of unchanged) t.equal(maskFreeText(text, hash).text, text, text);
});

t.test('masking a masked text changes nothing', async (t) => {
  const once = maskFreeText(`身份证${residentId(9)}，电话13800138000，卡号${card('621700000000000000')}`, hash);
  const twice = maskFreeText(once.text, hash);
  t.equal(twice.text, once.text);
  t.same(twice.found, []);
});
