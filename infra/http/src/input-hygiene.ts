import type { FastifyRequest } from 'fastify';
import { HttpError, MESSAGES } from './errors.js';
import type { FieldIssue } from './validation.js';

/**
 * Text no person typed on purpose and no screen shows sensibly: NUL and other C0 controls (tabs and
 * new lines excepted), lone UTF-16 surrogates (not encodable as UTF-8, they corrupt exports), and
 * strings made only of invisible characters (a "title" of zero-width spaces passes any min-length).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Zero-width and other invisible format characters, plus white space. */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: lists single invisible code points on purpose, combining ones included
const INVISIBLE = /^[\s\u200B-\u200F\u2028-\u202F\u205F-\u206F\uFEFF\u180E\u00AD\u034F\u115F\u1160\u3164]*$/;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: as above
const HAS_INVISIBLE_FORMAT = /[\u200B-\u200F\u2060-\u206F\uFEFF\u180E\u00AD\u034F\u115F\u1160\u3164]/;

/** Why one string is refused, or null. Pure. */
export function textProblem(value: string): string | null {
  if (CONTROL.test(value)) return '不得包含控制字符（如 NUL） / must not contain control characters such as NUL';
  if (LONE_SURROGATE.test(value)) return '包含无效的Unicode字符（孤立代理项） / contains an invalid Unicode character (lone surrogate)';
  if (value.length > 0 && HAS_INVISIBLE_FORMAT.test(value) && INVISIBLE.test(value)) return '不得只包含不可见字符 / must contain visible characters, not only invisible ones';
  return null;
}

/** Every refused string in a parsed JSON value (keys too), with its path. */
export function textIssues(value: unknown, path: string, out: FieldIssue[] = [], depth = 0): FieldIssue[] {
  if (depth > 64) return out;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) out.push({ path, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      textIssues(v, `${path}.${i}`, out, depth + 1);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = textProblem(k);
      if (keyProblem) out.push({ path, message: keyProblem });
      else textIssues(v, `${path}.${k}`, out, depth + 1);
    }
  }
  return out;
}

/** JSON is UTF-8 (RFC 8259): a body declared in another charset is refused rather than misread. */
export function charsetProblem(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  if (!m) return null;
  return /^utf-?8$/i.test(m[1]!) ? null : '请求体须为UTF-8编码 / the body must be UTF-8 (charset=utf-8)';
}

/** onRequest: a body in another charset is refused before it is parsed (and misread as UTF-8). */
export async function charsetHook(request: FastifyRequest): Promise<void> {
  const problem = charsetProblem(request.headers['content-type']);
  if (problem) throw new HttpError(400, 'validation_failed', MESSAGES.validation_failed, [{ path: 'headers.content-type', message: problem }]);
}

/** preValidation: refuses bad text anywhere in the body, query or params with a field-level 400. */
export async function inputHygieneHook(request: FastifyRequest): Promise<void> {
  const issues: FieldIssue[] = [];
  textIssues(request.params, 'params', issues);
  textIssues(request.query, 'querystring', issues);
  textIssues(request.body, 'body', issues);
  if (issues.length > 0) throw new HttpError(400, 'validation_failed', MESSAGES.validation_failed, issues);
}
