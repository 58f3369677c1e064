/**
 * Long answers written in slices (plugins/serializer.ts `serialiseInSlices`): the same text the
 * serialiser writes, internal fields still stripped, the thread given back between slices, and
 * the response check still reading what such a route sends.
 */
import t from 'tap';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { sendJsonText, serialiseInSlices, serializerCompiler } from '../../src/plugins/serializer.js';
import responseCheck from '../../src/plugins/response-check.js';

const Item = Type.Object({ n: Type.Integer(), label: Type.Optional(Type.String()) }, { additionalProperties: false });
const items = Array.from({ length: 250 }, (_, n) => ({ n, label: `item ${n} 投诉`, internalHash: 'must not leave', skipped: undefined }));

t.test('the text is what the serialiser writes for the whole list, without the fields the schema does not name', async (t) => {
  const text = (await serialiseInSlices(Item, items)).text();
  const whole = serializerCompiler({ schema: Type.Array(Item), method: 'POST', url: '/', httpStatus: '200' })(items);
  t.equal(text, whole);
  t.notMatch(text, /internalHash|must not leave/);
  t.same(JSON.parse(text)[249], { n: 249, label: 'item 249 投诉' });
  t.equal((await serialiseInSlices(Item, [])).text(), '[]');
  t.same(JSON.parse((await serialiseInSlices(Item, items.slice(0, 2), '{"results":', '}')).text()), {
    results: [0, 1].map((n) => ({ n, label: `item ${n} 投诉` })),
  });
});

t.test('other work runs between slices', async (t) => {
  const order: string[] = [];
  setImmediate(() => order.push('another request'));
  await serialiseInSlices(Item, items).then(() => order.push('answer written'));
  t.same(order, ['another request', 'answer written'], 'a callback queued when writing began ran before it ended');
});

t.test('the response check reads an answer a route wrote itself', async (t) => {
  const app = Fastify();
  t.teardown(() => app.close());
  await app.register(responseCheck);
  const schema = { response: { 200: Type.Object({ results: Type.Array(Item) }, { additionalProperties: false }) } };
  app.get('/good', { schema, config: { serialisesItself: true } }, async (_req, reply) =>
    sendJsonText(reply, await serialiseInSlices(Item, items.slice(0, 3), '{"results":', '}')),
  );
  app.get('/bad', { schema, config: { serialisesItself: true } }, async (_req, reply) => sendJsonText(reply, '{"results":[{"n":"one"}]}'));
  const good = await app.inject({ url: '/good' });
  t.equal(good.statusCode, 200);
  t.match(good.headers['content-type'], /^application\/json/);
  t.equal(Number(good.headers['content-length']), Buffer.byteLength(good.body), 'the length announced is that of the chunks sent');
  t.same(good.json(), { results: [0, 1, 2].map((n) => ({ n, label: `item ${n} 投诉` })) });
  const bad = await app.inject({ url: '/bad' });
  t.equal(bad.statusCode, 500, 'a mismatching answer fails instead of going out');
  t.match(bad.body, /does not match its response schema/);
});
