import type { DomainError, DomainEvent } from '@zz/contracts';

/**
 * A decider (Chassaing): what may happen now, given what has happened. Pure and synchronous;
 * a refusal is a returned DomainError with a reason code, never an exception from deep inside.
 */
export interface Decider<Command, Event extends DomainEvent, State, Context> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[] | DomainError;
}

export function fold<E extends DomainEvent, S>(decider: Pick<Decider<unknown, E, S, unknown>, 'initialState' | 'evolve'>, events: Iterable<E>): S {
  let state = decider.initialState;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}
