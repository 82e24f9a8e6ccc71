import { Wallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { IdentityKind } from "../../src/identity.js";
import {
  encryptVote,
  voteProof,
  generateKey,
  proveKey,
  recoveryShare,
  searchTally,
  type Pair,
  type ProofDomain,
  type VotingKey,
} from "../../src/selftally.js";
import { registerResident } from "../identity/helpers.js";
import { deployVotingCity, HOUR, type VotingCity } from "./fixtures.js";

/** A voting city plus `CROWD` residents with fresh funded wallets. */
export const CROWD = 100;
export interface SelfTallyCity extends VotingCity {
  crowd: { wallet: Wallet; id: bigint }[];
}

export async function deploySelfTallyCity(connection: NetworkConnection): Promise<SelfTallyCity> {
  const city = await deployVotingCity(connection);
  const crowd: { wallet: Wallet; id: bigint }[] = [];
  for (let i = 0; i < CROWD; i++) {
    const wallet = Wallet.createRandom().connect(connection.ethers.provider) as unknown as Wallet;
    await connection.networkHelpers.setBalance(wallet.address, 10n ** 18n);
    crowd.push({ wallet, id: await registerResident(city, wallet.address, `CROWD-${i}`) });
  }
  return { ...city, crowd };
}

export interface SelfTallyOptions {
  optionCount?: number;
  commitRound?: boolean;
  district?: string;
}

/** Creates a self-tallying election (registration an hour, optional commit hour, voting an hour). */
export async function createSelfTally(connection: NetworkConnection, city: VotingCity, options: SelfTallyOptions = {}) {
  const now = BigInt(await connection.networkHelpers.time.latest());
  const registrationEnd = now + HOUR;
  const commitEnd = options.commitRound ? registrationEnd + HOUR : registrationEnd;
  const params = {
    optionCount: options.optionCount ?? 2,
    voterKind: IdentityKind.Resident,
    minLevel: 1,
    registrationEnd,
    commitEnd,
    votingEnd: commitEnd + HOUR,
    district: options.district ?? "0x" + "00".repeat(32),
    metadata: "0x" + "11".repeat(32),
  };
  await (await city.selfTally.connect(city.accounts.electionOfficial).createElection(params)).wait();
  const electionId = await city.selfTally.electionCount();
  const { chainId } = await connection.ethers.provider.getNetwork();
  const domain: ProofDomain = { chainId, contract: await city.selfTally.getAddress(), electionId };
  return { electionId, params, domain };
}

export interface Participant {
  signer: Wallet;
  id: bigint;
  key: VotingKey;
}

/**
 * Runs a whole election: `choices[i]` is participant i's choice, `undefined` for an absentee (registered, never
 * votes). Returns the decrypted counts verified on-chain, to compare with the plain count.
 */
export async function runElection(
  connection: NetworkConnection,
  city: SelfTallyCity,
  choices: (number | undefined)[],
  options: SelfTallyOptions = {},
): Promise<{ counts: bigint[]; electionId: bigint }> {
  const { networkHelpers } = connection;
  const optionCount = options.optionCount ?? 2;
  const { electionId, params, domain } = await createSelfTally(connection, city, options);
  const st = city.selfTally;
  const people: Participant[] = choices.map((_, i) => ({
    signer: city.crowd[i].wallet,
    id: city.crowd[i].id,
    key: generateKey(),
  }));
  for (const p of people) {
    const { c, s } = proveKey(domain, p.id, p.key);
    await (await st.connect(p.signer).register(electionId, p.id, p.key.key, c, s)).wait();
  }
  const registered = people.length;
  const ballots = new Map<bigint, ReturnType<typeof encryptVote>>();
  for (const [i, p] of people.entries()) {
    const choice = choices[i];
    if (choice === undefined) continue;
    const y = (await st.reconstructedKey(electionId, p.id)).map(BigInt) as Pair;
    ballots.set(p.id, encryptVote(domain, p.id, p.key, y, choice, optionCount, registered));
  }
  if (options.commitRound) {
    await networkHelpers.time.increaseTo(params.registrationEnd + 1n);
    for (const p of people) {
      const b = ballots.get(p.id);
      if (b === undefined) continue;
      await (
        await st.connect(p.signer).commitVote(electionId, p.id, await st.voteCommitment(electionId, p.id, b.vote))
      ).wait();
    }
  }
  await networkHelpers.time.increaseTo(params.commitEnd + 1n);
  for (const p of people) {
    const b = ballots.get(p.id);
    if (b !== undefined) await (await st.connect(p.signer).vote(electionId, p.id, b.vote, voteProof(b))).wait();
  }
  await networkHelpers.time.increaseTo(params.votingEnd + 1n);
  const voters = people.filter((p) => ballots.has(p.id));
  const absentees = people.filter((p) => !ballots.has(p.id));
  for (const v of voters) {
    for (const a of absentees) {
      const sh = recoveryShare(domain, v.id, v.key, a.id, a.key.key);
      await (await st.postRecoveryShare(electionId, v.id, a.id, sh.share, sh.c, sh.r)).wait();
    }
  }
  const [product] = await st.runningProduct(electionId);
  const found = searchTally([product[0], product[1]], voters.length, registered, optionCount);
  if (found === undefined) throw new Error("tally not found");
  await (await st.tally(electionId, found.t)).wait();
  return { counts: (await st.result(electionId)).map(BigInt), electionId };
}

/** The plain count of the choices (absentees excluded). */
export function plainCount(choices: (number | undefined)[], optionCount: number): bigint[] {
  const counts = new Array<bigint>(optionCount).fill(0n);
  for (const c of choices) if (c !== undefined) counts[c] += 1n;
  return counts;
}
