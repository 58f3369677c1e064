/**
 * How answers with a response schema are serialised: a JSON copy of the answer, stripped by Ajv
 * (`removeAdditional`) of every property a closed schema does not name, then `JSON.stringify`.
 *
 * Not Fastify's default (fast-json-stringify): that writes keys in schema order, and answers must
 * keep the handler's order — the rule-set v1 answer is pinned byte for byte (a digest), and
 * clients see the order the code builds. Stripping still keeps internal fields out at any depth;
 * an answer that does not otherwise match its schema goes out as the handler made it (the response
 * check, on in tests, fails such answers instead).
 *
 * Compiled lazily, on a schema's first answer, and shared by schema text across the apps of a
 * process: start-up compiles nothing, and the tests' many apps compile each schema once.
 */
import type { ValidateFunction } from 'ajv';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { createAjv } from '../shared/validation.js';

// allErrors: stripping must reach every object even after a mismatch; formats are not checked.
const ajv = createAjv({ allErrors: true, removeAdditional: true, useDefaults: false, coerceTypes: false, validateFormats: false, code: { optimize: false } });
const byText = new Map<string, ValidateFunction>();

function stripperFor(schema: object): ValidateFunction {
  const text = JSON.stringify(schema);
  let strip = byText.get(text);
  if (!strip) {
    strip = ajv.compile(schema);
    byText.set(text, strip);
  }
  return strip;
}

export const serializerCompiler: FastifySerializerCompiler<object> = ({ schema }) => {
  let strip: ValidateFunction | undefined;
  return (data) => {
    // A copy as JSON would carry it (toJSON applied, undefined left out): the handler's object is not touched.
    const copy: unknown = JSON.parse(JSON.stringify(data));
    strip ??= stripperFor(schema);
    strip(copy);
    return JSON.stringify(copy);
  };
};
