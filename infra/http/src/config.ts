import { z } from 'zod';

/** A process's environment failed its schema; the message names every bad variable (never its value). */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`配置错误 / invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses environment variables with one zod schema per process; a bad value stops start-up. */
export function parseConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => ({
      variable: i.path.map(String).join('.') || '(root)',
      message: i.message,
    })),
  );
}

/** Shared variables every HTTP process reads; extend with `.extend({...})`. */
export const HttpEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_SECRET: z.string().min(16, 'at least 16 characters'),
});
export type HttpEnv = z.infer<typeof HttpEnv>;
