import { AbiCoder, id, keccak256, type Signer, type TypedDataField } from "ethers";

import { serviceDomain, type Eip712Service } from "./eip712.js";

/** Perils, mirroring `IInsurancePolicies.Peril`. */
export const Peril = { None: 0, Property: 1, Flood: 2, Fire: 3, Storm: 4, Health: 5, Crop: 6 } as const;
/** Policy status, mirroring `IInsurancePolicies.PolicyStatus`. */
export const PolicyStatus = { None: 0n, Active: 1n, Expired: 2n, Settled: 3n, PaidOut: 4n } as const;
/** Claim status, mirroring `IInsuranceClaims.ClaimStatus`. */
export const ClaimStatus = { None: 0n, Submitted: 1n, Confirmed: 2n, Declined: 3n, Withdrawn: 4n, Paid: 5n } as const;

/** A product's terms as `createProduct` takes them (`IInsurancePolicies.Product`). */
export interface ProductTerms {
  poolId: bigint;
  peril: number;
  parametric: boolean;
  minLevel: number;
  term: bigint;
  waitingPeriod: bigint;
  gracePeriod: bigint;
  rateBps: number;
  trigger: bigint;
  basePremium: bigint;
  maxSumInsured: bigint;
  deductible: bigint;
  fourEyesThreshold: bigint;
}

/** The premium a product charges for `sumInsured` (the contract's rule: base + sumInsured * rateBps / 10,000). */
export function premiumOf(terms: Pick<ProductTerms, "basePremium" | "rateBps">, sumInsured: bigint): bigint {
  return terms.basePremium + (sumInsured * BigInt(terms.rateBps)) / 10_000n;
}

const coder = AbiCoder.defaultAbiCoder();

/** The id of the claim of `incident` on `policyId` (one claim per incident per policy). */
export function claimIdOf(policyId: bigint, incident: string): string {
  return keccak256(coder.encode(["uint256", "bytes32"], [policyId, incident]));
}

/** The incident reference of claims against a loss event. */
export function eventIncident(eventId: bigint): string {
  return keccak256(coder.encode(["bytes32", "uint256"], [id("citychain.insurance.LossEvent"), eventId]));
}

/** The id of a claim against a loss event. */
export function eventClaimIdOf(policyId: bigint, eventId: bigint): string {
  return claimIdOf(policyId, eventIncident(eventId));
}

/**
 * The pro-rata share the loss-event register pays a confirmed event claim: all confirmations of one (event, asset)
 * are frozen when the event closes, then each claim gets `confirmed * min(total, maxInsured) / total`.
 */
export function eventShare(confirmed: bigint, confirmedTotal: bigint, maxInsured: bigint): bigint {
  return confirmedTotal <= maxInsured ? confirmed : (confirmed * maxInsured) / confirmedTotal;
}

/**
 * EIP-712 types of a relayed claim (issue 20), mirroring `InsuranceClaimsRelay.CLAIM_TYPEHASH`: the holder identity
 * signs it by ECDSA from its current primary wallet (`submitClaimBySignature`) or by passkey (`submitClaimByPasskey`,
 * challenge = `claimDigest` of `src/passkeys.ts`).
 */
export const CLAIM_TYPES: Record<string, TypedDataField[]> = {
  Claim: [
    { name: "holderId", type: "uint256" },
    { name: "policyId", type: "uint256" },
    { name: "incident", type: "bytes32" },
    { name: "amount", type: "uint256" },
    { name: "evidenceCommitment", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A claim as the holder signs it. */
export interface SignedClaim {
  holderId: bigint;
  policyId: bigint;
  incident: string;
  amount: bigint;
  evidenceCommitment: string;
  nonce: bigint;
  deadline: bigint;
}

/** What the SDK needs of `InsuranceClaimsRelay`. */
export interface ClaimsRelayService extends Eip712Service {
  nonceOf(holderId: bigint): Promise<bigint>;
}

/** The claim with the holder's next nonce (`relay.nonceOf`) unless one is given. */
export async function claimToSign(
  relay: ClaimsRelayService,
  claim: Omit<SignedClaim, "nonce"> & { nonce?: bigint },
): Promise<SignedClaim> {
  return { ...claim, nonce: claim.nonce ?? (await relay.nonceOf(claim.holderId)) };
}

/** Signs a claim with the holder's current primary wallet, for `submitClaimBySignature`. */
export async function signClaim(
  signer: Signer,
  relay: ClaimsRelayService,
  claim: Omit<SignedClaim, "nonce"> & { nonce?: bigint },
): Promise<{ claim: SignedClaim; signature: string }> {
  const full = await claimToSign(relay, claim);
  return { claim: full, signature: await signer.signTypedData(await serviceDomain(relay), CLAIM_TYPES, full) };
}
