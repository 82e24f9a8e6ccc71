import { encodeBytes32String, id, Wallet, type HDNodeWallet } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { BallotMode, ElectionKind, electionParams, secretBallot, signCast, signCommit } from "../../src/voting.js";
import { gasOf, type Budget, type BenchSuite } from "./types.js";

/** Voters who cast before `voting.cast_public_after_1000` is measured. */
const PRIOR_VOTERS = 1000;
const YEAR = 365n * 86_400n;
const HOUR = 3_600n;

/**
 * The e-voting service, every figure through the proxy. Conditions (see contracts/voting/README.md, Gas):
 * - `voting.cast_public`: a voter's public ballot in an election where other voters already voted (their ballot
 *   word and the tallies are already written: the steady state every voter but the first of each 64 ids pays);
 *   `voting.cast_public_first` is the very first ballot of an election (its ballot word is created);
 *   `voting.cast_public_after_1000` is `cast_public` after 1,000 other voters.
 * - `voting.commit`: a voter's first commitment (its receipt is created) where others committed;
 *   `voting.reveal`: its reveal where others revealed; `voting.commit_and_reveal` is their sum;
 *   `voting.recommit` replaces a commitment (re-vote).
 * - `voting.commit_relayed` / `voting.cast_relayed`: the same through a relayer with the voter's EIP-712
 *   signature, for a voter whose first relayed ballot this is (its nonce slot is created).
 * - `voting.cast_public_district`: `cast_public` in an election restricted to a district (one claim check more).
 */
