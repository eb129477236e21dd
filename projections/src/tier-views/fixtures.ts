import { randomUUID } from 'node:crypto';
import { intake, type IntakeEvent, type IntakeEventType } from '@zz/contracts';
import type { EventData, RecordedEvent } from '@zz/eventstore';

/**
 * Test support: builds intake events in their stored shape (what the store hands a projection),
 * for feeding the projector directly or appending to a real store.
 */
export class CaseScript {
  readonly caseId = randomUUID();
  readonly caseCode: string;
  constructor(
    readonly centerCode: string,
    seq: number,
  ) {
    this.caseCode = `${centerCode}-2025-${String(seq).padStart(5, '0')}`;
  }

  get stream(): string {
    return intake.disputeStream(this.caseId);
  }

  event<K extends IntakeEventType>(type: K, data: Omit<Extract<IntakeEvent, { type: K }>['data'], 'caseId' | 'caseCode'>, occurredAt: string, schemaVersion?: number): EventData {
    return this.raw(type, { ...data, caseId: this.caseId, caseCode: this.caseCode }, occurredAt, schemaVersion ?? intake.INTAKE_SCHEMA_VERSIONS[type]);
  }

  raw(type: string, data: unknown, occurredAt: string, schemaVersion = 1): EventData {
    return {
      eventId: randomUUID(),
      type,
      schemaVersion,
      occurredAt,
      data,
      metadata: {
        correlationId: randomUUID(),
        causationId: randomUUID(),
        caseCode: this.caseCode,
        actor: { userId: 'clerk-1', role: 'intake_clerk', centerCode: this.centerCode },
      },
    };
  }

  registered(areaCode: string, occurredAt: string, over: Partial<{ category: string; source: string; title: string }> = {}): EventData {
    return this.event(
      'DisputeRegistered',
      {
        centerCode: this.centerCode,
        areaCode,
        category: (over.category ?? 'neighbours') as 'neighbours',
        source: (over.source ?? 'party_application') as 'party_application',
        title: over.title ?? '邻里漏水纠纷',
        description: { keyId: 'k-desc', ciphertext: 'c2VhbGVkLWRlc2M=' },
        parties: [{ personId: 'p-1', role: 'applicant', kind: 'person', details: { keyId: 'k-p1', ciphertext: 'c2VhbGVk' } }],
      },
      occurredAt,
    );
  }
}

/** Gives events stream revisions and gap-free global positions, as the SQLite store does. */
export class LogBuilder {
  #position = 0n;
  readonly #revisions = new Map<string, bigint>();
  readonly recorded: RecordedEvent[] = [];

  add(streamId: string, ...events: EventData[]): RecordedEvent[] {
    return events.map((e) => {
      const revision = (this.#revisions.get(streamId) ?? -1n) + 1n;
      this.#revisions.set(streamId, revision);
      const r: RecordedEvent = { ...e, streamId, revision, position: ++this.#position };
      this.recorded.push(r);
      return r;
    });
  }

  on(c: CaseScript, ...events: EventData[]): RecordedEvent[] {
    return this.add(c.stream, ...events);
  }
}

const CATEGORIES = ['neighbours', 'labour', 'marriage_family', 'contract', 'land_expropriation'] as const;
const SOURCES = ['party_application', 'grid_inspection', 'hotline_12345', 'police_110'] as const;

/**
 * A deterministic variety of lifecycles for case number `i`: some stop at registration, some are
 * declined, assessed (a few with the v1 event), routed every way, closed, followed up, reopened.
 * `county` must be the parent of `township`.
 */
export function lifecycle(c: CaseScript, i: number, where: { township: string; county: string; area: string }, t0: number): EventData[] {
  const at = (k: number) => new Date(t0 + i * 60_000 + k * 1000).toISOString();
  const due = (days: number) => new Date(t0 + i * 60_000 + days * 86_400_000).toISOString();
  const out: EventData[] = [c.registered(where.area, at(0), { category: CATEGORIES[i % CATEGORIES.length], source: SOURCES[i % SOURCES.length], title: `纠纷${i}` })];
  const step = i % 7;
  if (step === 0) return out;
  if (step === 1) return [...out, c.event('DisputeDeclined', { reason: '不属受理范围', redirectChannel: 'court_litigation' }, at(1))];
  out.push(c.event('DisputeAccepted', {}, at(1)));
  out.push(
    i % 3 === 0
      ? c.raw('RiskAssessed', { caseId: c.caseId, caseCode: c.caseCode, grade: 'red', reasons: '群体性' }, at(2), 1)
      : c.event('RiskAssessed', { grade: i % 2 ? 'green' : 'yellow', ruleGrade: 'green', factors: [], supervision: 'ordinary' }, at(2)),
  );
  if (step === 2) return [...out, c.event('DisputeTakenOn', { centerCode: where.township, dueAt: due(i % 10) }, at(3))];
  if (step === 3)
    return [
      ...out,
      c.event('DisputeEscalated', { fromCenter: where.township, toCenter: where.county, reason: '需上级协调' }, at(3)),
      c.event('DisputeAssignedDown', { fromCenter: where.county, toCenter: where.township, dueAt: due(5 + (i % 4)), supervision: 'yellow_card' }, at(4)),
    ];
  if (step === 4)
    return [
      ...out,
      c.event(
        'WhistleBlown',
        {
          whistleId: `w${i}`,
          centerCode: where.township,
          departments: [
            { code: 'hrss', name: '人社局' },
            { code: 'housing', name: '住建局' },
          ],
          reportInDueAt: due(2),
          reason: '需部门报到',
        },
        at(3),
      ),
      c.event('DepartmentReportedIn', { whistleId: `w${i}`, departmentCode: 'hrss' }, at(4)),
    ];
  out.push(c.event('DisputeTakenOn', { centerCode: where.township, dueAt: due(3) }, at(3)));
  out.push(c.event('DisputeClosed', { outcome: 'resolved', summary: '已化解' }, at(4)));
  if (step === 5) return out;
  out.push(c.event('FollowUpVisited', { satisfaction: 'satisfied', method: 'phone' }, at(5)));
  if (i % 2) out.push(c.event('DisputeReopened', { reason: '复发' }, at(6)));
  return out;
}
