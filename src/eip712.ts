import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

/** EIP-712 types of a consent approval, mirroring `MultiPartyConsent.CONSENT_APPROVAL_TYPEHASH`. */
export const CONSENT_APPROVAL_TYPES: Record<string, TypedDataField[]> = {
  ConsentApproval: [
    { name: "consentId", type: "uint256" },
    { name: "actionHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A consent approval to sign. */
export interface ConsentApproval {
  consentId: bigint;
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
  "nonces(address,uint192)"(owner: string, key: bigint): Promise<bigint>;
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
 * Signs a party's approval of a consent request. The nonce key defaults to the consent id, so approvals
 * of different requests never compete for the same nonce.
 */
export async function signConsentApproval(
  signer: Signer,
  service: ConsentService,
  consentId: bigint,
  options: { deadline: bigint; nonceKey?: bigint },
): Promise<{ approval: ConsentApproval; signature: string }> {
  const party = await signer.getAddress();
  const key = options.nonceKey ?? consentId;
  // `nonces(owner, key)` returns the packed `key << 64 | sequence`, exactly what the contract checks.
  const nonce = await service["nonces(address,uint192)"](party, key);
  const { actionHash } = await service.consentRequest(consentId);
  const approval: ConsentApproval = { consentId, actionHash, nonce, deadline: options.deadline };
  const signature = await signer.signTypedData(await serviceDomain(service), CONSENT_APPROVAL_TYPES, approval);
  return { approval, signature };
}
