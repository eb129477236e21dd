import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** AES-256-GCM with a random 96-bit IV; the key id is authenticated data, so a ciphertext can't be relabelled. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export function newKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function encrypt(key: Buffer, keyId: string, plaintext: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The plaintext, or null when authentication fails (tampered, truncated, wrong key or key id). */
export function decrypt(key: Buffer, keyId: string, ciphertext: string): Buffer | null {
  const raw = Buffer.from(ciphertext, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/** ID numbers are typed as 18 characters whose last may be x or X: one person, one hash. */
export function normaliseIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** Keyed hash of an address, normalised (spaces and punctuation dropped), domain-separated from ID-number hashes. */
export function keyedAddressHash(secret: string, address: string): string {
  const normalised = address.normalize('NFKC').replace(/[\s\p{P}]/gu, '');
  return createHmac('sha256', secret).update('address\0', 'utf8').update(normalised, 'utf8').digest('hex');
}

export function keyedHash(secret: string, idNumber: string): string {
  return createHmac('sha256', secret).update(normaliseIdNumber(idNumber), 'utf8').digest('hex');
}
