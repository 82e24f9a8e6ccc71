import { TypedDataEncoder, id, type Signer, type TypedDataField } from "ethers";

import { saltedCommitment, type SaltedCommitment } from "./commitments.js";
import { serviceDomain, type Eip712Service } from "./eip712.js";

/** Identity kinds, mirroring `IIdentityRegistry.IdentityKind`. */
export const IdentityKind = {
  None: 0,
  Resident: 1,
  Business: 2,
  Official: 3,
  Device: 4,
} as const;

/** Identity status, mirroring `IIdentityRegistry.IdentityStatus` (expiry is checked at query time, not stored). */
export const IdentityStatus = {
  None: 0,
  Active: 1,
  Suspended: 2,
  Revoked: 3,
} as const;

/** Assurance levels the registrar checks off-chain before registering or raising an identity. */
export const AssuranceLevel = {
  /** Level 1: password. */
  PASSWORD: 1,
  /** Level 2: one-time code (two factors). */
  ONE_TIME_CODE: 2,
  /** Level 3: biometric plus a second factor. */
  BIOMETRIC: 3,
} as const;

/** Recovery request status, mirroring `IIdentityRecovery.RecoveryStatus`. */
export const RecoveryStatus = {
  None: 0,
  Pending: 1,
  Executed: 2,
  Vetoed: 3,
} as const;

/** `RecordRevised.kind` values of identity records, mirroring `contracts/identity/IdentityChanges.sol`. */
export const IdentityChange = {
  REGISTERED: 1,
  LEVEL_CHANGED: 2,
  RENEWED: 3,
  RECORD_UPDATED: 4,
  SUSPENDED: 5,
  REINSTATED: 6,
  REVOKED: 7,
  WALLET_BOUND: 8,
  WALLET_UNBOUND: 9,
  GUARDIANS_APPOINTED: 10,
  RECOVERED: 11,
  DEVICE_OWNER_CHANGED: 12,
  GUARDIANS_RESET: 13,
} as const;

/** Recovery windows, in multiples of the registry's `recoveryDelay()` (`IdentityRecovery` constants). */
export const RecoveryWindows = {
  /** The threshold must be reached within this many delays of the recovery's initiation. */
  APPROVAL_PERIODS: 3n,
  /** An approved recovery must execute strictly after `executableAt` and within this many delays after it. */
  EXECUTION_PERIODS: 2n,
} as const;

/** The most issuers one claim topic may trust (`IdentityClaims.MAX_ISSUERS_PER_TOPIC`). */
export const MAX_ISSUERS_PER_TOPIC = 8n;

/** A recovery request as `IIdentityRecovery.recovery(id)` returns it. */
export interface RecoveryRequest {
  identityId: bigint;
  guardianEpoch: bigint;
  threshold: bigint;
  approvals: bigint;
  status: bigint;
  executableAt: bigint;
  openedAt: bigint;
  walletChange: bigint;
  newWallet: string;
  pendingEpoch: bigint;
  previousWallet: string;
}

/** An identity's guardian state as `IIdentityRecovery.guardianState(id)` returns it. */
export interface GuardianState {
  current: bigint;
  pending: bigint;
  last: bigint;
  pendingEffectiveAt: bigint;
  /** Epochs up to this one were reset by a registrar. */
  floor: bigint;
  /** Recoveries executed on the identity: a recovery opened under another value is stale. */
  walletChanges: bigint;
}

/**
 * The deadlines of a recovery, computed off-chain the way `recoveryDeadlines(id)` does: the threshold by
 * `openedAt + 3 x delay`; execution strictly after `executableAt` and by `executableAt + 2 x delay` (0 before the
 * threshold is reached).
 */
export function recoveryDeadlines(
  request: Pick<RecoveryRequest, "openedAt" | "executableAt">,
  recoveryDelay: bigint,
): { approveBy: bigint; executeAfter: bigint; executeBy: bigint } {
  const approveBy = request.openedAt + RecoveryWindows.APPROVAL_PERIODS * recoveryDelay;
  if (request.executableAt === 0n) return { approveBy, executeAfter: 0n, executeBy: 0n };
  return {
    approveBy,
    executeAfter: request.executableAt,
    executeBy: request.executableAt + RecoveryWindows.EXECUTION_PERIODS * recoveryDelay,
  };
}

/**
 * A salted commitment to a suspension, revocation or claim-revocation reason, to pass as the `reasonCommitment`
 * of `suspend`, `revoke` or `revokeClaim` (review finding I-11: a reason in clear is personal data on a public,
 * permanent chain). Keep `text` and the returned `salt` in the off-chain file; `openCommitment(commitment, text,
 * salt)` proves the reason later. A fresh random salt is drawn unless one is given.
 */
export function reasonCommitment(text: string, salt?: string): SaltedCommitment {
  if (text.trim().length === 0) throw new Error("reason is empty");
  return saltedCommitment(text, salt);
}

/** EIP-712 types of a wallet's consent to be bound, mirroring `IdentityWallets.WALLET_BINDING_TYPEHASH`. */
export const WALLET_BINDING_TYPES: Record<string, TypedDataField[]> = {
  WalletBinding: [
    { name: "identityId", type: "uint256" },
    { name: "wallet", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The type hash the contract checks, computed from {@link WALLET_BINDING_TYPES}. */
export const WALLET_BINDING_TYPEHASH = id(TypedDataEncoder.from(WALLET_BINDING_TYPES).encodeType("WalletBinding"));

/** A wallet binding to sign. */
export interface WalletBinding {
  identityId: bigint;
  wallet: string;
  nonce: bigint;
  deadline: bigint;
}

/** What the SDK needs of the identity registry to build a binding signature. */
export interface BindingRegistry extends Eip712Service {
  nonces(owner: string): Promise<bigint>;
}

/**
 * Signs, as `wallet`, the EIP-712 consent to be bound to `identityId`. The domain (chain and contract) is read
 * from the registry itself and the nonce is the wallet's current one unless given. Submit the result with
 * `registry.connect(primaryWallet).bindWallet(identityId, wallet, nonce, deadline, signature)`.
 */
export async function signWalletBinding(
  wallet: Signer,
  registry: BindingRegistry,
  identityId: bigint,
  options: { deadline: bigint; nonce?: bigint },
): Promise<{ binding: WalletBinding; signature: string }> {
  const address = await wallet.getAddress();
  const nonce = options.nonce ?? (await registry.nonces(address));
  const binding: WalletBinding = { identityId, wallet: address, nonce, deadline: options.deadline };
  const signature = await wallet.signTypedData(await serviceDomain(registry), WALLET_BINDING_TYPES, binding);
  return { binding, signature };
}
