import { DomainError, type DomainEvent } from '@zz/contracts';
import { fold, type Decider } from './decider.js';

/** Minimal tap surface so this file needs no test-framework import (tap's own signatures are this loose). */
interface Asserts {
  same(found: unknown, wanted: unknown, ...rest: unknown[]): unknown;
  equal(found: unknown, wanted: unknown, ...rest: unknown[]): unknown;
  ok(value: unknown, ...rest: unknown[]): unknown;
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
            // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the specification; this object is never awaited
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
