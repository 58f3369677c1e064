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
 * process: start-up compiles only the answers of intake's routes (`prepareSerializer`; not their
 * errors), and the tests' many apps compile each schema once.
 */
import { Readable } from 'node:stream';
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

/**
 * Compiles the stripper of a schema now rather than at its first answer: for the answers that must
 * be quick from the first (intake's), whose compilation took 30 ms or more each.
 */
export function prepareSerializer(schema: object): void {
  stripperFor(schema);
}

/** How many schemas' strippers this process has compiled. */
export const compiledSerializers = (): number => byText.size;

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
 * An answer written as JSON in slices (below): read by the client chunk by chunk. Joining the
 * chunks into one 3 MB buffer took 18–24 ms at the end of every batch (fresh memory touched page by
 * page on this VM), so they go out as they are, the length announced from their sum.
 */
export class JsonChunks extends Readable {
  readonly byteLength: number;
  private next = 0;

  constructor(private readonly chunks: readonly Buffer[]) {
    super();
    this.byteLength = chunks.reduce((sum, c) => sum + c.length, 0);
  }

  override _read(): void {
    this.push(this.next < this.chunks.length ? this.chunks[this.next++] : null);
  }

  /** The whole text, for the response check (tests): never on an answer's way out. */
  text(): string {
    return Buffer.concat(this.chunks).toString();
  }
}

/**
 * A long list answered as JSON written a slice at a time, the thread given back between slices:
 * a batch's thousand results (3 MB) serialised at once held the thread that answers every other
 * request for 80–110 ms at 1M complaints. Each slice is also encoded to UTF-8 on its own turn:
 * joining the whole text and encoding it when it was sent still held the thread for ~50 ms at the
 * end of every batch. `open` and `close` wrap the list (`{"results":` … `}`). Each item is
 * stripped by `itemSchema` as any answer is. A route that sends these chunks marks itself
 * `serialisesItself`, so that the response check still reads what it sent
 * (plugins/response-check.ts).
 */
export async function serialiseInSlices(itemSchema: object, items: readonly unknown[], open = '', close = ''): Promise<JsonChunks> {
  const strip = stripperFor(itemSchema);
  const chunks = [Buffer.from(`${open}[`)];
  for (let from = 0; from < items.length; from += SLICE) {
    if (from > 0) await nextTurn();
    const slice = items.slice(from, from + SLICE).map((item) => stripped(strip, item));
    chunks.push(Buffer.from(`${from > 0 ? ',' : ''}${slice.join(',')}`));
  }
  chunks.push(Buffer.from(`]${close}`));
  return new JsonChunks(chunks);
}

/** Sends JSON the handler wrote itself (a route marked `serialisesItself`). */
export function sendJsonText(reply: FastifyReply, json: string | JsonChunks): FastifyReply {
  reply.type('application/json; charset=utf-8');
  if (typeof json !== 'string') reply.header('content-length', json.byteLength);
  return reply.send(json);
}
