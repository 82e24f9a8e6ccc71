/**
 * Passkeys (WebAuthn P-256) for residents: the challenge of an action, the contract input from a browser's
 * `navigator.credentials.get()` result, and a software authenticator for tests. Mirrors
 * `contracts/identity/IPasskeyRegistry.sol`.
 */
import { p256 } from "@noble/curves/nist.js";
import {
  getBytes,
  hexlify,
  sha256,
  toUtf8Bytes,
  toBeHex,
  toUtf8String,
  TypedDataEncoder,
  type BytesLike,
  type TypedDataField,
} from "ethers";

import { serviceDomain, type Eip712Service } from "./eip712.js";
import { HEALTH_GRANT_TYPES, type HealthGrant } from "./health.js";
import { CLAIM_TYPES, type SignedClaim } from "./insurance.js";
import { TRANSFER_WITH_AUTHORIZATION_TYPES } from "./payments.js";
import { ACCEPT_TYPES, type Accept } from "./supply.js";
import { CAST_TYPES, COMMIT_TYPES } from "./voting.js";

/** The curve order n of P-256; a signature's `s` must be at most n/2 on-chain. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** Authenticator data flags (WebAuthn §6.1). */
export const AuthenticatorFlags = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10 } as const;

/** The contract's `PasskeyAssertion`. */
export interface PasskeyAssertion {
  passkeyId: bigint;
  /** The passkey's public key: the contract checks it against the passkey's stored commitment. */
  qx: string;
  qy: string;
  authenticatorData: string;
  clientDataJSON: string;
  challengeIndex: bigint;
  typeIndex: bigint;
  r: string;
  s: string;
}

/** What a browser's `navigator.credentials.get()` returns (`PublicKeyCredential.response`), as bytes. */
export interface BrowserAssertion {
  authenticatorData: BytesLike;
  clientDataJSON: BytesLike;
  /** DER-encoded ECDSA signature, as WebAuthn returns it. */
  signature: BytesLike;
}

/** A P-256 public key as the contract stores it. */
export interface PasskeyPublicKey {
  qx: string;
  qy: string;
}

/** sha256 of a WebAuthn relying party id, as the contract's `relyingPartyIdHash` expects. */
export function rpIdHash(rpId: string): string {
  return sha256(toUtf8Bytes(rpId));
}

/** base64url without padding, as WebAuthn writes the challenge into clientDataJSON. */
export function base64url(data: BytesLike): string {
  return Buffer.from(getBytes(data)).toString("base64url");
}

/**
 * The WebAuthn challenge of an action: the bytes of its EIP-712 digest (which carries the action's nonce and
 * deadline). Pass it as `publicKey.challenge` to `navigator.credentials.get()`.
 */
export function passkeyChallenge(digest: BytesLike): Uint8Array {
  const bytes = getBytes(digest);
  if (bytes.length !== 32) throw new Error(`an action digest is 32 bytes, got ${bytes.length}`);
  return bytes;
}

/** The public key (qx, qy) of an uncompressed SEC1 point or of an SPKI DER (`response.getPublicKey()`). */
export function publicKeyFrom(key: BytesLike): PasskeyPublicKey {
  const bytes = getBytes(key);
  const point = bytes.slice(bytes.length - 65);
  if (point[0] !== 0x04) throw new Error("not an uncompressed P-256 point");
  return { qx: hexlify(point.slice(1, 33)), qy: hexlify(point.slice(33, 65)) };
}

/** Splits a DER ECDSA signature into r and s (32 bytes each). */
export function parseDerSignature(der: BytesLike): { r: bigint; s: bigint } {
  const bytes = getBytes(der);
  if (bytes[0] !== 0x30) throw new Error("not a DER signature");
  let offset = 2;
  const read = (): bigint => {
    if (bytes[offset] !== 0x02) throw new Error("not a DER integer");
    const length = bytes[offset + 1];
    const value = BigInt(hexlify(bytes.slice(offset + 2, offset + 2 + length)));
    offset += 2 + length;
    return value;
  };
  const r = read();
  return { r, s: read() };
}

/**
 * Turns a browser's assertion into the contract's `PasskeyAssertion`: finds the `type` and `challenge` fields
 * in clientDataJSON and normalises `s` to the lower half of the curve order (WebAuthn authenticators do not).
 * `publicKey` is the passkey's registered key (kept from registration, or read with {passkeyAssertion}).
 */
