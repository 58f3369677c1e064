/**
 * One Ajv configuration for request bodies: all problems reported at once, unknown properties
 * dropped (never stored), no type coercion ("12" is not a number), defaults applied.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { ErrorDetail } from './errors.js';

export function createAjv(overrides: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: true,
    useDefaults: true,
    coerceTypes: false,
    strict: false,
    ...overrides,
  });
  (addFormats as unknown as (a: Ajv) => Ajv)(ajv);
  return ajv;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${p.type === 'object' ? 'an object' : p.type === 'array' ? 'an array' : `a ${p.type}`}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'minItems':
      return `must have at least ${p.limit} item(s)`;
    case 'maxItems':
      return `must have at most ${p.limit} items`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${e.message?.replace(/^must be /, '')}`;
    default:
      return e.message ?? 'is not valid';
  }
}

export function ajvDetails(errors: ErrorObject[] | null | undefined, prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const path = prefix + e.instancePath + (e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '');
    const detail = { path: path || '/', message: describe(e) };
    const key = `${detail.path}\u0000${detail.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      details.push(detail);
    }
  }
  return details;
}

/** Paths of strings holding a lone surrogate, which UTF-8 cannot store. */
export function illFormedStrings(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (depth > 64) return out;
  if (typeof value === 'string') {
    if (!value.isWellFormed()) out.push(path || '/');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => illFormedStrings(v, `${path}/${i}`, out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyPath = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!k.isWellFormed()) out.push(keyPath);
      illFormedStrings(v, keyPath, out, depth + 1);
    }
  }
  return out;
}
