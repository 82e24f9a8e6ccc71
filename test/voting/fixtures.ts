import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, id, Wallet, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { IdentityKind } from "../../src/identity.js";
import { electionParams, secretBallot, type ElectionParams, type SecretBallot } from "../../src/voting.js";
import { deployIdentityCity, registerResident, type IdentityCity } from "../identity/helpers.js";

export const HOUR = 3_600n;
export const DAY = 86_400n;
export const DISTRICT = encodeBytes32String("district-4");

/**
 * A voting city: the residents of {deployIdentityCity} (alice L3, bob L2, carol L1, dave L3, erin L2), the
 * registry office (an Official identity of the registrar's wallet) trusted to certify "district-4" residents,
 * and district claims for alice, bob and dave.
 */
export interface VotingCity extends IdentityCity {
  officeId: bigint;
}

export async function deployVotingCity(connection: NetworkConnection): Promise<VotingCity> {
  const city = await deployIdentityCity(connection);
  const { admin, registrar } = city.accounts;
  const officeId = await registerResident(city, registrar, "OFFICE-1", { kind: IdentityKind.Official });
  await (await city.claims.connect(admin).setTrustedIssuer(DISTRICT, officeId, true)).wait();
  for (const who of [city.ids.alice, city.ids.bob, city.ids.dave]) {
    await (await city.claims.connect(registrar).issueClaim(who, DISTRICT, id(`claim ${who}`), city.validUntil)).wait();
  }
  return { ...city, officeId };
}

/** Creates an election starting in an hour (defaults of {electionParams}); returns its id and parameters. */
export async function createElection(
  connection: NetworkConnection,
  city: VotingCity,
  options: Parameters<typeof electionParams>[1] = {},
): Promise<{ electionId: bigint; params: ElectionParams }> {
  const start = BigInt(await connection.networkHelpers.time.latest()) + HOUR;
  const params = electionParams(start, options);
  await (await city.elections.connect(city.accounts.electionOfficial).createElection(params)).wait();
  return { electionId: await city.elections.electionCount(), params };
}

/** Moves the clock to an election's Voting phase. */
export async function toVoting(connection: NetworkConnection, params: ElectionParams): Promise<void> {
  await connection.networkHelpers.time.increaseTo(params.votingStart);
}

/** Moves the clock to an election's Reveal phase (secret) or just past Voting (public). */
export async function toReveal(connection: NetworkConnection, params: ElectionParams): Promise<void> {
  await connection.networkHelpers.time.increaseTo(params.votingEnd + 1n);
}

/** Moves the clock past an election's last phase. */
export async function toCounting(connection: NetworkConnection, params: ElectionParams): Promise<void> {
  await connection.networkHelpers.time.increaseTo(params.revealEnd + 1n);
}

/** Commits a secret ballot as `voter` (its identity's primary wallet) and returns the opening. */
export async function commitAs(
  city: VotingCity,
  voter: HardhatEthersSigner | Signer,
  electionId: bigint,
  voterId: bigint,
  choice: number,
): Promise<SecretBallot> {
  const ballot = await secretBallot(city.elections, electionId, voterId, choice);
  await (await city.elections.connect(voter).commit(electionId, voterId, ballot.commitment)).wait();
  return ballot;
}

/** Reveals a ballot (anyone may submit it). */
export async function revealBallot(city: VotingCity, ballot: SecretBallot): Promise<void> {
  await (await city.elections.reveal(ballot.electionId, ballot.voterId, ballot.choice, ballot.salt)).wait();
}

/** A fresh funded key. */
export async function freshSigner(connection: NetworkConnection): Promise<Wallet> {
  const wallet = Wallet.createRandom().connect(connection.ethers.provider) as unknown as Wallet;
  await connection.networkHelpers.setBalance(wallet.address, 10n ** 18n);
  return wallet;
}
