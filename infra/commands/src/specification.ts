import { DomainError, type DomainEvent } from '@zz/contracts';
import { fold, type Decider } from './decider.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- matches tap's own loose assertion signatures */
/** Minimal tap surface so this file needs no test-framework import. */
interface Asserts {
  same(found: any, wanted: any, ...rest: any[]): unknown;
  equal(found: any, wanted: any, ...rest: any[]): unknown;
  ok(value: any, ...rest: any[]): unknown;
}

/**
 * Given/when/then for deciders (after Emmett's DeciderSpecification):
 *   spec(decider).given([...events]).when(command, ctx).then([...events] | 'reason')
 */
export function deciderSpecification<C, E extends DomainEvent, S, X>(decider: Decider<C, E, S, X>) {
  return {
    given(events: E[]) {
      return {
        when(command: C, context: X) {
          const run = () => decider.decide(command, fold(decider, events), context);
          return {
            then(t: Asserts, expected: E[], message?: string) {
              const result = run();
              t.ok(!(result instanceof DomainError), `decided without refusal${result instanceof DomainError ? `: ${result.reason}` : ''}`);
              t.same(result, expected, message ?? 'the expected events');
            },
            thenRefused(t: Asserts, reason: string, message?: string) {
              const result = run();
              t.ok(result instanceof DomainError, message ?? `refused with ${reason}`);
              if (result instanceof DomainError) t.equal(result.reason, reason, message ?? 'with the expected reason');
            },
            result: run,
          };
        },
      };
    },
  };
}