export const votingSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, claims, elections, accounts } = city;
  const { admin, registrar, electionOfficial, alice, bob, carol, dave, erin, mallory } = accounts;
  const ops: Record<string, bigint> = {};
  const validUntil = BigInt(await networkHelpers.time.latest()) + 10n * YEAR;
  const register = async (label: string, wallet: string) => {
    await (
      await identity
        .connect(registrar)
        .register(
          IdentityKind.Resident,
          AssuranceLevel.ONE_TIME_CODE,
          id(`subject ${label}`),
          id(`record ${label}`),
          validUntil,
          wallet,
        )
    ).wait();
    return identity.identityCount();
  };

  const ids: Record<string, bigint> = {};
  for (const [name, signer] of Object.entries({ alice, bob, carol })) ids[name] = await register(name, signer.address);
  // 1,000 residents whose public ballots are relayed, then dave and erin, whose ids share a ballot word with theirs.
  const crowd: { wallet: HDNodeWallet; id: bigint }[] = [];
  for (let i = 0; i < PRIOR_VOTERS; i++) {
    const wallet = Wallet.createRandom();
    crowd.push({ wallet, id: await register(`crowd ${i}`, wallet.address) });
  }
  for (const [name, signer] of Object.entries({ dave, erin })) ids[name] = await register(name, signer.address);
  // A district: erin's identity is a trusted issuer of "resident of district 4" claims for alice and bob.
  const district = encodeBytes32String("district-4");
  await (await claims.connect(admin).setTrustedIssuer(district, ids.erin, true)).wait();
  for (const who of ["alice", "bob"])
    await (await claims.connect(erin).issueClaim(ids[who], district, id(`claim ${who}`), validUntil)).wait();

  const official = elections.connect(electionOfficial);
  const start = BigInt(await networkHelpers.time.latest()) + HOUR;
  let electionId = 0n;
  const create = async (label: string, params: ReturnType<typeof electionParams>) => {
    ops[label] = await gasOf(official.createElection(params));
    return ++electionId;
  };
  const publicId = await create(
    "voting.create_election",
    electionParams(start, { mode: BallotMode.Public, optionCount: 4, description: "council seat" }),
  );
  const secretId = await create(
    "voting.create_referendum",
    electionParams(start, { kind: ElectionKind.Referendum, quorum: 3, description: "tram line 9" }),
  );
  const districtId = await create(
    "voting.create_district_referendum",
    electionParams(start, { kind: ElectionKind.Referendum, mode: BallotMode.Public, district, description: "park" }),
  );
  const cancelledId = await create("voting.create_election_again", electionParams(start, { description: "spare" }));
  await networkHelpers.time.increaseTo(start);

  // Public ballots: the first of the election, then the steady state, then after 1,000 voters.
  ops["voting.cast_public_first"] = await gasOf(elections.connect(alice).cast(publicId, ids.alice, 1));
  ops["voting.cast_public"] = await gasOf(elections.connect(bob).cast(publicId, ids.bob, 2));
  const deadline = start + 30n * 86_400n;
  for (const [i, voter] of crowd.entries()) {
    const { signature } = await signCast(voter.wallet, elections, publicId, voter.id, i % 4, { deadline, nonce: 0n });
    await (await elections.connect(mallory).castBySig(publicId, voter.id, i % 4, deadline, signature)).wait();
  }
  ops["voting.cast_public_after_1000"] = await gasOf(elections.connect(dave).cast(publicId, ids.dave, 3));
  const relayedCast = await signCast(erin, elections, publicId, ids.erin, 0, { deadline });
  ops["voting.cast_relayed"] = await gasOf(
    elections.connect(mallory).castBySig(publicId, ids.erin, 0, deadline, relayedCast.signature),
  );
  await (await elections.connect(alice).cast(districtId, ids.alice, 0)).wait();
  ops["voting.cast_public_district"] = await gasOf(elections.connect(bob).cast(districtId, ids.bob, 0));

  // Secret ballots: alice commits first (her receipt and the turnout start), then bob and carol are measured.
  // Fixed salts, so the calldata (and the gas) of every run is the same.
  const ballot = (who: string, choice: number) =>
    secretBallot(elections, secretId, ids[who], choice, id(`salt ${who}`));
  const ballots = {
    alice: await ballot("alice", 0),
    bob: await ballot("bob", 1),
    carol: await ballot("carol", 0),
    dave: await ballot("dave", 0),
  };
  await (await elections.connect(alice).commit(secretId, ids.alice, ballots.alice.commitment)).wait();
  ops["voting.commit"] = await gasOf(elections.connect(bob).commit(secretId, ids.bob, ballots.bob.commitment));
  const relayed = await signCommit(carol, elections, ballots.carol, { deadline });
  ops["voting.commit_relayed"] = await gasOf(
    elections
      .connect(mallory)
      .commitBySig(secretId, ids.carol, ballots.carol.commitment, relayed.previous, deadline, relayed.signature),
  );
  const coerced = await secretBallot(elections, secretId, ids.dave, 1, id("salt dave coerced"));
  await (await elections.connect(dave).commit(secretId, ids.dave, coerced.commitment)).wait();
  ops["voting.recommit"] = await gasOf(elections.connect(dave).commit(secretId, ids.dave, ballots.dave.commitment));

  await networkHelpers.time.increaseTo(start + 86_400n);
  const reveal = (b: (typeof ballots)["alice"]) =>
    elections.connect(mallory).reveal(b.electionId, b.voterId, b.choice, b.salt);
  await (await reveal(ballots.alice)).wait();
  ops["voting.reveal"] = await gasOf(reveal(ballots.bob));
  ops["voting.commit_and_reveal"] = ops["voting.commit"] + ops["voting.reveal"];
  await (await reveal(ballots.carol)).wait();

  ops["voting.cancel"] = await gasOf(elections.connect(accounts.guardian).cancel(cancelledId, id("printing error")));
  await networkHelpers.time.increaseTo(start + 2n * 86_400n);
  ops["voting.finalize_referendum"] = await gasOf(elections.finalize(secretId));
  ops["voting.finalize_election_4_options"] = await gasOf(elections.finalize(publicId));
  return ops;
};

/** Issue 11's budgets. */
export const votingBudgets: Budget[] = [
  { operation: "voting.cast_public", atMost: 0.75, of: "ref.governor.cast_vote_first" },
  { operation: "voting.commit_and_reveal", atMost: 1.5, of: "ref.governor.cast_vote_first" },
  { operation: "voting.cast_public_after_1000", withinPercent: 2, of: "voting.cast_public" },
];
