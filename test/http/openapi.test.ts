import t from 'tap';
import type { TSchema } from 'typebox';
import { buildTestApp } from '../helpers/app.js';
import { complaint, residentId, templatedComplaint } from '../helpers/factories.js';
import { BatchResultSchema, EventResultSchema, IntakeResultSchema } from '../../src/intake/complaint.schema.js';
import { ComplaintDetailSchema, OwnFileSchema, ProfileSchema, QueueItemSchema } from '../../src/review/complainant.schema.js';
import { AuditRecordSchema, EntryListItemSchema, EntrySchema, LookupResultSchema } from '../../src/registry/registry.schema.js';
import { RescanSchema } from '../../src/rescan/rescan.schema.js';
import { ErrorResponse, Page } from '../../src/shared/schemas.js';
import { createAjv } from '../../src/shared/validation.js';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

t.test('the served OpenAPI document describes the answers and errors of every /v1 operation', async (t) => {
  const h = await buildTestApp(t);
  const doc = (await h.app.inject({ url: '/openapi.json' })).json() as Doc;
  const ops = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/v1/'))
    .flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ name: `${m} ${p}`, op })));
  t.ok(ops.length >= 27);
  for (const { name, op } of ops) {
    const codes = Object.keys(op.responses);
    t.ok(
      codes.some((c) => /^2\d\d$/.test(c) && op.responses[c].content),
      `${name} documents its answer`,
    );
    t.ok(
      ['401', '403', '500'].every((c) => codes.includes(c)),
      `${name} documents the common errors`,
    );
  }
  const limited = ops
    .filter(({ op }) => '429' in op.responses)
    .map(({ name }) => name)
    .sort();
  t.same(
    limited,
    ['post /v1/complaints', 'post /v1/complaints/batch', 'post /v1/complaints/{id}/events', 'post /v1/registry/lookup'],
    '429 is documented exactly where the rate limit applies',
  );
});

t.test('the document is OpenAPI 3.0: boolean exclusive bounds, a unique operationId per /v1 operation', async (t) => {
  const h = await buildTestApp(t);
  const text = (await h.app.inject({ url: '/openapi.json' })).body;
  const doc = JSON.parse(text) as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
  t.equal(doc.openapi, '3.0.3');
  const bounds: unknown[] = [];
  JSON.parse(text, (key, value) => {
    if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') bounds.push(value);
    return value;
  });
  t.ok(bounds.length > 0, 'the purchase quantity keeps its exclusive bound');
  t.ok(
    bounds.every((b) => typeof b === 'boolean'),
    'written as OpenAPI 3.0 booleans beside minimum/maximum',
  );
  const ids = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/v1/'))
    .flatMap(([, ops]) => Object.values(ops).map((op) => op.operationId));
  t.ok(
    ids.every((id) => typeof id === 'string' && /^[a-z]+[A-Z]/.test(id)),
    'every operation has one',
  );
  t.equal(new Set(ids).size, ids.length, 'and they are unique');
  t.ok(ids.includes('postComplaintsIdEvents'));
});

