import { z } from 'zod';
import type { Role } from './reference-data.js';

/**
 * Personal data (个人信息) travels in events only encrypted under the person's own key, which the
 * key store can delete (crypto-shredding). Ciphertext is base64 of iv | tag | AES-256-GCM body.
 */
export const Sealed = z.object({
  keyId: z.string().min(1),
  ciphertext: z.string().min(1),
});
export type Sealed = z.infer<typeof Sealed>;

/**
 * Free text typed by staff (accept notes, whistle reasons, report-in notes): staff write names and
 * phone numbers there, so it is sealed under the case's key (its narrator's or first petitioner's)
 * and shredded with it. Events written before sealing hold a plain string; history is never rewritten.
 */
export const StaffText = z.union([Sealed, z.string()]);

/** What a clerk types about a party. Never logged, never stored in clear. */
export const PersonalDetails = z.object({
  name: z.string().trim().min(1, '姓名不能为空 / name is required').max(100),
  idNumber: z
    .string()
    .regex(/^\d{17}[\dXx]$/, '身份证号须为18位 / ID number must be 18 characters')
    .optional(),
  phone: z
    .string()
    .regex(/^[\d+\-\s]{5,20}$/, '电话号码格式不正确 / invalid phone number')
    .optional(),
  address: z.string().max(200).optional(),
});
export type PersonalDetails = z.infer<typeof PersonalDetails>;

export const PartyRole = z.enum(['applicant', 'respondent', 'third_party']);
export type PartyRole = z.infer<typeof PartyRole>;
export const PartyKind = z.enum(['person', 'organization']);

/** A party as a command names it. */
export const PartyInput = z.object({
  role: PartyRole,
  kind: PartyKind.default('person'),
  details: PersonalDetails,
});
export type PartyInput = z.infer<typeof PartyInput>;

/** A party as events store it: a person reference, sealed details and a keyed hash of the ID number. */
export const SealedParty = z.object({
  personId: z.string().min(1),
  role: PartyRole,
  kind: PartyKind,
  details: Sealed,
  /** HMAC of the ID number under a deployment secret: finds the same person across cases. */
  idHash: z.string().optional(),
  /** HMAC of the normalised address: finds one address in several disputes (early warnings). */
  addressHash: z.string().optional(),
});
export type SealedParty = z.infer<typeof SealedParty>;

/** What a view shows once a person's key is gone. */
export const ERASED = '[已删除 erased]';

/** Masking for roles that don't need the full details (张三 → 张*; phone 138****1234). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 2));
}
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 3)}***********${id.slice(-4)}`;
}

/** What flows need from the key store (infra/keystore): seal for a person, open, find a person by ID number. */
export interface PersonalDataVault {
  /** Find-or-create the people (by keyed hash of the ID number); resolves once their keys are durable. */
  personsFor(idNumbers: (string | undefined)[]): Promise<{ personId: string; idHash?: string }[]>;
  addressHash(address: string): string;
  seal(personId: string, value: unknown): Sealed;
  open<T>(sealed: Sealed): T | null;
}

/** Seal the parties' details under each person's own key; the narrative goes under the first applicant's key. */
export async function sealParties(vault: PersonalDataVault, parties: PartyInput[], description: string): Promise<{ parties: SealedParty[]; description: Sealed }> {
  const people = await vault.personsFor(parties.map((p) => p.details.idNumber));
  const sealed = parties.map((p, i): SealedParty => {
    const person = people[i]!;
    const address = p.details.address?.trim();
    return {
      personId: person.personId,
      role: p.role,
      kind: p.kind,
      details: vault.seal(person.personId, p.details),
      ...(person.idHash ? { idHash: person.idHash } : {}),
      ...(address ? { addressHash: vault.addressHash(address) } : {}),
    };
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
