import t from 'tap';
import { DomainError } from '@zz/contracts';
import { allowedActions } from './allowed-actions.js';

t.test('keeps the paths whose dry run answers events, in order', async (t) => {
  const answers: Record<string, () => unknown> = {
    accept: () => [{ type: 'DisputeAccepted' }],
    decline: () => new DomainError('not_awaiting_acceptance', 'no'),
    close: () => {
      throw new Error('forbidden role');
    },
    'report-in': () => undefined,
    'follow-up': () => [],
    reopen: () => [{ type: 'DisputeReopened' }],
  };
  t.same(
    allowedActions(Object.keys(answers), (p) => answers[p]!()),
    ['accept', 'reopen'],
  );
});
