import { randomUUID } from 'node:crypto';
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

/**
 * Erasure of a person's personal data (PIPL art. 47) by crypto-shredding: the key goes, every event
 * stays. The erasure itself is recorded as an event (no personal data in it) for the audit trail.
 */
export const erasureRoutes: FastifyPluginAsyncZod<{ vault: ErasableVault; store: EventStore }> = async (app, { vault, store }) => {
  app.post(
    '/api/persons/:personId/erasure',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['privacy 个人信息'],
        summary: '删除个人信息（密钥销毁） / erase a person\'s personal data (crypto-shredding)',
        params: z.object({ personId: z.string().min(1).max(100) }),
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
      },
    },
    async (request) => {
      if (request.actor.role !== 'admin') throw new HttpError(403, 'forbidden_role', '仅管理员可删除个人信息 / only an admin may erase personal data');
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
