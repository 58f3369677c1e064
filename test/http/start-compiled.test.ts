/**
 * What the first complaints after a start would otherwise compile, on the thread that answers them,
 * is compiled as the service starts (plugins/services.ts, intake/intake.routes.ts): the readers of
 * the shipped lexicons and the strippers of intake's answers (~100 ms for the first complaint
 * before). The first complaint, its replay, the first batch and the first event then compile neither.
 */
import t from 'tap';
import { LEXICON_VERSIONS } from '../../src/detection/lexicon.js';
import { compiledReaders } from '../../src/detection/text-signals/index.js';
import { compiledSerializers } from '../../src/plugins/serializer.js';
import { buildTestApp } from '../helpers/app.js';
import { complaint } from '../helpers/factories.js';

t.test('the first complaints after a start compile nothing', async (t) => {
  t.same(compiledReaders(), [], 'no reader compiled before the service starts');
  const h = await buildTestApp(t);
  const all = [...LEXICON_VERSIONS].sort();
  t.same(compiledReaders().sort(), all, "every shipped lexicon's reader is compiled at start");
  const strippers = compiledSerializers();
  // A complaint stored and replayed, a batch item, an event recorded and repeated.
  t.equal(strippers, 5, "intake's answers are compiled at start");

  const body = complaint();
  t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 201);
  t.equal((await h.post('intake', '/v1/complaints', body)).statusCode, 200, 'a replay');
  const batch = await h.post('intake', '/v1/complaints/batch', { items: [complaint(), complaint()] });
  t.equal(batch.statusCode, 200);
  const event = { type: 'withdrawn', at: '2026-03-02T10:00:00+08:00' };
  t.equal((await h.post('intake', `/v1/complaints/ext:${body.externalId}/events`, event)).statusCode, 201);
  t.equal((await h.post('intake', `/v1/complaints/ext:${body.externalId}/events`, event)).statusCode, 200, 'a repeated event');
  t.equal(compiledSerializers(), strippers, 'no stripper compiled for their answers');
});
