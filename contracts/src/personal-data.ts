import { z } from 'zod';

/**
 * Personal data (个人信息) travels in events only encrypted under the person's own key, which the
 * key store can delete (crypto-shredding). Ciphertext is base64 of iv | tag | AES-256-GCM body.
 */
export const Sealed = z.object({
  keyId: z.string().min(1),
  ciphertext: z.string().min(1),
});
export type Sealed = z.infer<typeof Sealed>;

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