export function assertionFromBrowser(
  passkeyId: bigint,
  response: BrowserAssertion,
  publicKey: PasskeyPublicKey,
): PasskeyAssertion {
  const json = toUtf8String(response.clientDataJSON);
  // The contract checks the type is `webauthn.get`; the SDK only locates the fields.
  const typeIndex = json.indexOf('"type":"');
  const challengeIndex = json.indexOf('"challenge":"');
  if (typeIndex < 0 || challengeIndex < 0) throw new Error("clientDataJSON has no type or challenge");
  const { r, s } = parseDerSignature(response.signature);
  const low = s > P256_N / 2n ? P256_N - s : s;
  // Indices are byte offsets; clientDataJSON from browsers is ASCII before the challenge and type fields.
  return {
    passkeyId,
    qx: publicKey.qx,
    qy: publicKey.qy,
    authenticatorData: hexlify(response.authenticatorData),
    clientDataJSON: hexlify(response.clientDataJSON),
    challengeIndex: BigInt(Buffer.byteLength(json.slice(0, challengeIndex))),
    typeIndex: BigInt(Buffer.byteLength(json.slice(0, typeIndex))),
    r: toBeHex(r, 32),
    s: toBeHex(low, 32),
  };
}

/** The registry's view of a passkey, enough to read its public key. */
export interface PasskeyKeyReader {
  passkey(passkeyId: bigint): Promise<{ qx: string; qy: string }>;
}

/**
 * {assertionFromBrowser} with the passkey's public key read from the registry (`PasskeyRegistry.passkey(id)`), for
 * a front end that did not keep it from registration.
 */
export async function passkeyAssertion(
  registry: PasskeyKeyReader,
  passkeyId: bigint,
  response: BrowserAssertion,
): Promise<PasskeyAssertion> {
  const { qx, qy } = await registry.passkey(passkeyId);
  return assertionFromBrowser(passkeyId, response, { qx, qy });
}

/** How the software authenticator builds one assertion (tests of every bad input tweak these). */
export interface SignOptions {
  userVerified?: boolean;
  userPresent?: boolean;
  rpId?: string;
  origin?: string;
  type?: string;
  flags?: number;
  /** Keep the raw (possibly high) `s` instead of letting the SDK normalise it. */
  highS?: boolean;
}

/**
 * A software WebAuthn authenticator for tests: a P-256 key from `@noble/curves`, WebAuthn-formatted
 * authenticator data and clientDataJSON, DER signatures (as a browser returns them).
 */
export class SoftwareAuthenticator {
  readonly secretKey: Uint8Array;
  readonly credentialId: string;
  private signCount = 0;

  constructor(
    readonly rpId = "localhost",
    readonly origin = "http://localhost",
    seed?: Uint8Array,
  ) {
    this.secretKey = seed ?? p256.utils.randomSecretKey();
    this.credentialId = hexlify(p256.utils.randomSecretKey().slice(0, 16));
  }

  /** The credential's public key. */
  get publicKey(): PasskeyPublicKey {
    return publicKeyFrom(p256.getPublicKey(this.secretKey, false));
  }

  /** Signs `challenge` as `navigator.credentials.get()` would; returns the browser-shaped result. */
  getAssertion(challenge: BytesLike, options: SignOptions = {}): BrowserAssertion {
    let flags = options.flags ?? 0;
    if (options.flags === undefined) {
      if (options.userPresent ?? true) flags |= AuthenticatorFlags.UP;
      if (options.userVerified ?? true) flags |= AuthenticatorFlags.UV;
    }
    const count = ++this.signCount;
    const authenticatorData = new Uint8Array([
      ...getBytes(rpIdHash(options.rpId ?? this.rpId)),
      flags,
      (count >>> 24) & 0xff,
      (count >>> 16) & 0xff,
      (count >>> 8) & 0xff,
      count & 0xff,
    ]);
    const clientData = JSON.stringify({
      type: options.type ?? "webauthn.get",
      challenge: base64url(challenge),
      origin: options.origin ?? this.origin,
      crossOrigin: false,
    });
    const clientDataJSON = toUtf8Bytes(clientData);
    const message = new Uint8Array([...authenticatorData, ...getBytes(sha256(clientDataJSON))]);
    const compact = p256.sign(message, this.secretKey, { lowS: false });
    let r = BigInt(hexlify(compact.slice(0, 32)));
    let s = BigInt(hexlify(compact.slice(32, 64)));
    if (options.highS && s <= P256_N / 2n) s = P256_N - s;
    if (r === 0n) r = 1n;
    return { authenticatorData, clientDataJSON, signature: derSignature(r, s) };
  }

