import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';

export interface FieldIssue {
  /** Request part then the field, dot-separated: `body.parties.0.details.name`. */
  path: string;
  message: string;
}

/** Fastify validates the parts in this order and stops at the first part that fails. */
const PARTS = [
  { context: 'params', prop: 'params' },
  { context: 'body', prop: 'body' },
  { context: 'querystring', prop: 'query' },
  { context: 'headers', prop: 'headers' },
] as const;

interface SafeParsable {
  safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

function isZod(schema: unknown): schema is SafeParsable {
  return typeof schema === 'object' && schema !== null && typeof (schema as SafeParsable).safeParse === 'function';
}

/**
 * Every invalid field of the request, not only those of the first failing part: the parts after the
 * failing one were never validated and still hold their raw values, so they are checked here with the
 * route's own zod schemas. Parts before it passed. Messages are the schemas' messages; zod does not
 * put the rejected input into them, so nothing personal is echoed.
 */
export function collectValidationIssues(request: FastifyRequest, failedContext: string, failed: FastifySchemaValidationError[]): FieldIssue[] {
  const schema = (request.routeOptions?.schema ?? {}) as Record<string, unknown>;
  const start = PARTS.findIndex((p) => p.context === failedContext);
  const issues: FieldIssue[] = [];
  for (const [i, part] of PARTS.entries()) {
    if (i < start) continue;
    const partSchema = schema[part.context];
    if (isZod(partSchema)) {
      const value = (request as unknown as Record<string, unknown>)[part.prop];
      const result = partSchema.safeParse(value === undefined ? null : value);
      for (const issue of result.error?.issues ?? []) {
        issues.push({ path: [part.context, ...issue.path.map(String)].join('.'), message: issue.message });
      }
    } else if (i === start) {
      // Not a zod schema (plain JSON schema): report what Fastify found for this part.
      for (const v of failed) {
        const rest = v.instancePath.split('/').filter(Boolean);
        issues.push({ path: [part.context, ...rest].join('.'), message: v.message ?? 'invalid' });
      }
    }
  }
  if (issues.length === 0) {
    // Defensive: never answer 400 without saying why.
    for (const v of failed) {
      const rest = v.instancePath.split('/').filter(Boolean);
      issues.push({ path: [failedContext, ...rest].join('.'), message: v.message ?? 'invalid' });
    }
  }
  return issues;
}
