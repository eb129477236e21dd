/**
 * Personal data protection by crypto-shredding. Events carry personal details only sealed under
 * the person's own key; erasing the person deletes the key, so history stays immutable and complete
 * while the details become unreadable everywhere at once.
 */

/** Same shape as contracts' `Sealed`: base64 of iv | tag | AES-256-GCM body, under key `keyId`. */
export interface Sealed {
  keyId: string;
  ciphertext: string;
}

export interface PersonRef {
  personId: string;
  /** Keyed hash (HMAC-SHA256) of the ID number, when one was given: matches the person across cases. */
  idHash?: string;
}

export interface Erasure {
  erasedAt: string;
}

export interface KeyStore {
  /**
   * The person with this ID number (found by its keyed hash), created with a fresh key if new.
   * Without an ID number there is nothing to match on: always a new person.
   */
  personFor(idNumber?: string): PersonRef;
  /** The same for several people at once, group-committed with concurrent calls (one fsync per batch). */
  /** Keyed hash of an address, so early warnings can find one address in several disputes without keeping it. */
  addressHash(address: string): string;
  personsFor(idNumbers: (string | undefined)[]): Promise<PersonRef[]>;
  /** Keyed hash of an ID number (normalised: trimmed, upper-case X). */
  idHash(idNumber: string): string;
  /** Encrypts any JSON value under the person's key. Throws for an erased or unknown person. */
  seal(personId: string, value: unknown): Sealed;
  /**
   * Decrypts. `null` when the person was erased (the key is gone by design). Throws
   * `UnknownKeyError` for a key this store never had (wrong store: silent nulls would hide it) and
   * `SealBrokenError` when the ciphertext fails authentication (tampered or corrupt).
   */
  open<T = unknown>(sealed: Sealed): T | null;
  /** Deletes the person's key and ID-number hash; keeps only the fact and time of erasure. Idempotent. */
  erase(personId: string): Erasure;
  isErased(personId: string): boolean;
  close(): void;
}

export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`密钥不存在 / unknown key: ${keyId}`);
    this.name = 'UnknownKeyError';
  }
}

export class SealBrokenError extends Error {
  constructor(readonly keyId: string) {
    super(`密文校验失败（被篡改或损坏） / sealed data failed authentication (tampered or corrupt): ${keyId}`);
    this.name = 'SealBrokenError';
  }
}

export class PersonErasedError extends Error {
  constructor(readonly personId: string) {
    super(`该人员信息已删除 / person has been erased: ${personId}`);
    this.name = 'PersonErasedError';
  }
}

export class UnknownPersonError extends Error {
  constructor(readonly personId: string) {
    super(`人员不存在 / unknown person: ${personId}`);
    this.name = 'UnknownPersonError';
  }
}
