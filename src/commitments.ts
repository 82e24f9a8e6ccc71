import { createHmac, randomBytes } from "node:crypto";

import { AbiCoder, getBytes, hexlify, keccak256, toUtf8Bytes, type BytesLike } from "ethers";

/** A salted commitment and the salt that opens it. Keep the salt off-chain with the record. */
export interface SaltedCommitment {
  commitment: string;
  salt: string;
}

/**
 * Commits to a value that may be guessable (a name, a birth date, a parcel's owner list):
 * `keccak256(abi.encode(salt, keccak256(value)))` with a fresh 32-byte salt unless one is given.
 * Without the salt nobody can test guesses against the commitment.
 */
export function saltedCommitment(value: BytesLike | string, salt?: BytesLike): SaltedCommitment {
  const saltBytes = salt === undefined ? randomBytes(32) : getBytes(salt);
  if (saltBytes.length !== 32) throw new Error(`salt must be 32 bytes, got ${saltBytes.length}`);
  const valueBytes = typeof value === "string" ? toUtf8Bytes(value) : getBytes(value);
  const commitment = keccak256(
    AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [saltBytes, keccak256(valueBytes)]),
  );
  return { commitment, salt: hexlify(saltBytes) };
}

/** Whether `value` and `salt` open `commitment`. */
export function openCommitment(commitment: string, value: BytesLike | string, salt: BytesLike): boolean {
  return saltedCommitment(value, salt).commitment === commitment;
}

/**
 * A subject commitment for Sybil resistance: the same person must always map to the same commitment, so
 * it is keyed with the registrars' shared secret (a pepper kept off-chain), not a random salt:
 * `HMAC-SHA256(pepper, normalized national id)`. Without the pepper, commitments cannot be linked to ids.
 */
export function subjectCommitment(nationalId: string, pepper: BytesLike): string {
  const normalized = nationalId.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
  if (normalized.length === 0) throw new Error("national id is empty");
  const pepperBytes = getBytes(pepper);
  if (pepperBytes.length < 16) throw new Error("pepper must be at least 16 bytes");
  return hexlify(createHmac("sha256", pepperBytes).update(normalized).digest());
}
