import { id, Wallet } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  encryptVote,
  voteProof,
  generateKey,
  N,
  proveKey,
  recoveryShare,
  searchTally,
  type Pair,
  type ProofDomain,
  type VotingKey,
} from "../../src/selftally.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const YEAR = 365n * 86_400n;
const HOUR = 3_600n;
/** Voters who cast before `voting.selftally_vote_after_1000` is measured. */
const PRIOR_VOTERS = 1000;

/**
 * The self-tallying ballot (issue 12), every figure through the proxy:
 * - `voting.selftally_register`: a key with its Schnorr proof, by a voter who is not the first to register;
 * - `voting.selftally_vote`: a yes/no vote with its CDS proof in an election of 10 registered voters (not the first
 *   vote); `voting.selftally_vote_after_1000`: the same with 1,001 registered voters after 1,000 votes;
 *   `voting.selftally_vote_4_options`: a 4-option vote (1-out-of-4 proof) with 10 registered voters;
 * - `voting.selftally_tally_10` / `_100`: the tally check of an election of 10 / 100 voters (one `ecMul`);
 * - `voting.selftally_recovery_share`: one voter's DLEQ-proved share for one absentee.
 */
export const selfTallySuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers, ethers } = connection;
  const { identity, selfTally, accounts } = city;
  const ops: Record<string, bigint> = {};
  const validUntil = BigInt(await networkHelpers.time.latest()) + 10n * YEAR;
  const people: { wallet: Wallet; id: bigint }[] = [];
  for (let i = 0; i < PRIOR_VOTERS + 2; i++) {
    // Fixed keys everywhere (wallets, voting keys; the SDK's proof nonces are deterministic): same figures every run.
    const wallet = new Wallet(id(`selftally bench wallet ${i}`), ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 18n);
    await (
      await identity
        .connect(accounts.registrar)
        .register(
          IdentityKind.Resident,
          AssuranceLevel.ONE_TIME_CODE,
          id(`st ${i}`),
          id(`st record ${i}`),
          validUntil,
          wallet.address,
        )
    ).wait();
    people.push({ wallet, id: await identity.identityCount() });
  }
  const { chainId } = await ethers.provider.getNetwork();
  const official = selfTally.connect(accounts.electionOfficial);

  const election = async (label: string | undefined, optionCount: number) => {
    const now = BigInt(await networkHelpers.time.latest());
    const params = {
      optionCount,
      voterKind: IdentityKind.Resident,
      minLevel: 1,
      registrationEnd: now + HOUR,
      commitEnd: now + HOUR,
      votingEnd: now + 2n * HOUR,
      district: "0x" + "00".repeat(32),
      metadata: id("bench"),
    };
    const gas = await gasOf(official.createElection(params));
    if (label) ops[label] = gas;
    const electionId = await selfTally.electionCount();
    const domain: ProofDomain = { chainId, contract: await selfTally.getAddress(), electionId };
    return { params, domain, electionId };
  };

  /** Registers `count` voters (measuring the second), has `voting` of them vote (measuring `measure`'s vote). */
  const run = async (
    count: number,
    optionCount: number,
    labels: { register?: string; vote?: string; voteAt?: number; tally?: string; share?: string; absent?: number },
  ) => {
    const e = await election(undefined, optionCount);
    const keys: VotingKey[] = [];
    for (let i = 0; i < count; i++) {
      const p = people[i];
      keys.push(generateKey((BigInt(id(`selftally bench key ${e.electionId} ${i}`)) % (N - 1n)) + 1n));
      const pr = proveKey(e.domain, p.id, keys[i]);
      const tx = selfTally.connect(p.wallet).register(e.electionId, p.id, keys[i].key, pr.c, pr.s);
      if (i === 1 && labels.register) ops[labels.register] = await gasOf(tx);
      else await (await tx).wait();
    }
    await networkHelpers.time.increaseTo(e.params.commitEnd + 1n);
    const voters = count - (labels.absent ?? 0);
    for (let i = 0; i < voters; i++) {
      const p = people[i];
      const y = (await selfTally.reconstructedKey(e.electionId, p.id)).map(BigInt) as Pair;
      const b = encryptVote(e.domain, p.id, keys[i], y, i % optionCount, optionCount, count);
      const tx = selfTally.connect(p.wallet).vote(e.electionId, p.id, b.vote, voteProof(b));
      if (i === (labels.voteAt ?? 1) && labels.vote) ops[labels.vote] = await gasOf(tx);
      else await (await tx).wait();
    }
    await networkHelpers.time.increaseTo(e.params.votingEnd + 1n);
    for (let i = 0; i < voters; i++) {
      for (let j = voters; j < count; j++) {
        const s = recoveryShare(e.domain, people[i].id, keys[i], people[j].id, keys[j].key);
        const tx = selfTally.postRecoveryShare(e.electionId, people[i].id, people[j].id, s.share, s.c, s.r);
        if (i === 1 && j === voters && labels.share) ops[labels.share] = await gasOf(tx);
        else await (await tx).wait();
      }
    }
    const [product] = await selfTally.runningProduct(e.electionId);
    const found = searchTally([product[0], product[1]], voters, count, optionCount);
    if (found === undefined) throw new Error("self-tally bench: tally not found");
    const tx = selfTally.tally(e.electionId, found.t);
    if (labels.tally) ops[labels.tally] = await gasOf(tx);
    else await (await tx).wait();
  };

  await election("voting.selftally_create", 2);
  await run(10, 2, {
    register: "voting.selftally_register",
    vote: "voting.selftally_vote",
    tally: "voting.selftally_tally_10",
  });
  await run(10, 4, { vote: "voting.selftally_vote_4_options", share: "voting.selftally_recovery_share", absent: 2 });
  await run(100, 2, { tally: "voting.selftally_tally_100" });
  await run(PRIOR_VOTERS + 2, 2, { vote: "voting.selftally_vote_after_1000", voteAt: PRIOR_VOTERS });
  return ops;
};

/** Issue 12's budgets. */
export const selfTallyBudgets: Budget[] = [
  { operation: "voting.selftally_register", atMost: 2, of: "ref.governor.cast_vote_first" },
  { operation: "voting.selftally_vote", atMost: 1.75, of: "ref.governor.cast_vote_first" },
  { operation: "voting.selftally_tally_100", withinPercent: 5, of: "voting.selftally_tally_10" },
  { operation: "voting.selftally_vote_after_1000", withinPercent: 2, of: "voting.selftally_vote" },
];
