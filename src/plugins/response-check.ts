/**
 * A check for tests and development: every answer a handler produces must match, exactly, the
 * response schema it is serialised with. The serialiser (plugins/serializer.ts) silently drops a
 * field its schema does not name and lets a value of another type through — which keeps internal fields
 * out, but would also hide a schema that forgot a field the contract promises. With this check on
 * (the test harness turns it on), such an answer fails with a 500 that names the route and the
 * problem, instead of quietly going out without the field. Off in production: the serialiser's
 * filtering is the guard there.
 */
import fp from 'fastify-plugin';
import type { ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { createAjv } from '../shared/validation.js';
import { JsonChunks } from './serializer.js';

/** The schema Fastify serialises an answer with: the exact status, else its class (`2xx`), else `default`. */
function responseSchema(response: FastifySchema['response'], status: number): object | undefined {
  if (!response || typeof response !== 'object') return undefined;
  const byStatus = response as Record<string, object | undefined>;
  return byStatus[status] ?? byStatus[`${String(status)[0]}xx`] ?? byStatus.default;
}

/**
 * Validators by schema text, shared by every app in the process: tests build many apps, and the
 * large schemas (an entry with its bundle) take long to compile.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler sends its answer as JSON text it wrote itself (plugins/serializer.ts `serialiseInSlices`). */
    serialisesItself?: boolean;
  }
}

const ajv = createAjv({ removeAdditional: false, useDefaults: false, code: { optimize: false } });
const byText = new Map<string, ValidateFunction>();
const bySchema = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = bySchema.get(schema);
  if (validate) return validate;
  const text = JSON.stringify(schema);
  validate = byText.get(text) ?? ajv.compile(schema);
  byText.set(text, validate);
  bySchema.set(schema, validate);
  return validate;
}

/** Throws, naming the route, if the answer (as JSON would carry it) does not match its schema. */
function check(req: FastifyRequest, reply: FastifyReply, answer: unknown): void {
  const schema = responseSchema(req.routeOptions.schema?.response, reply.statusCode);
  // Answers described per media type (the notice, the export) are text the handler wrote itself.
  if (!schema || 'content' in schema) return;
  const validate = validatorFor(schema);
  if (!validate(answer)) {
    const problems = ajv.errorsText(validate.errors, { dataVar: 'answer' });
    throw new Error(`The answer of ${req.method} ${req.routeOptions.url} (${reply.statusCode}) does not match its response schema: ${problems}`);
  }
}

export default fp(
  async function responseCheck(app: FastifyInstance) {
    app.addHook('preSerialization', async (req, reply, payload) => {
      // What JSON would carry: undefined properties are left out by the serialiser too.
      check(req, reply, JSON.parse(JSON.stringify(payload)));
      return payload;
    });
    // Text a handler serialised itself is read back and checked the same way.
    app.addHook('onSend', async (req, reply, payload) => {
      if (!req.routeOptions.config.serialisesItself) return payload;
      if (payload instanceof JsonChunks) check(req, reply, JSON.parse(payload.text()));
      else if (typeof payload === 'string') check(req, reply, JSON.parse(payload));
      return payload;
    });
  },
  { name: 'response-check' },
);
