import t from 'tap';
import { normaliseResidentId, residentIdCheckChar } from '../../src/identity/resident-id.js';
import { normaliseCreditCode, creditCodeRegion } from '../../src/identity/credit-code.js';
import { normalisePhone } from '../../src/identity/phone.js';
import { maskIdNumber, maskPhone, districtOf } from '../../src/identity/masking.js';

t.test('GB 11643 resident ID check character', async (t) => {
  t.equal(normaliseResidentId('11010519491231002X'), '11010519491231002X', 'published example with X');
  t.equal(normaliseResidentId('11010519491231002x'), '11010519491231002X', 'lower-case x is accepted');
  t.equal(normaliseResidentId('110105194912310021'), null, 'wrong check character');
  t.equal(normaliseResidentId('1101051949123100'), null, 'too short');
  t.equal(residentIdCheckChar('33030219900101123'), '5');
});

t.test('GB 32100 credit code check character and region', async (t) => {
  t.equal(normaliseCreditCode('91350100M000100Y43'), '91350100M000100Y43', 'published example');
  t.equal(normaliseCreditCode('91350100M000100Y44'), null, 'wrong check character');
  t.equal(normaliseCreditCode('91350100M000100YI3'), null, 'letter outside the alphabet');
  t.equal(creditCodeRegion('91350100M000100Y43'), '350100');
});

t.test('phones are normalised before use', async (t) => {
  t.equal(normalisePhone('+86 138-0013-8000'), '13800138000');
  t.equal(normalisePhone('0577-88888888'), '057788888888');
  t.equal(normalisePhone('not a phone'), null);
  t.equal(maskPhone('13800138000'), '138****8000');
  t.equal(maskIdNumber('330302199001011235'), '3303**********1235');
});

t.test('addresses are cut to the district', async (t) => {
  t.equal(districtOf('浙江省温州市鹿城区五马街1号'), '浙江省温州市鹿城区');
  t.equal(districtOf('温州市瑞安市安阳街道'), '温州市瑞安市');
  t.equal(districtOf('某地某路'), '某地某路');
});
