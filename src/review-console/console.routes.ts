/**
 * The reviewer console: plain HTML, ES modules and CSS, served without authentication (the page
 * asks for a token and keeps it in memory, or signs in through the identity provider: see
 * auth/oidc.routes.ts). The files are read once at start. They live in
 * src/review-console/static/ and are found from the project root, because the build copies only
 * .ts/.json into dist/: a production image must ship that folder beside dist/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { projectRoot } from '../shared/project-root.js';
import { DomainError } from '../shared/errors.js';

export const STATIC_DIR = join(projectRoot, 'src', 'review-console', 'static');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Scripts and styles from this origin only, so nothing the API returns can run or restyle the
 * page; requests only to this origin; Trusted Types leave one named policy (the notice preview) as
 * the only way to parse HTML; and native form submission is off, so a token typed before the
 * scripts load can never be sent in a URL.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types sieve-notice',
].join('; ');

interface StaticFile {
  body: Buffer;
  type: string;
}

function readStatic(dir: string): Map<string, StaticFile> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new Error(`The review console's files are missing: cannot read ${dir} (${(err as Error).message}).`);
  }
  const files = new Map<string, StaticFile>();
  for (const name of names) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) files.set(name, { body: readFileSync(join(dir, name)), type });
  }
  if (!files.has('index.html')) throw new Error(`The review console's files are missing: no index.html in ${dir}.`);
  return files;
}

const consoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const files = readStatic(STATIC_DIR);
  const page = files.get('index.html')!;

  // Encapsulated: these headers go on the console's answers only (404s for unknown assets too).
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-cache');
  });

  app.get('/console', { schema: { hide: true } }, async (_req, reply) => reply.type(page.type).send(page.body));
  app.get('/console/assets/:name', { schema: { hide: true, params: Type.Object({ name: Type.String() }) } }, async (req, reply) => {
    const { name } = req.params;
    const file = name === 'index.html' ? undefined : files.get(name);
    if (!file) throw new DomainError('NOT_FOUND', `No console asset ${name}.`);
    return reply.type(file.type).send(file.body);
  });
};

export default consoleRoutes;
