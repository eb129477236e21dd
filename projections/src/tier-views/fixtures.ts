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
