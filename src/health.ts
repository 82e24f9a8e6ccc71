import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from "node:crypto";

import { getBytes, hexlify, keccak256, toUtf8Bytes, type BytesLike, type Signer, type TypedDataField } from "ethers";

import { serviceDomain, type Eip712Service } from "./eip712.js";

/** Credential topics (`HealthCodes.PHYSICIAN_TOPIC`, `CLINIC_TOPIC`): claims that make an identity a provider. */
export const PHYSICIAN_TOPIC = keccak256(toUtf8Bytes("citychain.health.physician"));
export const CLINIC_TOPIC = keccak256(toUtf8Bytes("citychain.health.clinic"));

/** Record categories, mirroring `HealthCodes.CATEGORY_*`. */
export const HealthCategory = { Lab: 1, Imaging: 2, Prescription: 3, Diagnosis: 4, Vaccination: 5 } as const;

/** Purposes of access, mirroring `HealthCodes.PURPOSE_*` (Emergency is only granted by break glass). */
export const HealthPurpose = { Treatment: 1, SecondOpinion: 2, Insurance: 3, Emergency: 4 } as const;

/** Kinds of a patient's audit entries, mirroring `HealthCodes.AUDIT_*`. */
export const AuditKind = {
  Granted: 1,
  Revoked: 2,
  EmergencyProposed: 3,
  EmergencyOpened: 4,
  Accessed: 5,
  ClaimGranted: 6,
  ClaimRevoked: 7,
} as const;

/** `HealthEmergency.EMERGENCY_DURATION` and `PROPOSAL_WINDOW`, `HealthConsents.MAX_GRANT_DURATION` (seconds). */
export const EMERGENCY_DURATION = 86_400n;
export const PROPOSAL_WINDOW = 3_600n;
export const MAX_GRANT_DURATION = 365n * 86_400n;

