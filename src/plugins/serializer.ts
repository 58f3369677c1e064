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
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ValidateFunction } from 'ajv';
import type { FastifyReply } from 'fastify';
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

/** JSON text of `data` with what `strip`'s schema does not name removed. */
function stripped(strip: ValidateFunction, data: unknown): string {
  // A copy as JSON would carry it (toJSON applied, undefined left out): the handler's object is not touched.
  const copy: unknown = JSON.parse(JSON.stringify(data));
  strip(copy);
  return JSON.stringify(copy);
}

export const serializerCompiler: FastifySerializerCompiler<object> = ({ schema }) => {
  let strip: ValidateFunction | undefined;
  return (data) => {
    strip ??= stripperFor(schema);
    return stripped(strip, data);
  };
};

/** Items written between two turns of the event loop: ~10 ms of a batch's answer. */
const SLICE = 100;

/**
 * A long list answered as JSON text written a slice at a time, the thread given back between
 * slices: a batch's thousand results (3 MB) serialised at once held the thread that answers every
 * other request for 80–110 ms at 1M complaints. Each item is stripped by `itemSchema` as any
 * answer is. A route that sends this text marks itself `serialisesItself`, so that the response
 * check still reads what it sent (plugins/response-check.ts).
 */
export async function serialiseInSlices(itemSchema: object, items: readonly unknown[]): Promise<string> {
  const strip = stripperFor(itemSchema);
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % SLICE === 0) await nextTurn();
    parts.push(stripped(strip, items[i]));
  }
  return `[${parts.join(',')}]`;
}

/** Sends JSON text the handler wrote itself (a route marked `serialisesItself`). */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