t.test('every object in every documented answer is closed: the serialiser sends only what the document names', async (t) => {
  const h = await buildTestApp(t);
  const doc = (await h.app.inject({ url: '/openapi.json' })).json() as Doc;
  const open: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}/${i}`));
      return;
    }
    const schema = node as Record<string, unknown>;
    const isObject = schema.type === 'object' || 'properties' in schema;
    // A map names its values' shape for every key (OpenAPI 3.0 writes it as additionalProperties: {…});
    // an enum lists every value (OpenAPI 3.0 writes null as an object that can only be null).
    const closed =
      schema.additionalProperties === false || typeof schema.additionalProperties === 'object' || 'patternProperties' in schema || 'enum' in schema;
    if (isObject && !closed) open.push(path);
    for (const [key, value] of Object.entries(schema)) walk(value, `${path}/${key}`);
  };
  let answers = 0;
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(ops))
      for (const [status, response] of Object.entries(op.responses))
        for (const [type, { schema }] of Object.entries(response.content ?? {})) {
          answers += 1;
          walk(schema, `${m} ${p} ${status} ${type}`);
        }
  t.ok(answers > 100, `${answers} documented answers walked`);
  t.same(open, [], 'no open object');
});

/** An answer must match the schema the OpenAPI document shows for it (checked as JSON Schema, `nullable` included). */
const ajv = createAjv({ removeAdditional: false, useDefaults: false });
const violations = (schema: TSchema, value: unknown) => {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).slice(0, 3);
};

t.test('answers match their documented schemas', async (t) => {
  const h = await buildTestApp(t);
  let last;
  for (let i = 0; i < 4; i++)
    last = await h.post('intake', '/v1/complaints', templatedComplaint(i, { complainant: { idNumber: residentId(900), phone: '13900001111' } }));
  t.same(violations(IntakeResultSchema, last!.json()), [], 'an intake answer matches its documented schema');
  const { complainantId, registry } = last!.json();
  t.equal(registry.state, 'flagged');
  const batch = await h.post('intake', '/v1/complaints/batch', { items: [complaint(), { nope: 1 }] });
  t.same(violations(BatchResultSchema, batch.json()), [], 'a batch answer matches its documented schema');
  const event = await h.post('intake', `/v1/complaints/${last!.json().id}/events`, { type: 'settled', at: '2026-07-01T10:00:00+08:00', amount: 500 });
  t.same(violations(EventResultSchema, event.json()), [], 'an event matches its documented schema');
  t.same(violations(Page(QueueItemSchema), (await h.get('reviewer', '/v1/complainants')).json()), [], 'the queue matches its documented schema');
  t.same(violations(ProfileSchema, (await h.get('reviewer', `/v1/complainants/${complainantId}`)).json()), [], 'a profile matches its documented schema');
  t.same(
    violations(OwnFileSchema, (await h.get('reviewer', `/v1/complainants/${complainantId}/file`)).json()),
    [],
    'an own file matches its documented schema',
  );
  t.same(
    violations(ComplaintDetailSchema, (await h.get('reviewer', `/v1/complaints/${last!.json().id}`)).json()),
    [],
    'a complaint matches its documented schema',
  );
  const entryId = registry.entryId;
  await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, { action: 'claim', reason: '审查' });
  const proposed = await h.post('reviewer', `/v1/registry/entries/${entryId}/actions`, {
    action: 'propose',
    reason: '索赔',
    measures: ['priority_identity_check'],
  });
  t.same(violations(EntrySchema, proposed.json()), [], 'an entry with its bundle matches its documented schema');
  t.same(violations(Page(EntryListItemSchema), (await h.get('reviewer', '/v1/registry/entries')).json()), [], 'the entry list matches its documented schema');
  t.same(violations(Page(AuditRecordSchema), (await h.get('reviewer', '/v1/audit')).json()), [], 'the audit trail matches its documented schema');
  t.same(
    violations(LookupResultSchema, (await h.post('intake', '/v1/registry/lookup', { phone: '13900001111' })).json()),
    [],
    'a lookup matches its documented schema',
  );
  const rescan = await h.post('admin', '/v1/rescans', { dryRun: true });
  await h.app.services.rescans.idle();
  t.same(violations(RescanSchema, (await h.get('admin', `/v1/rescans/${rescan.json().id}`)).json()), [], 'a finished rescan matches its documented schema');
  t.same(violations(ErrorResponse, (await h.get('reviewer', '/v1/complainants/p_nobody')).json()), [], 'an error matches its documented schema');
});

t.test('the served document validates against the OpenAPI 3.0 schema', async (t) => {
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const h = await buildTestApp(t);
  const doc = (await h.app.inject({ url: '/openapi.json' })).json();
  const result = await new Validator().validate(doc);
  t.same(result, { valid: true }, JSON.stringify(result.errors ?? []).slice(0, 2000));
  const broken = await new Validator().validate({ ...doc, paths: { '/x': { get: { responses: { 200: { description: 1 } } } } } });
  t.equal(broken.valid, false, 'the validator does refuse a document that is not OpenAPI');
});

t.test('shared schemas are components, and batch items are typed', async (t) => {
  const h = await buildTestApp(t);
  const doc = (await h.app.inject({ url: '/openapi.json' })).json();
  const schemas = doc.components.schemas as Record<string, { type?: string }>;
  for (const name of ['Error', 'Complaint', 'Event', 'IntakeResult', 'Assessment', 'Finding', 'AuditRecord'])
    t.equal(schemas[name]?.type, 'object', `${name} is a component`);
  const json = (op: { requestBody?: { content: Record<string, { schema: unknown }> } }) => op.requestBody?.content['application/json'].schema;
  t.same(json(doc.paths['/v1/complaints'].post), { $ref: '#/components/schemas/Complaint' }, 'a complaint is one type');
  t.same(
    (json(doc.paths['/v1/complaints/batch'].post) as { properties: { items: { items: unknown } } }).properties.items.items,
    { $ref: '#/components/schemas/Complaint' },
    'each batch item is that type',
  );
  t.same(doc.paths['/v1/complaints'].post.responses['401'].content['application/json'].schema, { $ref: '#/components/schemas/Error' }, 'one error shape');
  t.match(JSON.stringify(schemas.Assessment), /#\/components\/schemas\/Finding/, 'components refer to each other');
  const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
  t.same(
    [...new Set(refs)].filter((r) => !(r in schemas)),
    [],
    'every reference resolves',
  );
});