/** The EIP-712 type of a relayed consent (`HealthConsents.GRANT_TYPEHASH`). */
export const HEALTH_GRANT_TYPES: Record<string, TypedDataField[]> = {
  HealthGrant: [
    { name: "patientId", type: "uint256" },
    { name: "providerId", type: "uint256" },
    { name: "category", type: "uint8" },
    { name: "purpose", type: "uint8" },
    { name: "expiresAt", type: "uint64" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A consent as the patient signs it. */
export interface HealthGrant {
  patientId: bigint;
  providerId: bigint;
  category: number;
  purpose: number;
  expiresAt: bigint;
  nonce: bigint;
  deadline: bigint;
}

/** What the SDK needs of `HealthConsents`. */
export interface HealthConsentsService extends Eip712Service {
  nonceOf(patientId: bigint): Promise<bigint>;
}

/**
 * Signs a consent with the patient identity's current primary wallet, at its current nonce; a relayer submits it
 * with `grantAccessBySignature(patientId, providerId, category, purpose, expiresAt, deadline, signature)`.
 */
export async function signHealthGrant(
  signer: Signer,
  consents: HealthConsentsService,
  grant: Omit<HealthGrant, "nonce"> & { nonce?: bigint },
): Promise<{ grant: HealthGrant; signature: string }> {
  const full: HealthGrant = { ...grant, nonce: grant.nonce ?? (await consents.nonceOf(grant.patientId)) };
  const signature = await signer.signTypedData(await serviceDomain(consents), HEALTH_GRANT_TYPES, full);
  return { grant: full, signature };
}

/** An X25519 key pair, raw 32-byte keys (the public one is what `publishEncryptionKey` takes, as bytes32). */
export interface EncryptionKeyPair {
  publicKey: string;
  privateKey: Uint8Array;
}

/** Makes a fresh X25519 key pair (`node:crypto`). */
export function generateEncryptionKeyPair(): EncryptionKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("x25519");
  const pub = publicKey.export({ format: "jwk" }).x;
  const priv = privateKey.export({ format: "jwk" }).d;
  if (pub === undefined || priv === undefined) throw new Error("X25519 export failed");
  return {
    publicKey: hexlify(Buffer.from(pub, "base64url")),
    privateKey: new Uint8Array(Buffer.from(priv, "base64url")),
  };
}

const WRAP_INFO = toUtf8Bytes("citychain.health.key-wrap.v1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

function x25519Public(raw: BytesLike) {
  const bytes = getBytes(raw);
  if (bytes.length !== 32) throw new Error(`X25519 public key must be 32 bytes, got ${bytes.length}`);
  return createPublicKey({
    key: { kty: "OKP", crv: "X25519", x: Buffer.from(bytes).toString("base64url") },
    format: "jwk",
  });
}

function x25519Private(raw: Uint8Array, publicKey: BytesLike) {
  return createPrivateKey({
    key: {
      kty: "OKP",
      crv: "X25519",
      d: Buffer.from(raw).toString("base64url"),
      x: Buffer.from(getBytes(publicKey)).toString("base64url"),
    },
    format: "jwk",
  });
}

function wrappingKey(shared: Buffer, ephemeral: Uint8Array, recipient: Uint8Array): Buffer {
  const salt = Buffer.concat([ephemeral, recipient]);
  return Buffer.from(hkdfSync("sha256", shared, salt, WRAP_INFO, 32));
}

/**
 * Wraps a document key for a grantee's published X25519 public key: ephemeral X25519 ECDH, HKDF-SHA256, then
 * AES-256-GCM with `associatedData` (e.g. the record id) authenticated. Returns
 * `ephemeralPublic (32) || iv (12) || tag (16) || wrapped key`, to hand to the grantee off-chain.
 */
export function wrapDocumentKey(
  documentKey: Uint8Array,
  recipientPublicKey: BytesLike,
  associatedData?: BytesLike,
): Uint8Array {
  const recipient = getBytes(recipientPublicKey);
  const ephemeral = generateEncryptionKeyPair();
  const ephemeralPublic = getBytes(ephemeral.publicKey);
  const shared = diffieHellman({
    privateKey: x25519Private(ephemeral.privateKey, ephemeral.publicKey),
    publicKey: x25519Public(recipient),
  });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", wrappingKey(shared, ephemeralPublic, recipient), iv);
  if (associatedData !== undefined) cipher.setAAD(getBytes(associatedData));
  const wrapped = Buffer.concat([cipher.update(documentKey), cipher.final()]);
  return new Uint8Array(Buffer.concat([ephemeralPublic, iv, cipher.getAuthTag(), wrapped]));
}

/** Unwraps a key made by {@link wrapDocumentKey} with the grantee's key pair; throws for anyone else. */
export function unwrapDocumentKey(
  wrapped: Uint8Array,
  recipient: EncryptionKeyPair,
  associatedData?: BytesLike,
): Uint8Array {
  if (wrapped.length <= 32 + IV_BYTES + TAG_BYTES) throw new Error("wrapped key is truncated");
  const ephemeralPublic = wrapped.subarray(0, 32);
  const iv = wrapped.subarray(32, 32 + IV_BYTES);
  const tag = wrapped.subarray(32 + IV_BYTES, 32 + IV_BYTES + TAG_BYTES);
  const shared = diffieHellman({
    privateKey: x25519Private(recipient.privateKey, recipient.publicKey),
    publicKey: x25519Public(ephemeralPublic),
  });
  const decipher = createDecipheriv(
    "aes-256-gcm",
    wrappingKey(shared, ephemeralPublic, getBytes(recipient.publicKey)),
    iv,
  );
  if (associatedData !== undefined) decipher.setAAD(getBytes(associatedData));
  decipher.setAuthTag(tag);
  return new Uint8Array(
    Buffer.concat([decipher.update(wrapped.subarray(32 + IV_BYTES + TAG_BYTES)), decipher.final()]),
  );
}
