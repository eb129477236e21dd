import type { CaseScope } from './live-event.js';

/** Looks a case's current scope up in a view (tier views, warnings) when the hub hasn't seen it. */
export type ScopeLookup = (caseCode: string) => CaseScope | undefined;

/**
 * The current scope of recently active cases, by case code, bounded (least recently used out).
 * A miss asks the views; a case no view knows yet falls back to its registering center (the
 * case code's prefix), whose area always contains the case's area: the fallback can hide an
 * event from a township that should see it, never show one to a center that shouldn't.
 */
export class CaseScopes {
  readonly #map = new Map<string, CaseScope>();
  constructor(
    private readonly lookup: ScopeLookup,
    private readonly capacity = 200_000,
  ) {}

  get(caseCode: string): CaseScope | undefined {
    const hit = this.#map.get(caseCode);
    if (hit) {
      this.#map.delete(caseCode);
      this.#map.set(caseCode, hit);
      return hit;
    }
    const found = this.lookup(caseCode) ?? registeringCenterScope(caseCode);
    if (found) this.set(caseCode, found);
    return found;
  }

  set(caseCode: string, scope: CaseScope): void {
    this.#map.delete(caseCode);
    this.#map.set(caseCode, scope);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as string);
  }
}

/** `<center>-<year>-<seq>` → the registering center as both area and handler. */
export function registeringCenterScope(caseCode: string): CaseScope | undefined {
  const m = /^(\d{6}(?:\d{3})?)-\d{4}-\d+$/.exec(caseCode);
  return m ? { areaCode: m[1]!, handlingCenter: m[1]! } : undefined;
}
