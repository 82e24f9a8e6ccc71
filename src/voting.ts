import {
  AbiCoder,
  TypedDataEncoder,
  hexlify,
  id,
  keccak256,
  randomBytes,
  type Signer,
  type TypedDataField,
} from "ethers";

import { serviceDomain, type Eip712Service } from "./eip712.js";
import { IdentityKind } from "./identity.js";

/** Election kinds, ballot modes, phases, states and outcomes, mirroring `IElections`. */
export const ElectionKind = { Election: 0, Referendum: 1 } as const;
export const BallotMode = { Secret: 0, Public: 1 } as const;
export const Phase = {
  None: 0n,
  Scheduled: 1n,
  Voting: 2n,
  Reveal: 3n,
  Counting: 4n,
  Finalized: 5n,
  Cancelled: 6n,
} as const;
export const ElectionState = { Open: 0n, Finalized: 1n, Cancelled: 2n } as const;
export const Outcome = { None: 0n, Elected: 1n, Tied: 2n, Passed: 3n, Rejected: 4n, NoQuorum: 5n } as const;

/** A referendum's options: 0 = yes, 1 = no, 2 = abstain (with three options). */
export const ReferendumChoice = { Yes: 0, No: 1, Abstain: 2 } as const;

/** The most options an election may have (`ElectionRules.MAX_OPTIONS`). */
export const MAX_OPTIONS = 15;

/** The name of a phase or an outcome, for printing. */
export function phaseName(phase: bigint): string {
  return Object.entries(Phase).find(([, v]) => v === phase)?.[0] ?? `PHASE_${phase}`;
}
export function outcomeName(outcome: bigint): string {
  return Object.entries(Outcome).find(([, v]) => v === outcome)?.[0] ?? `OUTCOME_${outcome}`;
}

/** `IElections.ElectionParams`. */
export interface ElectionParams {
  kind: number;
  mode: number;
  optionCount: number;
  voterKind: number;
  minLevel: number;
  votingStart: bigint;
  votingEnd: bigint;
  revealEnd: bigint;
  quorum: number;
  passThresholdBps: number;
  district: string;
  metadata: string;
}

const ZERO32 = "0x" + "00".repeat(32);

/**
 * Builds election parameters with the schedule laid out from `start`: Voting for `votingSeconds`, then (secret
 * ballots) Reveal for `revealSeconds`. Defaults: a secret single-winner election of residents at level 1.
 */
export function electionParams(
  start: bigint,
  options: Partial<Omit<ElectionParams, "votingStart" | "votingEnd" | "revealEnd">> & {
    votingSeconds?: bigint;
    revealSeconds?: bigint;
    description?: string;
  } = {},
): ElectionParams {
  const mode = options.mode ?? BallotMode.Secret;
  const votingEnd = start + (options.votingSeconds ?? 86_400n) - 1n;
  const kind = options.kind ?? ElectionKind.Election;
  return {
    kind,
    mode,
    optionCount: options.optionCount ?? (kind === ElectionKind.Referendum ? 3 : 2),
    voterKind: options.voterKind ?? IdentityKind.Resident,
    minLevel: options.minLevel ?? 1,
    votingStart: start,
    votingEnd,
    revealEnd: mode === BallotMode.Public ? votingEnd : votingEnd + (options.revealSeconds ?? 86_400n),
    quorum: options.quorum ?? 0,
    passThresholdBps: options.passThresholdBps ?? (kind === ElectionKind.Referendum ? 5_000 : 0),
    district: options.district ?? ZERO32,
    metadata: options.metadata ?? id(options.description ?? "election"),
  };
}

/** A fresh random 32-byte salt for a secret ballot (keep it: it is needed to reveal). */
export function newSalt(): string {
  return hexlify(randomBytes(32));
}

/**
 * The commitment of a secret ballot, exactly as `Elections.ballotCommitment` computes it:
 * `keccak256(abi.encode(chainId, elections, electionId, voterId, choice, salt))` with its last byte cleared.
 */
