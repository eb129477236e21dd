// Which client errors are retried, which end a subscription, which are invalid positions.
import t from 'tap';
import { StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import { isInvalidPosition, isPermanentForSubscription, isTransient, toInvalidPosition } from './esdb-errors.js';
import { InvalidPositionError } from './port.js';
import { esdbErrors } from './testing/fake-esdb-client.js';

t.test('transient: deadline, unavailable, not-leader; nothing else', async (t) => {
  for (const make of [esdbErrors.deadline, esdbErrors.unavailable, esdbErrors.notLeader]) t.ok(isTransient(make()), make().constructor.name);
  for (const e of [esdbErrors.accessDenied(), esdbErrors.invalidPosition(), new Error('boom'), new StreamNotFoundError(undefined, 's'), 'text']) t.notOk(isTransient(e), String(e));
  t.notOk(isTransient(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n })), 'a conflict is an answer, not an unknown outcome');
});

t.test('permanent for a subscription: invalid position, access denied; a plain error is a drop', async (t) => {
  t.ok(isPermanentForSubscription(esdbErrors.invalidPosition()));
  t.ok(isPermanentForSubscription(esdbErrors.accessDenied()));
  t.ok(isPermanentForSubscription(new InvalidPositionError(5n)));
  t.notOk(isPermanentForSubscription(esdbErrors.unavailable()));
  t.notOk(isPermanentForSubscription(new Error('socket hang up')));
  t.ok(isInvalidPosition(esdbErrors.invalidPosition()));
  t.notOk(isInvalidPosition(esdbErrors.accessDenied()));
  const mapped = toInvalidPosition(7n, esdbErrors.invalidPosition());
  t.type(mapped, InvalidPositionError);
  t.equal(mapped.position, 7n);
  const same = new InvalidPositionError(9n);
  t.equal(toInvalidPosition(1n, same), same, 'kept as it is');
});
