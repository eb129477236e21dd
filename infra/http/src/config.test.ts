import t from 'tap';
import { z } from 'zod';
import { ConfigError, HttpEnv, parseConfig } from './index.js';

t.test('parseConfig returns typed values with defaults and coercion', async (t) => {
  const cfg = parseConfig(HttpEnv, { PORT: '8080', JWT_SECRET: 'a-long-enough-secret' });
  t.same(cfg, { PORT: 8080, HOST: '0.0.0.0', LOG_LEVEL: 'info', JWT_SECRET: 'a-long-enough-secret' });
});

t.test('parseConfig names every bad variable and never echoes a value', async (t) => {
  const Schema = HttpEnv.extend({ DATA_DIR: z.string().min(1) });
  const err = t.throws(() => parseConfig(Schema, { PORT: 'eighty', LOG_LEVEL: 'loud', JWT_SECRET: 'short' })) as ConfigError;
  t.ok(err instanceof ConfigError);
  t.match(err.message, /^配置错误 \/ invalid configuration: /);
  t.same(err.issues.map((i) => i.variable).sort(), ['DATA_DIR', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
  t.match(err.message, /PORT: [^;]*expected number/);
  t.notMatch(err.message, /eighty|short|loud/);
});
