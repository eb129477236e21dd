import { randomUUID } from 'node:crypto';
import type { ClockEvent } from './domain/clock.js';

/** Test helpers: a flow event as the engine sees it, with the envelope values policies refer to. */
export function flowEvent(type: string, data: Record<string, unknown>, occurredAt: string, opts: { caseCode?: string; centerCode?: string; eventId?: string } = {}): ClockEvent {
  return {
    type,
    data: { caseCode: opts.caseCode ?? '230302-2026-000001', ...data },
    eventId: opts.eventId ?? randomUUID(),
    occurredAt: new Date(occurredAt).toISOString(),
    caseCode: opts.caseCode ?? '230302-2026-000001',
    actor: { userId: 'clerk-1', role: 'petition_officer', centerCode: opts.centerCode ?? '230302' },
  };
}
