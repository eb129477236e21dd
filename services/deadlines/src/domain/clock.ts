import type { deadlines } from '@zz/contracts';

/**
 * One running (or ended) deadline clock on a case, as folded from the case's events. Plain JSON so the
 * watcher's projection can store it as is. The limit is copied from the policy when the clock starts:
 * a later policy file changes new clocks, never the due date of one already running.
 */
export interface Clock {
  clockId: string;
  policyId: string;
  flow: deadlines.ClockFlow;
  obligedParty: deadlines.ObligedParty;
  caseCode: string;
  centerCode: string;
  key: Record<string, string>;
  startedAt: string;
  startEventId: string;
  base: { kind: 'limit'; amount: number; unit: deadlines.DayUnit } | { kind: 'instant'; dueAt: string };
  extensions: ClockExtensionRecord[];
  pauses: ClockPauseRecord[];
  stop?: { at: string; outcome: 'met' | 'cancelled'; event: string; eventId: string };
  /** Due instants (ISO, +08:00) a DeadlineApproaching / DeadlineMissed was already recorded for. */
  alerts: { approaching: string[]; missed: string[] };
  /** Global position of the last event folded in (decimal string: JSON has no bigint). */
  position: string;
}

export interface ClockExtensionRecord {
  event: string;
  eventId: string;
  at: string;
  days?: number;
  newDueAt?: string;
  approvedBy: string;
  reason?: string;
}

export interface ClockPauseRecord {
  reason: string;
  from: string;
  to?: string;
  eventId: string;
}

/**
 * An event as the engine reads it: any flow's event in its current schema version, with the envelope
 * values policies may refer to (`$occurredAt`, `$eventId`, `$caseCode`, `$actor.*`).
 */
export interface ClockEvent {
  type: string;
  data: Record<string, unknown>;
  eventId: string;
  occurredAt: string;
  caseCode: string;
  actor?: { userId: string; role: string; centerCode: string };
  position?: bigint;
}

/** Where a clock stands at a given instant. */
export type ClockStatus = 'running' | 'approaching' | 'overdue' | 'paused' | 'met' | 'met_late' | 'cancelled';