export function ballotCommitment(
  chainId: bigint,
  elections: string,
  electionId: bigint,
  voterId: bigint,
  choice: number,
  salt: string,
): string {
  const hash = keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint256", "address", "uint256", "uint256", "uint8", "bytes32"],
      [chainId, elections, electionId, voterId, choice, salt],
    ),
  );
  // The last byte is cleared: the contract's receipt slot uses it to record the reveal.
  return hash.slice(0, 64) + "00";
}

/** EIP-712 types of relayed ballots, mirroring `Elections.COMMIT_TYPEHASH` and `CAST_TYPEHASH`. */
export const COMMIT_TYPES: Record<string, TypedDataField[]> = {
  Commit: [
    { name: "electionId", type: "uint256" },
    { name: "voterId", type: "uint256" },
    { name: "commitment", type: "bytes32" },
    { name: "previous", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
export const CAST_TYPES: Record<string, TypedDataField[]> = {
  Cast: [
    { name: "electionId", type: "uint256" },
    { name: "voterId", type: "uint256" },
    { name: "choice", type: "uint8" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
export const COMMIT_TYPEHASH = id(TypedDataEncoder.from(COMMIT_TYPES).encodeType("Commit"));
export const CAST_TYPEHASH = id(TypedDataEncoder.from(CAST_TYPES).encodeType("Cast"));

/** What the SDK needs of the elections contract to build relayed ballots. */
export interface ElectionsService extends Eip712Service {
  getAddress(): Promise<string>;
  nonces(voterId: bigint): Promise<bigint>;
  receipt(electionId: bigint, voterId: bigint): Promise<{ commitment: string }>;
}

/** A secret ballot prepared by a voter: the commitment to submit now, the opening to reveal later. */
export interface SecretBallot {
  electionId: bigint;
  voterId: bigint;
  choice: number;
  salt: string;
  commitment: string;
}

/** Prepares a secret ballot with a fresh salt, bound to this chain and contract. */
export async function secretBallot(
  elections: ElectionsService,
  electionId: bigint,
  voterId: bigint,
  choice: number,
  salt: string = newSalt(),
): Promise<SecretBallot> {
  const { chainId, verifyingContract } = await serviceDomain(elections);
  const commitment = ballotCommitment(BigInt(chainId!), verifyingContract as string, electionId, voterId, choice, salt);
  return { electionId, voterId, choice, salt, commitment };
}

/**
 * Signs, as the voter identity's primary wallet, a commitment a relayer submits with
 * `commitBySig(electionId, voterId, commitment, previous, deadline, signature)`. `previous` (the commitment it
 * replaces) and the nonce are read from the contract unless given.
 */
export async function signCommit(
  voter: Signer,
  elections: ElectionsService,
  ballot: SecretBallot,
  options: { deadline: bigint; nonce?: bigint; previous?: string },
): Promise<{ previous: string; nonce: bigint; signature: string }> {
  const previous = options.previous ?? (await elections.receipt(ballot.electionId, ballot.voterId)).commitment;
  const nonce = options.nonce ?? (await elections.nonces(ballot.voterId));
  const message = {
    electionId: ballot.electionId,
    voterId: ballot.voterId,
    commitment: ballot.commitment,
    previous,
    nonce,
    deadline: options.deadline,
  };
  const signature = await voter.signTypedData(await serviceDomain(elections), COMMIT_TYPES, message);
  return { previous, nonce, signature };
}

/** Signs a public ballot a relayer submits with `castBySig(electionId, voterId, choice, deadline, signature)`. */
export async function signCast(
  voter: Signer,
  elections: ElectionsService,
  electionId: bigint,
  voterId: bigint,
  choice: number,
  options: { deadline: bigint; nonce?: bigint },
): Promise<{ nonce: bigint; signature: string }> {
  const nonce = options.nonce ?? (await elections.nonces(voterId));
  const message = { electionId, voterId, choice, nonce, deadline: options.deadline };
  const signature = await voter.signTypedData(await serviceDomain(elections), CAST_TYPES, message);
  return { nonce, signature };
}