  /** The contract input for passkey `passkeyId` signing `challenge` (high `s` kept only if `options.highS`). */
  assert(passkeyId: bigint, challenge: BytesLike, options: SignOptions = {}): PasskeyAssertion {
    const browser = this.getAssertion(challenge, options);
    const assertion = assertionFromBrowser(passkeyId, browser, this.publicKey);
    if (options.highS) {
      const { s } = parseDerSignature(browser.signature);
      assertion.s = toBeHex(s, 32);
    }
    return assertion;
  }
}

/** DER-encodes an ECDSA signature. */
export function derSignature(r: bigint, s: bigint): Uint8Array {
  const integer = (value: bigint): number[] => {
    let bytes = Array.from(getBytes(toBeHex(value, 32)));
    while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.slice(1);
    if (bytes[0] & 0x80) bytes = [0, ...bytes];
    return [0x02, bytes.length, ...bytes];
  };
  const body = [...integer(r), ...integer(s)];
  return new Uint8Array([0x30, body.length, ...body]);
}

/**
 * The challenge a passkey asserts for a resident's action (issue 20): the action's EIP-712 digest in the
 * service's own domain (read from the contract, EIP-5267), the very digest its wallet would sign for the ECDSA
 * path. Sign it with `navigator.credentials.get({ publicKey: { challenge: passkeyChallenge(digest) } })` (or
 * {SoftwareAuthenticator.assert}) and submit the result of {assertionFromBrowser} to the `...ByPasskey` entry.
 */
export async function actionDigest(
  service: Eip712Service,
  types: Record<string, TypedDataField[]>,
  message: Record<string, unknown>,
): Promise<string> {
  return TypedDataEncoder.hash(await serviceDomain(service), types, message);
}

/** `Elections.castByPasskey`: the `Cast` digest (nonce = `elections.nonces(voterId)`). */
export const castDigest = (
  elections: Eip712Service,
  cast: { electionId: bigint; voterId: bigint; choice: number; nonce: bigint; deadline: bigint },
) => actionDigest(elections, CAST_TYPES, cast);

/** `Elections.commitByPasskey`: the `Commit` digest (`previous` = the voter's current commitment). */
export const commitDigest = (
  elections: Eip712Service,
  commit: {
    electionId: bigint;
    voterId: bigint;
    commitment: string;
    previous: string;
    nonce: bigint;
    deadline: bigint;
  },
) => actionDigest(elections, COMMIT_TYPES, commit);

/** `HealthConsents.grantAccessByPasskey`: the `HealthGrant` digest (nonce = `nonceOf(patientId)`). */
export const healthGrantDigest = (consents: Eip712Service, grant: HealthGrant) =>
  actionDigest(consents, HEALTH_GRANT_TYPES, { ...grant });

/** `InsuranceClaimsRelay.submitClaimByPasskey`: the `Claim` digest (nonce = `relay.nonceOf(holderId)`). */
export const claimDigest = (relay: Eip712Service, claim: SignedClaim) => actionDigest(relay, CLAIM_TYPES, { ...claim });

/** `SupplyChain.acceptByPasskey`: the `Accept` digest (nonce = `nonceOf(receiverId)`). */
export const acceptDigest = (supplyChain: Eip712Service, accept: Accept) =>
  actionDigest(supplyChain, ACCEPT_TYPES, { ...accept });

/**
 * `CityToken.transferWithPasskey`: the ERC-3009 `TransferWithAuthorization` digest; `from` is the paying identity's
 * current primary wallet, `nonce` its next keyed nonce (`nextAuthorizationNonce`).
 */
export const transferDigest = (
  token: Eip712Service,
  transfer: { from: string; to: string; value: bigint; validAfter: bigint; validBefore: bigint; nonce: string },
) => actionDigest(token, TRANSFER_WITH_AUTHORIZATION_TYPES, transfer);
