import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

/**
 * EIP-712 types of a consent approval, mirroring `MultiPartyConsent.CONSENT_APPROVAL_TYPEHASH`. The party is
 * an identity id, named in the message: the signature is checked against that identity's current primary
 * wallet, so it dies with a key recovery and one contract wallet's signature never counts for another party.
 */
export const CONSENT_APPROVAL_TYPES: Record<string, TypedDataField[]> = {
  ConsentApproval: [
    { name: "consentId", type: "uint256" },
    { name: "partyId", type: "uint256" },
    { name: "actionHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A consent approval to sign. */
export interface ConsentApproval {
  consentId: bigint;
  partyId: bigint;
  actionHash: string;
  nonce: bigint;
  deadline: bigint;
}

/** Any contract with an EIP-712 domain it reports itself (EIP-5267 `eip712Domain()`). */
export interface Eip712Service {
  eip712Domain(): Promise<[string, string, string, bigint, string, string, bigint[]]>;
}

/** What the SDK needs of a service contract that inherits `MultiPartyConsent`. */
export interface ConsentService extends Eip712Service {
  getAddress(): Promise<string>;
  consentRequest(consentId: bigint): Promise<{ actionHash: string }>;
  consentNonce(partyId: bigint, key: bigint): Promise<bigint>;
}

/** Packs a keyed nonce as `NoncesKeyed` expects: `key << 64 | sequence`. */
export function keyedNonce(key: bigint, sequence: bigint): bigint {
  return (key << 64n) | sequence;
}

/** The EIP-712 domain of a service, read from the contract itself (EIP-5267), so it can never drift. */
export async function serviceDomain(service: Eip712Service): Promise<TypedDataDomain> {
  const [, name, version, chainId, verifyingContract] = await service.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

/**
 * Signs identity `partyId`'s approval of a consent request; `signer` must be that identity's current primary
 * wallet (or the owner key of its ERC-1271 contract wallet). Submit it with
 * `approveBySignature(consentId, partyId, approval.nonce, approval.deadline, signature)`. The nonce key
 * defaults to the consent id, so approvals of different requests never compete for the same nonce.
 */
export async function signConsentApproval(
  signer: Signer,
  service: ConsentService,
  consentId: bigint,
  partyId: bigint,
  options: { deadline: bigint; nonceKey?: bigint },
): Promise<{ approval: ConsentApproval; signature: string }> {
  const key = options.nonceKey ?? consentId;
  // `consentNonce(partyId, key)` returns the packed `key << 64 | sequence`, exactly what the contract checks.
  const nonce = await service.consentNonce(partyId, key);
  const { actionHash } = await service.consentRequest(consentId);
  const approval: ConsentApproval = { consentId, partyId, actionHash, nonce, deadline: options.deadline };
  const signature = await signer.signTypedData(await serviceDomain(service), CONSENT_APPROVAL_TYPES, approval);
  return { approval, signature };
}
