import { randomUUID } from 'node:crypto';
import type { RegionDirectory } from '@zz/contracts';
import type { EventStore } from '@zz/eventstore';
import { HttpError, type FastifyPluginAsyncZod } from '@zz/http';
import { z } from 'zod';

/** What erasure needs from the key store. */
export interface ErasableVault {
  erase(personId: string): { erasedAt: string };
  isErased(personId: string): boolean;
}

export const PERSONAL_DATA_ERASED = 'PersonalDataErased';
export const personStream = (personId: string) => `person-${personId}`;

/** Events that bring a person into the system, and the area each one places them in. */
const PERSON_SOURCES: Record<string, (data: Record<string, unknown>) => { area: string; persons: string[] }> = {
  DisputeRegistered: (d) => ({ area: String(d.areaCode), persons: ((d.parties ?? []) as { personId: string }[]).map((p) => p.personId) }),
  PetitionRegistered: (d) => ({ area: String(d.areaCode), persons: ((d.petitioners ?? []) as { personId: string }[]).map((p) => p.personId) }),
  UserCreated: (d) => ({ area: String(d.center), persons: [String(d.personId)] }),
};

/** The areas of every case (or account) a person appears in, read from the log. Erasures are rare; a scan of the registrations is fine. */
export async function areasOfPerson(store: EventStore, personId: string): Promise<string[]> {
  const areas = new Set<string>();
  for await (const e of store.readAll({ types: Object.keys(PERSON_SOURCES) })) {
    const { area, persons } = PERSON_SOURCES[e.type]!(e.data as Record<string, unknown>);
    if (persons.includes(personId)) areas.add(area);
  }
  return [...areas];
}

/**
 * Erasure is irreversible, so it follows the rule of every write: the caller's center must contain
 * the area of every case the person appears in (an admin of one county cannot erase a party of a
 * case beside it). A person in no case at all is the top center's to erase. Pure.
 */
export function mayErase(regions: RegionDirectory, callerCenter: string, areas: string[]): boolean {
  if (areas.length === 0) return regions.get(callerCenter)?.parentCode === null;
  return areas.every((area) => regions.isWithin(area, callerCenter));
}

/**
 * Erasure of a person's personal data (PIPL art. 47) by crypto-shredding: the key goes, every event
 * stays. The erasure itself is recorded as an event (no personal data in it) for the audit trail.
 */
export const erasureRoutes: FastifyPluginAsyncZod<{ vault: ErasableVault; store: EventStore; regions: RegionDirectory }> = async (app, { vault, store, regions }) => {
  app.post(
    '/api/persons/:personId/erasure',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['privacy 个人信息'],
        summary: "删除个人信息（密钥销毁） / erase a person's personal data (crypto-shredding)",
        params: z.object({ personId: z.string().min(1).max(100) }),
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (request) => {
      if (request.actor.role !== 'admin') throw new HttpError(403, 'forbidden_role', '仅管理员可删除个人信息 / only an admin may erase personal data');
      if (!mayErase(regions, request.actor.centerCode, await areasOfPerson(store, request.params.personId))) {
        throw new HttpError(403, 'outside_jurisdiction', '该人员涉及本辖区以外的案件，无权删除 / this person appears in cases outside your area: you may not erase them');
      }
      if (vault.isErased(request.params.personId)) {
        // Idempotent: a repeated request answers the first erasure and records nothing new.
        return { personId: request.params.personId, erasedAt: vault.erase(request.params.personId).erasedAt, position: null };
      }
      let erasedAt: string;
      try {
        erasedAt = vault.erase(request.params.personId).erasedAt;
      } catch (err) {
        if ((err as Error).name === 'UnknownPersonError') throw new HttpError(404, 'not_found', '人员不存在 / unknown person');
        throw err;
      }
      const r = await store.append(
        personStream(request.params.personId),
        [
          {
            eventId: randomUUID(),
            type: PERSONAL_DATA_ERASED,
            schemaVersion: 1,
            occurredAt: erasedAt,
            data: { personId: request.params.personId, reason: request.body.reason },
            metadata: { correlationId: request.correlationId, causationId: request.correlationId, caseCode: '', actor: request.actor },
          },
        ],
        { expectedRevision: 'any' },
      );
      return { personId: request.params.personId, erasedAt, position: Number(r.position) };
    },
  );
};
