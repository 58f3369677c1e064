/**
 * Schema pieces shared by several routes. Response schemas document the answers in the served
 * OpenAPI description and are what answers are serialised with (plugins/serializer.ts strips by
 * them): every object in them is closed, so a field a schema does not name never goes out.
 */
import { Type, type Static, type TObjectOptions, type TProperties, type TSchema } from 'typebox';
import { ERROR_CODES } from './errors.js';

/** An object in an answer: closed, so the serialiser drops whatever the schema does not name. */
export const Closed = <P extends TProperties>(properties: P, options: TObjectOptions = {}) =>
  Type.Object(properties, { ...options, additionalProperties: false });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'default 50; values above 500 are clamped' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'opaque; from the previous page' })),
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const Reason = Type.String({ minLength: 1, maxLength: 2000 });

/** A time in an answer: RFC 3339 in +08:00. */
export const TimeOut = Type.String({ format: 'date-time', examples: ['2026-03-01T10:00:00+08:00'] });

/**
 * A value or null, written OpenAPI 3.0's way (`nullable`, which Ajv takes beside `type`): no anyOf,
 * whose failing branches the serialiser's stripping (Ajv `removeAdditional`) could strip by.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, nullable: true });

export const ErrorObject = Closed({
  code: Type.Enum([...ERROR_CODES]),
  message: Type.String(),
  details: Type.Array(Closed({ path: Type.Optional(Type.String({ description: 'JSON Pointer into the body' })), message: Type.String() })),
});

export const ErrorResponse = Closed({ error: ErrorObject }, { description: 'The error shape of every 4xx and 5xx answer' });

/** A list page: items in the documented order, and the cursor of the next page (null on the last). */
export const Page = <T extends TSchema>(item: T) => Closed({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

const ERROR_STATUS_TEXT: Record<number, string> = {
  400: 'VALIDATION_FAILED or INVALID_JSON',
  404: 'NOT_FOUND',
  409: 'a conflict with the stored state (code says which)',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED: over the per-key rate of intake routes',
};

/** Error answers a route documents beyond those of every /v1 route (401, 403, 500, 503). */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, { ...ErrorResponse, description: ERROR_STATUS_TEXT[s] ?? 'error' }]));
}

/** The errors any authenticated route may answer; added to every /v1 operation by the docs plugin. */
export const COMMON_ERRORS: Record<number, string> = {
  401: 'UNAUTHENTICATED: no or unknown bearer token',
  403: 'FORBIDDEN (role) or FOUR_EYES',
  500: 'INTERNAL',
  503: 'SERVICE_UNAVAILABLE while starting or shutting down',
};
