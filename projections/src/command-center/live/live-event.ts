import type { RecordedEvent } from '@zz/eventstore';
import { isNumberingEvent } from '@zz/contracts';
import { labelOf, type Label } from '../../timeline/labels.js';

/**
 * What the live stream carries about one stored event: ids, type, codes and the few fields the
 * counters and boards move on. Never sealed data, titles, notes or names — for any role — so
 * nothing personal can leak through the stream, whoever watches it.
 */
export interface LiveEvent {
  /** Global position: the SSE id a client resumes from (Last-Event-ID). */
  position: number;
  type: string;
  /** What happened, for people (zh first, en second). */
  label: Label;
  occurredAt: string;
  caseCode: string;
  /** The dispute's id when the event names one (mediation and referral events do too). */
  caseId?: string;
  mediationId?: string;
  petitionId?: string;
  /** Where the case arose and who holds it now (as far as known when the event was pushed). */
  areaCode: string | null;
  handlingCenter: string | null;
  category?: string;
  source?: string;
  risk?: string;
  outcome?: string;
}

/** Where a case lies: decides who may see its events. */
export interface CaseScope {
  areaCode: string;
  handlingCenter: string;
}

/** Fields copied from event data into the live event: an allow-list, never the data object itself. */
const PLAIN_FIELDS = ['caseId', 'mediationId', 'petitionId', 'category', 'source'] as const;

/** The scope an event itself establishes or moves (registration, opening, routing), if any. */
export function scopeChange(e: Pick<RecordedEvent, 'type' | 'data'>, before: CaseScope | undefined): CaseScope | undefined {
  const d = e.data as Record<string, unknown>;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  switch (e.type) {
    case 'DisputeRegistered':
    case 'PetitionRegistered': {
      const area = str('areaCode');
      const center = str('centerCode');
      // A petition about a dispute shares the dispute's code: keep the dispute's scope.
      if (e.type === 'PetitionRegistered' && before) return undefined;
      return area && center ? { areaCode: area, handlingCenter: center } : undefined;
    }
    case 'MediationOpened': {
      const area = str('areaCode');
      const center = str('handlingCenter');
      return !before && area && center ? { areaCode: area, handlingCenter: center } : undefined;
    }
    case 'DisputeTakenOn':
      return before && str('centerCode') ? { ...before, handlingCenter: str('centerCode')! } : undefined;
    case 'DisputeAssignedDown':
    case 'DisputeEscalated':
      return before && str('toCenter') ? { ...before, handlingCenter: str('toCenter')! } : undefined;
    default:
      return undefined;
  }
}

/** Bookkeeping events (case-code claims) are facts of the system, not of a case: nobody watches them live. */
export const isInternalEvent = (type: string): boolean => isNumberingEvent(type);

/** The live shape of a stored event, given the case's scope. */
export function toLiveEvent(e: RecordedEvent, scope: CaseScope | undefined): LiveEvent {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const caseCode = typeof d.caseCode === 'string' ? d.caseCode : String((e.metadata as { caseCode?: unknown }).caseCode ?? '');
  const out: LiveEvent = {
    position: Number(e.position),
    type: e.type,
    label: labelOf(e.type),
    occurredAt: e.occurredAt,
    caseCode,
    areaCode: scope?.areaCode ?? null,
    handlingCenter: scope?.handlingCenter ?? null,
  };
  for (const k of PLAIN_FIELDS) if (typeof d[k] === 'string') out[k] = d[k] as string;
  if (e.type === 'RiskAssessed' && typeof d.grade === 'string') out.risk = d.grade;
  if (e.type === 'DisputeClosed' && typeof d.outcome === 'string') out.outcome = d.outcome;
  if (e.type === 'MediationClosed' && typeof d.outcome === 'string') out.outcome = d.outcome;
  return out;
}

/** The SSE frame of a live event. */
export function sseFrame(ev: LiveEvent): string {
  return `id: ${ev.position}\nevent: case\ndata: ${JSON.stringify(ev)}\n\n`;
}
