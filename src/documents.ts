import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { AbiCoder, getBytes, keccak256, toUtf8Bytes, type BytesLike } from "ethers";

/** Encryption scheme ids, mirroring `contracts/common/Documents.sol`. */
export const DocumentScheme = {
  PLAINTEXT: 0,
  AES_256_GCM: 1,
} as const;

/** A document reference as the contracts take it (`Documents.Document`). A type, not an interface, so it
 * can be passed where ABI argument objects are expected (Ignition). */
export type DocumentRef = {
  contentHash: string;
  scheme: number;
  uri: string;
};

/** An encrypted document: the bytes to store off-chain and the key to give only to those entitled. */
export interface EncryptedDocument {
  /** `version (1) || iv (12) || tag (16) || ciphertext`: the exact bytes stored off-chain and hashed. */
  blob: Uint8Array;
  /** The 32-byte AES-256 key. Never goes on-chain. */
  key: Uint8Array;
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * Encrypts a document with AES-256-GCM. A fresh random IV is used every time; the key is fresh unless
 * given. `associatedData` (e.g. the record key) is authenticated but not encrypted: a ciphertext moved
 * to another record fails to decrypt.
 */
export function encryptDocument(
  plaintext: BytesLike | string,
  options: { key?: Uint8Array; associatedData?: BytesLike } = {},
): EncryptedDocument {
  const key = options.key ?? randomBytes(32);
  if (key.length !== 32) throw new Error(`AES-256 key must be 32 bytes, got ${key.length}`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (options.associatedData !== undefined) cipher.setAAD(getBytes(options.associatedData));
  const data = typeof plaintext === "string" ? toUtf8Bytes(plaintext) : getBytes(plaintext);
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  const blob = Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
  return { blob: new Uint8Array(blob), key: new Uint8Array(key) };
}

/** Decrypts a blob made by {@link encryptDocument}; throws if the key, data or associated data are wrong. */
export function decryptDocument(blob: Uint8Array, key: Uint8Array, associatedData?: BytesLike): Uint8Array {
  if (blob.length < HEADER_BYTES) throw new Error("encrypted document is truncated");
  if (blob[0] !== FORMAT_VERSION) throw new Error(`unknown encrypted document format ${blob[0]}`);
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  if (associatedData !== undefined) decipher.setAAD(getBytes(associatedData));
  decipher.setAuthTag(tag);
  return new Uint8Array(Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]));
}

/** The content hash the chain anchors: keccak256 of the stored bytes (the ciphertext blob when encrypted). */
export function contentHash(stored: BytesLike): string {
  return keccak256(stored);
}

/** A document reference for stored bytes at `uri`. */
export function documentRef(stored: BytesLike, uri: string, scheme: number): DocumentRef {
  return { contentHash: contentHash(stored), scheme, uri };
}

/** The commitment the contracts store for a document, as `Documents.commitmentOf` computes it. */
export function documentCommitment(doc: DocumentRef): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint8", "bytes32"],
      [doc.contentHash, doc.scheme, keccak256(toUtf8Bytes(doc.uri))],
    ),
  );
}
