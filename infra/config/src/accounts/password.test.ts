import t from 'tap';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

t.test('scrypt hashes: salted, verified in constant time, malformed hashes never match', async (t) => {
  const a = await hashPassword('Correct-horse-2026');
  const b = await hashPassword('Correct-horse-2026');
  t.match(a, /^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
  t.not(a, b, 'a fresh salt each time');
  t.ok(await verifyPassword('Correct-horse-2026', a));
  t.notOk(await verifyPassword('correct-horse-2026', a));
  for (const bad of ['', 'plain', 'scrypt$x$8$1$salt$hash', 'bcrypt$1$2$3$4$5']) t.notOk(await verifyPassword('Correct-horse-2026', bad), `malformed: ${bad}`);
  t.equal(passwordProblem('Correct-horse-2026'), null);
  t.match(passwordProblem('short'), /12/);
  t.match(passwordProblem('aaaaaaaaaaaaaaaa'), /simple/);
});
