import { existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { cliJwtSecret } from './cli-secret.js';
import { localSecrets } from './local-secrets.js';

t.test("CLIs sign with the server's secret and say which; they never make a new one", async (t) => {
  const dir = t.testdir();
  t.throws(() => cliJwtSecret({ DATA_DIR: dir }), /DATA_DIR.*JWT_SECRET/, 'no secrets.json and no JWT_SECRET: an error naming both');
  t.notOk(existsSync(join(dir, 'secrets.json')), 'nothing generated');
  const server = localSecrets(dir);
  t.same(cliJwtSecret({ DATA_DIR: dir }), { secret: server.JWT_SECRET, source: join(dir, 'secrets.json') });
  t.match(cliJwtSecret({ DATA_DIR: dir, JWT_SECRET: 'from-the-environment-0123456789ab' }), { secret: 'from-the-environment-0123456789ab', source: /JWT_SECRET/ });
});
