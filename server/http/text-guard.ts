import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';

// PostgreSQL refuses NUL in text (and \u0000 in jsonb), and a lone surrogate cannot be stored as UTF-8: such
// text is refused at the door with 400 INVALID_TEXT instead of failing in a statement with a 500.
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function invalidText(where: string): DomainError {
  return new DomainError('INVALID_TEXT', { where });
}

/** Throws INVALID_TEXT when a string holds NUL or a lone surrogate. */
export function assertCleanText(value: string, where: string): void {
  if (BAD_CHAR.test(value)) throw invalidText(where);
}

/** Bytes that must be UTF-8 (a header's base64 value, a body): decoded strictly, NUL refused. */
export function decodeCleanUtf8(bytes: Uint8Array, where: string): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw invalidText(where);
  }
  assertCleanText(text, where);
  return text;
}

function hasBadString(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return BAD_CHAR.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasBadString(v, depth + 1));
  return Object.entries(value).some(([k, v]) => BAD_CHAR.test(k) || hasBadString(v, depth + 1));
}

/** A percent-encoded URL part decoded as UTF-8 (query parts with + as space); undefined when it is not UTF-8. */
function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function urlIsClean(url: string): boolean {
  const q = url.indexOf('?');
  const parts = [q < 0 ? url : url.slice(0, q)];
  if (q >= 0) for (const pair of url.slice(q + 1).split('&')) parts.push(...pair.split('='));
  return parts.every((p) => {
    const decoded = decodePart(p);
    return decoded !== undefined && !BAD_CHAR.test(decoded);
  });
}

/**
 * Before any route: the path and query must decode to UTF-8 without NUL, and a JSON body must be UTF-8 whose
 * strings and keys hold no NUL. Uploaded file contents are not text and are not checked here.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    done(urlIsClean(request.raw.url ?? '/') ? undefined : invalidText('url'));
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decodeCleanUtf8(body as Buffer, 'body');
    } catch (err) {
      done(err as DomainError, undefined);
      return;
    }
    void parseJson(request, text, (err, parsed) => {
      if (err) done(err, undefined);
      else if (hasBadString(parsed)) done(invalidText('body'), undefined);
      else done(null, parsed);
    });
  });
}
