import { ALLIANCE_ID_BYTES, SECRET_BYTES } from './protocol.ts';

/** A source of random bytes; pass one in tests to make ids reproducible. */
export type RandomBytes = (length: number) => Uint8Array;

interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/** The platform's CSPRNG (Web Crypto, present in browsers and Node ≥ 19). */
export const secureRandomBytes: RandomBytes = (length) => {
  const crypto = (globalThis as unknown as { crypto: CryptoLike }).crypto;
  return crypto.getRandomValues(new Uint8Array(length));
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** 16 random bytes: an alliance id. */
export function newAllianceId(random: RandomBytes = secureRandomBytes): string {
  return toBase64Url(random(ALLIANCE_ID_BYTES));
}

/** 32 random bytes: a link secret. */
export function newSecret(random: RandomBytes = secureRandomBytes): string {
  return toBase64Url(random(SECRET_BYTES));
}

/** 9 random bytes (12 characters): ids of records inside a document. */
export function newRecordId(random: RandomBytes = secureRandomBytes): string {
  return toBase64Url(random(9));
}
