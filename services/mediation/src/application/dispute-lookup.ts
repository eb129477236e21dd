import { StreamNotFoundError } from '@zz/commands';
import { intake, type mediation, type SealedParty } from '@zz/contracts';
import type { DisputeState } from '@zz/intake';

/**
 * How this flow learns the facts of the dispute it works on. IntakeService satisfies it (its
 * `load`), so the embedded runtime passes that; the copy taken at opening is what jurisdiction,
 * consents and sealing are decided on afterwards.
 */
export interface DisputeLookup {
  load(caseId: string): Promise<{ state: DisputeState } | undefined>;
}

/** Parties by reference only (person id and role): what consents and attendance are checked against. */
export const partyRefs = (parties: SealedParty[]): mediation.PartyRef[] => parties.map((p) => ({ personId: p.personId, role: p.role }));

/** Free text of this flow is sealed under the key the dispute's own narrative is sealed under. */
export function narratorOf(d: DisputeState): string {
  return d.description?.keyId ?? d.parties.find((p) => p.role === 'applicant')?.personId ?? d.parties[0]?.personId ?? '';
}

/** The dispute a new file is opened for; `authorize` (jurisdiction, role) sees it first and throws to refuse. */
export async function disputeFor(lookup: DisputeLookup, caseId: string, authorize?: (dispute: DisputeState) => void): Promise<DisputeState> {
  const dispute = await lookup.load(caseId);
  if (!dispute) throw new StreamNotFoundError(intake.disputeStream(caseId));
  authorize?.(dispute.state);
  return dispute.state;
}

/** The dispute's facts a mediation file or a referral copies when it opens. */
export function disputeFacts(d: DisputeState) {
  return {
    caseCode: d.caseCode,
    areaCode: d.areaCode,
    handlingCenter: d.handlingCenter,
    category: d.category ?? 'other',
    parties: partyRefs(d.parties),
    narratorId: narratorOf(d),
    disputeStatus: d.status === 'none' ? 'registered' : d.status,
  } as const;
}
