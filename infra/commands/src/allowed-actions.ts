import { DomainError } from '@zz/contracts';

/**
 * Which of a flow's commands the caller may issue on this state now, derived from the flow's own
 * rules rather than a hand-kept list: for each command path, `attempt` runs its authorization and its
 * decider on the current state with a sample body (a dry run: nothing is appended). A command is
 * allowed when authorization passes and the decider answers events; a thrown refusal, a DomainError,
 * `undefined` (no sample fits this state) or an empty answer means no.
 */
export function allowedActions(paths: Iterable<string>, attempt: (path: string) => unknown): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let answer: unknown;
    try {
      answer = attempt(path);
    } catch {
      continue; // authorization refused (403), or the sample does not fit this state
    }
    if (answer === undefined || answer instanceof DomainError) continue;
    if (Array.isArray(answer) && answer.length === 0) continue;
    out.push(path);
  }
  return out;
}
