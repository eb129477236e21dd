import { ERASED, maskIdNumber, maskName, maskPhone, type PartyInput, type PersonalDetails, type Role, type Sealed, type SealedParty } from '@zz/contracts';

/** What intake needs from the key store (infra/keystore): seal for a person, open, find a person by ID number. */
export interface PersonalDataVault {
  personFor(idNumber?: string): { personId: string; idHash?: string };
  seal(personId: string, value: unknown): Sealed;
  open<T>(sealed: Sealed): T | null;
}

/** Seal the parties' details under each person's own key; the narrative goes under the first applicant's key. */
export function sealParties(vault: PersonalDataVault, parties: PartyInput[], description: string): { parties: SealedParty[]; description: Sealed } {
  const sealed = parties.map((p): SealedParty => {
    const person = vault.personFor(p.details.idNumber);
    return { personId: person.personId, role: p.role, kind: p.kind, details: vault.seal(person.personId, p.details), ...(person.idHash ? { idHash: person.idHash } : {}) };
  });
  const narrator = sealed.find((p) => p.role === 'applicant') ?? sealed[0]!;
  return { parties: sealed, description: vault.seal(narrator.personId, description) };
}

/** Roles whose work needs the parties' full details; everyone else sees them masked (PIPL: minimum necessary). */
const FULL_DETAIL_ROLES: readonly Role[] = ['intake_clerk', 'mediator', 'supervisor', 'petition_officer', 'court_liaison', 'admin'];
export const seesFullDetails = (role: Role): boolean => FULL_DETAIL_ROLES.includes(role);

export interface PartyView {
  personId: string;
  role: SealedParty['role'];
  kind: SealedParty['kind'];
  erased: boolean;
  name: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

/** A party as a viewer may see it: opened at read time, so an erased person shows as erased everywhere at once. */
export function viewParty(vault: PersonalDataVault, party: SealedParty, role: Role): PartyView {
  const details = vault.open<PersonalDetails>(party.details);
  const head = { personId: party.personId, role: party.role, kind: party.kind };
  if (!details) return { ...head, erased: true, name: ERASED };
  if (seesFullDetails(role)) return { ...head, erased: false, ...details };
  return {
    ...head,
    erased: false,
    name: party.kind === 'organization' ? details.name : maskName(details.name),
    ...(details.idNumber ? { idNumber: maskIdNumber(details.idNumber) } : {}),
    ...(details.phone ? { phone: maskPhone(details.phone) } : {}),
  };
}

export function viewNarrative(vault: PersonalDataVault, sealed: Sealed, role: Role): string {
  const text = vault.open<string>(sealed);
  if (text === null) return ERASED;
  return seesFullDetails(role) ? text : '[受限 restricted]';
}
