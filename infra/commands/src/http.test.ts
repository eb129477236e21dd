import type { HttpError } from '@zz/http';
import t from 'tap';
import { parseIfMatch } from './http.js';

t.test('If-Match: strong tags only for writes (RFC 9110): a weak W/"n" never matches → 412', async (t) => {
  t.equal(parseIfMatch('"3"'), 3n);
  t.equal(parseIfMatch('3'), 3n);
  t.equal(parseIfMatch(undefined), undefined);
  for (const weak of ['W/"0"', 'W/"3"', ' W/3']) {
    const err = t.throws(() => parseIfMatch(weak)) as HttpError;
    t.equal(err.statusCode, 412, weak);
    t.equal(err.code, 'precondition_failed');
  }
  t.equal((t.throws(() => parseIfMatch('"abc"')) as HttpError).statusCode, 400);
});
